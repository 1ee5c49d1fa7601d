-- Vetting: the applicant's answers, one row per section of the form. Each section is saved whole,
-- as typed (valid or not), so the form never loses an answer; only submission needs every section
-- complete and valid. Each row has its own version, so two windows cannot overwrite each other.
create table vetting_answer (
  application_id uuid not null references vetting_application (id),
  section text not null check (section ~ '^[a-z][a-z-]{1,40}$'),
  answers jsonb not null check (jsonb_typeof(answers) = 'object'),
  -- The form version the answers were given against (the application's own, kept for renewals).
  form_version text not null,
  version integer not null default 1,
  updated_at timestamptz not null default now(),
  updated_by uuid references app_user (id),
  primary key (application_id, section)
);
