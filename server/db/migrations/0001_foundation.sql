-- Foundation: extensions, agencies and units, users and roles, sign-in state,
-- sessions and the transactional outbox.
create extension if not exists pg_trgm;
create extension if not exists fuzzystrmatch;
create extension if not exists pgcrypto;
create extension if not exists citext;
create extension if not exists unaccent;

create table agency (
  id uuid primary key default gen_random_uuid(),
  code text not null unique,
  name text not null,
  kind text not null check (kind in ('police-force', 'probation-region', 'prison', 'vetting-authority', 'other')),
  created_at timestamptz not null default now()
);

create table unit (
  id uuid primary key default gen_random_uuid(),
  agency_id uuid not null references agency (id),
  code text not null,
  name text not null,
  created_at timestamptz not null default now(),
  unique (agency_id, code)
);

create table app_user (
  id uuid primary key default gen_random_uuid(),
  username citext not null unique check (username ~ '^[a-z0-9][a-z0-9._-]{2,63}$'),
  display_name text not null check (length(display_name) between 1 and 200),
  email citext not null unique,
  unit_id uuid not null references unit (id),
  status text not null default 'active' check (status in ('active', 'disabled')),
  password_hash text not null,
  password_change_required boolean not null default true,
  password_changed_at timestamptz,
  mfa_secret_enc text,
  mfa_enrolled_at timestamptz,
  mfa_last_step bigint,
  is_demo boolean not null default false,
  disabled_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  version integer not null default 1
);
create index app_user_unit_idx on app_user (unit_id);

create table user_role (
  user_id uuid not null references app_user (id) on delete cascade,
  role text not null check (role in ('practitioner', 'manager', 'vetting-officer', 'appeal-panel-member',
                                     'equality-lead', 'data-protection-officer', 'administrator')),
  granted_at timestamptz not null default now(),
  granted_by uuid references app_user (id),
  primary key (user_id, role)
);

create table recovery_code (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references app_user (id) on delete cascade,
  code_hash text not null,
  used_at timestamptz,
  created_at timestamptz not null default now()
);
create index recovery_code_user_idx on recovery_code (user_id);

-- Failed sign-ins, counted per account name (whether or not it exists) and per
-- client address, so that the lock-out itself never reveals which accounts exist.
create table sign_in_throttle (
  scope text not null check (scope in ('account', 'address')),
  key text not null,
  failures integer not null default 0,
  window_started_at timestamptz not null,
  locked_until timestamptz,
  primary key (scope, key)
);

-- The shape connect-pg-simple expects.
create table user_session (
  sid varchar not null primary key,
  sess json not null,
  expire timestamp(6) not null
);
create index user_session_expire_idx on user_session (expire);

-- Events written in the same transaction as the change they describe, for
-- delivery to other agencies' systems and to the access log.
create table outbox_event (
  id bigint generated always as identity primary key,
  occurred_at timestamptz not null default now(),
  type text not null,
  actor_user_id uuid,
  subject_type text,
  subject_id text,
  correlation_id text not null,
  payload jsonb not null default '{}'::jsonb,
  delivered_at timestamptz
);
create index outbox_event_undelivered_idx on outbox_event (id) where delivered_at is null;
create index outbox_event_actor_idx on outbox_event (actor_user_id, occurred_at);
create index outbox_event_subject_idx on outbox_event (subject_type, subject_id, occurred_at);
