-- Who the record is about: names (primary, aliases, previous names), date of birth,
-- gender and identifiers, with the indexes that "find nominal" and the duplicate check use.
alter table nominal add column family_name text not null default '';
alter table nominal add column given_names text not null default '';
alter table nominal add column date_of_birth date;
alter table nominal add column gender text check (gender in ('female', 'male', 'other', 'not-known'));
alter table nominal alter column family_name drop default;
alter table nominal alter column given_names drop default;

-- unaccent() is only stable (it reads a dictionary); this fixed-dictionary wrapper is
-- immutable in practice and may be used in an index.
create function vigil_fold(text) returns text language sql immutable strict parallel safe
  as $$ select lower(public.unaccent('public.unaccent'::regdictionary, $1)) $$;

create table nominal_name (
  id uuid primary key default gen_random_uuid(),
  nominal_id uuid not null references nominal (id),
  name_type text not null check (name_type in ('primary', 'alias', 'previous')),
  family_name text not null check (length(family_name) between 1 and 100),
  given_names text not null check (length(given_names) between 1 and 200),
  created_at timestamptz not null default now()
);
create index nominal_name_nominal_idx on nominal_name (nominal_id);
create index nominal_name_trgm_idx on nominal_name using gin (vigil_fold(given_names || ' ' || family_name) gin_trgm_ops);

create table nominal_identifier (
  nominal_id uuid not null references nominal (id),
  kind text not null check (kind in ('pnc', 'cro', 'crn', 'prison-number', 'ni-number')),
  value text not null,
  created_at timestamptz not null default now(),
  primary key (kind, value)
);
create index nominal_identifier_nominal_idx on nominal_identifier (nominal_id);

-- References are unique across the register; the agency's code is their prefix.
create sequence nominal_reference_seq;
