-- Vetting casework: the checks recorded on each subject of an application (the applicant and each
-- listed relative or co-resident), their evidence files, and the decision record with its reasons.
-- Rows are only ever added: a check recorded again is a new row (the latest counts), so the case
-- keeps who found what, when, through which connector.

create table vetting_check_file (
  id uuid primary key default gen_random_uuid(),
  application_id uuid not null references vetting_application (id),
  -- Checked from the file's first bytes, never from its name (see register.files.ts).
  content_type text not null check (content_type in ('application/pdf', 'image/jpeg', 'image/png', 'image/webp')),
  content bytea not null,
  byte_size integer not null,
  sha256 text not null,
  uploaded_by uuid not null references app_user (id),
  uploaded_at timestamptz not null
);
create index vetting_check_file_app_idx on vetting_check_file (application_id);

create table vetting_check (
  id bigint generated always as identity primary key,
  application_id uuid not null references vetting_application (id),
  -- The subject's key from listSubjects ('applicant', or a relative's key) and its label when checked.
  subject_key text not null check (length(subject_key) between 1 and 200),
  subject_label text not null check (length(subject_label) between 1 and 300),
  kind text not null check (kind in ('pnc', 'pnd', 'local-intelligence', 'special-branch', 'credit')),
  result text not null check (result in ('no-trace', 'trace-not-adverse', 'adverse')),
  checked_on date not null,
  officer_user_id uuid not null references app_user (id),
  -- 'manual' when an officer typed the result in; otherwise the connector's name ('simulated'...).
  connector text not null check (length(connector) between 1 and 60),
  evidence text not null check (length(evidence) between 1 and 5000),
  file_id uuid references vetting_check_file (id),
  recorded_at timestamptz not null
);
create index vetting_check_app_idx on vetting_check (application_id, subject_key, kind, id);

-- One row per decision step: a grant, a grant with conditions, a discontinuance, or a proposed
-- refusal (which a second officer agrees or rejects: agreed_by / rejected_by, never the proposer).
create table vetting_decision (
  id uuid primary key default gen_random_uuid(),
  application_id uuid not null references vetting_application (id),
  outcome text not null check (outcome in ('granted', 'granted-with-conditions', 'refused', 'discontinued')),
  status text not null check (status in ('final', 'proposed', 'agreed', 'rejected')),
  criteria_version text not null,
  -- Criteria codes from the published list that were weighed.
  factors jsonb not null check (jsonb_typeof(factors) = 'array'),
  -- The two-stage test for non-conviction information, when such information was weighed.
  two_stage jsonb check (two_stage is null or jsonb_typeof(two_stage) = 'object'),
  -- Reason codes (non-disclosure, adverse-information, financial...): several allowed, kept apart.
  reason_codes jsonb not null check (jsonb_typeof(reason_codes) = 'array'),
  -- The reason codes that may be disclosed to the applicant.
  disclosable jsonb not null check (jsonb_typeof(disclosable) = 'array'),
  rationale text not null check (length(rationale) between 1 and 10000),
  conditions text not null default '' check (length(conditions) <= 5000),
  decided_by uuid not null references app_user (id),
  decided_at timestamptz not null,
  second_officer_id uuid references app_user (id),
  second_at timestamptz,
  second_reason text not null default '' check (length(second_reason) <= 5000),
  check (second_officer_id is null or second_officer_id <> decided_by)
);
create index vetting_decision_app_idx on vetting_decision (application_id, decided_at);
