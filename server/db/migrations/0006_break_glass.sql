-- Emergency (break-glass) access: a cleared user with no relationship to a record states why they
-- need it now, and may read it (never edit it, never its restricted items) until the grant expires.
-- Grants are kept after they expire: they are part of the record's access history.
create table break_glass_grant (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references app_user (id),
  nominal_id uuid not null references nominal (id),
  justification text not null check (length(justification) >= 20),
  granted_at timestamptz not null,
  expires_at timestamptz not null,
  check (expires_at > granted_at)
);
create index break_glass_grant_user_idx on break_glass_grant (user_id, nominal_id, expires_at);
create index break_glass_grant_nominal_idx on break_glass_grant (nominal_id);

-- Who added a partner unit, exclusion or restriction, and when: shown on the record's access page.
alter table nominal_exclusion add column created_at timestamptz not null default now();
alter table nominal_exclusion add column created_by uuid references app_user (id);
alter table nominal_restriction add column created_at timestamptz not null default now();
alter table nominal_restriction add column created_by uuid references app_user (id);
