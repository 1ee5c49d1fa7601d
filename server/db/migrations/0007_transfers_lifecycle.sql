-- A record's life beyond its content: transfers between units, archiving and restoring, and
-- merging two records that are the same person. Every step keeps what came before.

-- 'merged': the record was found to be the same person as another and its content moved there.
alter table nominal drop constraint nominal_status_check;
alter table nominal add constraint nominal_status_check check (status in ('active', 'archived', 'deceased', 'merged'));
alter table nominal add column merged_into_id uuid references nominal (id);
alter table nominal add column date_of_death date;
-- Who made the latest change, so a stale form can say who changed the record and when.
alter table nominal add column updated_by uuid references app_user (id);
alter table nominal add constraint nominal_merged_into_check check ((status = 'merged') = (merged_into_id is not null) and merged_into_id is distinct from id);

-- Every change of status with its reason: archived, restored, died, merged.
create table nominal_status_change (
  id uuid primary key default gen_random_uuid(),
  nominal_id uuid not null references nominal (id),
  from_status text not null,
  to_status text not null,
  reason_code text not null check (reason_code in ('notification-ended', 'mappa-ended', 'died', 'restored', 'merged', 'survived-merge')),
  reason_text text not null default '',
  other_nominal_id uuid references nominal (id),
  changed_by uuid references app_user (id),
  changed_at timestamptz not null
);
create index nominal_status_change_nominal_idx on nominal_status_change (nominal_id, changed_at);

-- A transfer of a record from its owning unit to another: requested by the sending unit,
-- accepted (with a new managing officer) or rejected by a manager of the receiving unit.
create table nominal_transfer (
  id uuid primary key default gen_random_uuid(),
  nominal_id uuid not null references nominal (id),
  from_unit_id uuid not null references unit (id),
  to_unit_id uuid not null references unit (id),
  reason text not null check (length(reason) between 1 and 2000),
  requested_by uuid not null references app_user (id),
  requested_at timestamptz not null,
  status text not null default 'pending' check (status in ('pending', 'accepted', 'rejected')),
  decided_by uuid references app_user (id),
  decided_at timestamptz,
  decision_reason text,
  new_manager_id uuid references app_user (id),
  -- True when the request gave the receiving unit a view-only relationship it did not have,
  -- which a rejection takes away again.
  granted_view_only boolean not null default false,
  escalated_at timestamptz,
  version integer not null default 1,
  check (from_unit_id <> to_unit_id),
  check ((status = 'pending') = (decided_at is null))
);
-- One pending transfer per record.
create unique index nominal_transfer_pending_idx on nominal_transfer (nominal_id) where status = 'pending';
create index nominal_transfer_to_idx on nominal_transfer (to_unit_id, requested_at desc);
create index nominal_transfer_from_idx on nominal_transfer (from_unit_id, requested_at desc);
create index nominal_transfer_escalation_idx on nominal_transfer (requested_at) where status = 'pending' and escalated_at is null;
