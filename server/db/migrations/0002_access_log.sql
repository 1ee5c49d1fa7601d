-- The statutory access log (Data Protection Act 2018 s.62) as a Merkle tree log.
-- Requests append entries (and a queue row) in their own transaction; the sequencer
-- gives queued entries leaf indexes in one gap-free order; checkpoints sign the tree.

create table audit_entry (
  id bigint generated always as identity primary key,
  recorded_at timestamptz not null,
  kind text not null check (kind in ('collection', 'alteration', 'consultation', 'disclosure', 'combination',
                                     'erasure', 'authentication', 'administration')),
  action text not null,
  actor_user_id uuid,
  actor_unit_id uuid,
  actor_agency_id uuid,
  subject_type text,
  subject_id text,
  subject_agency_id uuid,
  purpose_code text,
  purpose_text text,
  recipient text,
  decision text not null check (decision in ('allowed', 'denied')),
  policy_ids text[] not null default '{}',
  break_glass boolean not null default false,
  correlation_id text not null,
  changes jsonb,
  check (purpose_code is distinct from 'other' or coalesce(length(purpose_text), 0) > 0),
  check (kind <> 'disclosure' or recipient is not null)
);
create index audit_entry_actor_idx on audit_entry (actor_user_id, recorded_at);
create index audit_entry_subject_idx on audit_entry (subject_type, subject_id, recorded_at);
create index audit_entry_time_idx on audit_entry (recorded_at);

-- Entries waiting for the sequencer. A queue, not part of the log: rows leave it when sequenced.
create table audit_pending (
  entry_id bigint primary key references audit_entry (id)
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
