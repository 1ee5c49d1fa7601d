-- Vetting: the application at the centre of the lifecycle, and every move between its states.
-- The form's answers, relatives' links, checks, decisions, appeals, overrides, aftercare and
-- equality monitoring each have their own tables in later migrations, keyed on the application.

alter table clearance add column application_id uuid;
alter table clearance add column conditions text not null default '';

create table vetting_application (
  id uuid primary key default gen_random_uuid(),
  reference text not null unique,
  applicant_user_id uuid not null references app_user (id),
  sponsor_user_id uuid not null references app_user (id),
  level text not null check (level in ('NPPV2', 'NPPV3')),
  -- Why the role needs register access: only staff with a stated need are vetted.
  need text not null check (length(need) between 10 and 2000),
  state text not null check (state in ('sponsored', 'in-progress', 'submitted', 'returned', 'checks', 'refusal-proposed', 'granted',
    'granted-with-conditions', 'refused', 'discontinued', 'withdrawn', 'appealed', 'appeal-allowed', 'appeal-dismissed')),
  form_version text not null,
  -- A renewal starts from the previous application's answers (pre-filled for the applicant to confirm).
  renewal_of uuid references vetting_application (id),
  -- The vetting officer who took the case.
  case_officer_id uuid references app_user (id),
  invited_at timestamptz not null default now(),
  -- The form must be submitted by then (the national service gives 20 days).
  form_due_at timestamptz not null,
  submitted_at timestamptz,
  returned_at timestamptz,
  -- What the applicant was asked for when the application was returned (once).
  return_items jsonb check (return_items is null or jsonb_typeof(return_items) = 'array'),
  decided_at timestamptz,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  updated_by uuid references app_user (id)
);
create index vetting_application_applicant_idx on vetting_application (applicant_user_id);
create index vetting_application_state_idx on vetting_application (state);
create sequence vetting_reference_seq;

-- Every move between states: who, when, and the reason given. The case history and the
-- applicant's "what happened to my application" both read it.
create table vetting_application_event (
  id bigint generated always as identity primary key,
  application_id uuid not null references vetting_application (id),
  event text not null,
  from_state text not null,
  to_state text not null,
  actor_user_id uuid references app_user (id),
  reason text not null default '' check (length(reason) <= 5000),
  at timestamptz not null default now()
);
create index vetting_application_event_app_idx on vetting_application_event (application_id, id);
