-- The register's access model: clearance, nominal records with their owning unit and
-- managing officer, partner relationships, exclusions, restrictions and break-glass.
-- Attachments come in later migrations.

-- Clearance as the register's policy reads it. Until vetting feeds it, administrators record it.
create table clearance (
  user_id uuid primary key references app_user (id),
  level text not null check (level in ('NPPV1', 'NPPV2', 'NPPV3')),
  granted_at timestamptz not null,
  expires_at timestamptz not null,
  withdrawn_at timestamptz,
  recorded_by uuid references app_user (id),
  source text not null default 'administrator' check (source in ('administrator', 'vetting')),
  check (expires_at > granted_at)
);

create table nominal (
  id uuid primary key default gen_random_uuid(),
  reference text not null unique,
  nominal_type text not null check (nominal_type in ('rso', 'violent-other-sexual', 'other-dangerous', 'terrorist', 'pdp')),
  status text not null default 'active' check (status in ('active', 'archived', 'deceased')),
  owning_unit_id uuid not null references unit (id),
  managing_officer_id uuid not null references app_user (id),
  wanted_since date,
  missing_since date,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  version integer not null default 1
);
create index nominal_owning_unit_idx on nominal (owning_unit_id);
create index nominal_manager_idx on nominal (managing_officer_id);

create table nominal_relationship (
  nominal_id uuid not null references nominal (id),
  unit_id uuid not null references unit (id),
  role text not null check (role in ('partner', 'restricted-partner', 'supervisor', 'view-only')),
  created_at timestamptz not null default now(),
  primary key (nominal_id, unit_id)
);
create index nominal_relationship_unit_idx on nominal_relationship (unit_id);

-- A named user who must not see the record, whatever else is true.
create table nominal_exclusion (
  nominal_id uuid not null references nominal (id),
  user_id uuid not null references app_user (id),
  message text not null,
  primary key (nominal_id, user_id)
);
create index nominal_exclusion_user_idx on nominal_exclusion (user_id);

-- When a record has any restriction rows, only the users named in them may see it.
create table nominal_restriction (
  nominal_id uuid not null references nominal (id),
  user_id uuid not null references app_user (id),
  message text not null,
  primary key (nominal_id, user_id)
);
create index nominal_restriction_user_idx on nominal_restriction (user_id);
