-- Vetting after the decision: clearance withdrawal, expiry reminders, aftercare reports, annual
-- review and random re-vetting tasks, restrictions of processing, renewal confirmations, and the
-- erasure records the retention job leaves behind (ADR 0023).

-- Withdrawal of a clearance: why and by whom (withdrawn_at is already the register's switch).
alter table clearance add column withdrawal_reason text not null default '' check (length(withdrawal_reason) <= 5000);
alter table clearance add column withdrawn_by uuid references app_user (id);

-- One expiry reminder per clearance (its holder and expiry): the job may run any number of times.
create table vetting_expiry_reminder (
  user_id uuid not null references app_user (id),
  expires_at timestamptz not null,
  sent_on date not null,
  primary key (user_id, expires_at)
);

-- A change of circumstances the holder reports, and the vetting officer's review of it.
create table vetting_aftercare_report (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references app_user (id),
  application_id uuid references vetting_application (id),
  kind text not null check (kind in ('name', 'address', 'partner-or-co-resident', 'financial', 'arrest-or-charge', 'relative-criminal', 'other')),
  occurred_on date not null,
  details text not null check (length(details) between 1 and 5000),
  reported_at timestamptz not null,
  outcome text check (outcome in ('no-action', 'review-clearance')),
  outcome_note text not null default '' check (length(outcome_note) <= 5000),
  reviewed_by uuid references app_user (id),
  reviewed_at timestamptz,
  version integer not null default 1
);
create index vetting_aftercare_report_open_idx on vetting_aftercare_report (reported_at) where outcome is null;
create index vetting_aftercare_report_user_idx on vetting_aftercare_report (user_id);

-- Annual reviews (NPPV3, each anniversary of the grant) and random re-vetting selections: one per
-- holder, kind and due day, so the job can run again without making another.
create table vetting_review_task (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references app_user (id),
  application_id uuid references vetting_application (id),
  kind text not null check (kind in ('annual-review', 'random-revet')),
  due_on date not null,
  -- For a random selection: the year and the keyed-hash value that selected it (re-derivable).
  selection_value numeric,
  created_at timestamptz not null,
  completed_by uuid references app_user (id),
  completed_at timestamptz,
  note text not null default '' check (length(note) <= 5000),
  unique (user_id, kind, due_on)
);
create index vetting_review_task_open_idx on vetting_review_task (due_on) where completed_at is null;

-- Restriction of processing (UK GDPR Article 18): while one is open the application cannot change.
create table vetting_restriction (
  id uuid primary key default gen_random_uuid(),
  application_id uuid not null references vetting_application (id),
  reason text not null check (length(reason) between 1 and 5000),
  recorded_by uuid not null references app_user (id),
  recorded_at timestamptz not null,
  lifted_by uuid references app_user (id),
  lifted_at timestamptz,
  lift_reason text not null default '' check (length(lift_reason) <= 5000)
);
create unique index vetting_restriction_open_idx on vetting_restriction (application_id) where lifted_at is null;

-- A renewal's pre-filled section the applicant has checked and confirmed as still right.
create table vetting_renewal_confirmation (
  application_id uuid not null references vetting_application (id),
  section text not null,
  confirmed_at timestamptz not null,
  primary key (application_id, section)
);

-- What the retention job erased: metadata only, never content.
alter table vetting_application add column erased_at timestamptz;
create table vetting_erasure (
  application_id uuid primary key references vetting_application (id),
  reference text not null,
  outcome text not null,
  decided_at timestamptz,
  rule text not null,
  due_on date not null,
  erased_at timestamptz not null,
  -- Counts of what was erased, by kind: { "answers": 11, "checks": 5, ... }.
  erased jsonb not null check (jsonb_typeof(erased) = 'object')
);
