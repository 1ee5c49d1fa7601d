-- The statutory access log (Data Protection Act 2018 s.62) as a Merkle tree log.
-- Requests append entries (and a queue row) in their own transaction; the sequencer
-- gives queued entries leaf indexes in one gap-free order; checkpoints sign the tree.

-- The canonical encoding (docs/audit.md) is the entry: it is what the tree hashes, and
-- every other column is generated from it, so the two can never disagree.
create function audit_ts(text) returns timestamptz language sql immutable strict
  -- Immutable because the text always carries its offset (ISO 8601 with Z).
  as $$ select $1::timestamptz $$;
create function audit_text_array(jsonb) returns text[] language sql immutable strict
  as $$ select coalesce(array(select jsonb_array_elements_text($1)), '{}') $$;

create table audit_entry (
  id bigint generated always as identity primary key,
  canonical text not null check (canonical like '["vigil-access-log-entry/v1",%'),
  recorded_at timestamptz not null generated always as (audit_ts(canonical::jsonb ->> 1)) stored,
  kind text not null generated always as (canonical::jsonb ->> 2) stored
    check (kind in ('collection', 'alteration', 'consultation', 'disclosure', 'combination',
                    'erasure', 'authentication', 'administration')),
  action text not null generated always as (canonical::jsonb ->> 3) stored,
  actor_user_id uuid generated always as ((canonical::jsonb ->> 4)::uuid) stored,
  actor_unit_id uuid generated always as ((canonical::jsonb ->> 5)::uuid) stored,
  actor_agency_id uuid generated always as ((canonical::jsonb ->> 6)::uuid) stored,
  subject_type text generated always as (canonical::jsonb ->> 7) stored,
  subject_id text generated always as (canonical::jsonb ->> 8) stored,
  subject_agency_id uuid generated always as ((canonical::jsonb ->> 9)::uuid) stored,
  purpose_code text generated always as (canonical::jsonb ->> 10) stored,
  purpose_text text generated always as (canonical::jsonb ->> 11) stored,
  recipient text generated always as (canonical::jsonb ->> 12) stored,
  decision text not null generated always as (canonical::jsonb ->> 13) stored check (decision in ('allowed', 'denied')),
  policy_ids text[] not null generated always as (audit_text_array(canonical::jsonb -> 14)) stored,
  break_glass boolean not null generated always as ((canonical::jsonb ->> 15)::boolean) stored,
  correlation_id text not null generated always as (canonical::jsonb ->> 16) stored,
  changes jsonb generated always as (nullif(canonical::jsonb -> 17, 'null'::jsonb)) stored,
  check (purpose_code is distinct from 'other' or coalesce(length(purpose_text), 0) > 0),
  check (kind <> 'disclosure' or recipient is not null)
);
create index audit_entry_actor_idx on audit_entry (actor_user_id, recorded_at);
create index audit_entry_subject_idx on audit_entry (subject_type, subject_id, recorded_at);
create index audit_entry_time_idx on audit_entry (recorded_at);

-- Entries waiting for the sequencer. A queue, not part of the log: rows leave it when sequenced.
-- No foreign key: it is written in the same statement as its entry, and a key check on
-- every logged read is a cost with no benefit.
create table audit_pending (
  entry_id bigint primary key
);

create table audit_leaf (
  leaf_index bigint primary key check (leaf_index >= 0),
  entry_id bigint not null unique references audit_entry (id),
  leaf_hash bytea not null check (length(leaf_hash) = 32),
  sequenced_at timestamptz not null default now()
);

create table audit_checkpoint (
  tree_size bigint primary key check (tree_size >= 0),
  root_hash bytea not null check (length(root_hash) = 32),
  note text not null,
  signed_at timestamptz not null default now()
);

-- The log only grows: the application may insert, never change or remove.
create function audit_refuse_change() returns trigger language plpgsql as $$
begin
  raise exception 'the access log is append-only: % on % is not allowed', tg_op, tg_table_name
    using errcode = 'insufficient_privilege';
end;
$$;

create trigger audit_entry_append_only before update or delete on audit_entry
  for each row execute function audit_refuse_change();
create trigger audit_entry_no_truncate before truncate on audit_entry
  for each statement execute function audit_refuse_change();
create trigger audit_leaf_append_only before update or delete on audit_leaf
  for each row execute function audit_refuse_change();
create trigger audit_leaf_no_truncate before truncate on audit_leaf
  for each statement execute function audit_refuse_change();
create trigger audit_checkpoint_append_only before update or delete on audit_checkpoint
  for each row execute function audit_refuse_change();
create trigger audit_checkpoint_no_truncate before truncate on audit_checkpoint
  for each statement execute function audit_refuse_change();

-- API clients (machines: witnesses, other agencies' systems) sign in with bearer tokens.
create table api_client (
  id uuid primary key default gen_random_uuid(),
  name text not null unique,
  token_hash text not null unique,
  scopes text[] not null,
  expires_at timestamptz not null,
  created_at timestamptz not null default now(),
  revoked_at timestamptz
);
