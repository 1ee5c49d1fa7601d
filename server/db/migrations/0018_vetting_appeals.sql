-- Vetting appeals (against a refusal, or against a withdrawal of clearance), their evidence
-- files, and the risk-accepted override ("vetting plus") with the adverse outcomes recorded
-- against it later. The senior authoriser of an override is a manager with no prior involvement
-- in the case (ADR 0022): no new role, so user_role is unchanged.

-- One row per appeal window: opened when the decision is made (a refusal's lazily from the
-- application's decided_at; a withdrawal's by openAppealWindow), lodged, heard, decided.
create table vetting_appeal (
  id uuid primary key default gen_random_uuid(),
  application_id uuid not null references vetting_application (id),
  subject text not null check (subject in ('refusal', 'withdrawal')),
  state text not null check (state in ('open', 'lodged', 'allowed', 'dismissed')),
  -- The decision appealed against, and when the window to appeal closes.
  decision_at timestamptz not null,
  due_at timestamptz not null,
  -- An extension granted by a vetting officer: the last day (UK) an appeal may be lodged, and why.
  extended_to date,
  extension_reason text not null default '' check (length(extension_reason) <= 2000),
  extended_by uuid references app_user (id),
  extended_at timestamptz,
  grounds text not null default '' check (length(grounds) <= 10000),
  representative_name text not null default '' check (length(representative_name) <= 200),
  representative_organisation text not null default '' check (length(representative_organisation) <= 200),
  lodged_at timestamptz,
  hearer_user_id uuid references app_user (id),
  hearer_assigned_by uuid references app_user (id),
  hearer_assigned_at timestamptz,
  -- The hearing record: when, who attended, whether the representative was there, notes.
  heard_on date,
  attendees text not null default '' check (length(attendees) <= 2000),
  representative_present boolean,
  hearing_notes text not null default '' check (length(hearing_notes) <= 10000),
  hearing_recorded_at timestamptz,
  -- The written decision with reasons, by the hearer.
  reasons text not null default '' check (length(reasons) <= 10000),
  decided_by uuid references app_user (id),
  decided_at timestamptz,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  check (state = 'open' or lodged_at is not null),
  check (state not in ('allowed', 'dismissed') or (decided_by is not null and length(reasons) > 0))
);
-- One window per decision appealed: a second refusal appeal on the same application is the same appeal.
create unique index vetting_appeal_window_idx on vetting_appeal (application_id, subject, decision_at);
create index vetting_appeal_hearer_idx on vetting_appeal (hearer_user_id);

create table vetting_appeal_file (
  id uuid primary key default gen_random_uuid(),
  appeal_id uuid not null references vetting_appeal (id),
  -- Checked from the file's first bytes, never from its name (see register.files.ts).
  content_type text not null check (content_type in ('application/pdf', 'image/jpeg', 'image/png', 'image/webp')),
  content bytea not null,
  byte_size integer not null,
  sha256 text not null,
  uploaded_by uuid not null references app_user (id),
  uploaded_at timestamptz not null
);
create index vetting_appeal_file_appeal_idx on vetting_appeal_file (appeal_id);

-- A risk-accepted override: a separate decision after a refusal or a dismissed appeal.
create table vetting_override (
  id uuid primary key default gen_random_uuid(),
  application_id uuid not null unique references vetting_application (id),
  authoriser_user_id uuid not null references app_user (id),
  risk_assessment text not null check (length(risk_assessment) between 1 and 10000),
  conditions text not null check (length(conditions) between 1 and 5000),
  -- The clearance ends (or is reviewed) no later than this day.
  review_on date not null,
  clearance_expires_at timestamptz not null,
  decided_at timestamptz not null
);

-- Later adverse outcomes (misconduct, crime...) against an override: overrides need scrutiny.
create table vetting_override_outcome (
  id bigint generated always as identity primary key,
  override_id uuid not null references vetting_override (id),
  kind text not null check (kind in ('misconduct', 'crime', 'vetting-breach', 'other')),
  occurred_on date not null,
  description text not null check (length(description) between 1 and 5000),
  recorded_by uuid not null references app_user (id),
  recorded_at timestamptz not null
);
create index vetting_override_outcome_idx on vetting_override_outcome (override_id);
