-- Vetting: private links for relatives and co-residents, and equality monitoring.

-- A link the applicant passes to a relative or co-resident, who enters their own details
-- without an account. Only the SHA-256 of the token is kept: the token itself is shown once.
create table vetting_relative_link (
  id uuid primary key default gen_random_uuid(),
  application_id uuid not null references vetting_application (id),
  -- As the applicant names it: "my father", "co-resident".
  relationship text not null check (length(relationship) between 2 and 80),
  token_hash text not null unique check (token_hash ~ '^[0-9a-f]{64}$'),
  created_by uuid not null references app_user (id),
  created_at timestamptz not null,
  expires_at timestamptz not null check (expires_at > created_at),
  -- Single use: set when the relative submits; the link is dead from then on.
  used_at timestamptz
);
create index vetting_relative_link_app_idx on vetting_relative_link (application_id);

-- What the relative entered. Apart from the link, so that the applicant's pages (which read
-- links) have no column to leak, and erasure can remove the details and keep that a link was used.
create table vetting_relative_details (
  link_id uuid primary key references vetting_relative_link (id) on delete cascade,
  application_id uuid not null references vetting_application (id),
  details jsonb not null check (jsonb_typeof(details) = 'object'),
  submitted_at timestamptz not null
);
create index vetting_relative_details_app_idx on vetting_relative_details (application_id);

-- Wrong, expired or used links tried from one address: counted as sign-in failures are,
-- so nobody can try tokens at speed.
create table vetting_relative_link_throttle (
  address text primary key,
  failures integer not null default 0,
  window_started_at timestamptz not null,
  locked_until timestamptz
);

-- Equality monitoring (DPA 2018 Sch 1 para 8). Kept apart from the vetting file on purpose:
-- no vetting query joins these tables; the only read is the equality lead's aggregate.
create table equality_response (
  application_id uuid primary key references vetting_application (id) on delete cascade,
  ethnicity text not null,
  sex text not null,
  gender_same_as_birth text not null,
  age_band text not null,
  disability text not null,
  religion text not null,
  -- "Any other religion" as the person wrote it. Never shown anywhere, only counted under its group.
  religion_other text not null default '' check (length(religion_other) <= 100),
  sexual_orientation text not null,
  recorded_at timestamptz not null,
  updated_at timestamptz not null
);

-- "I object to my answers being used for monitoring": the person (not one application) is
-- removed from all monitoring; their answers are deleted when this row is written.
create table equality_objection (
  user_id uuid primary key references app_user (id),
  objected_at timestamptz not null
);
