-- Entries of format v2: v1 plus, as field 18, the digest of the register record the entry
-- changed, taken in the change's own transaction (docs/audit.md). `vigil audit verify`
-- recomputes every record's digest and compares it with its last logged change, so a row
-- edited in SQL behind the log's back is found.

-- Rows written before this migration all passed the v1-only check, so there is nothing to
-- validate: NOT VALID spares a scan of the whole log at start-up.
alter table audit_entry drop constraint audit_entry_canonical_check;
alter table audit_entry add constraint audit_entry_canonical_check
  check (canonical like '["vigil-access-log-entry/v1",%' or canonical like '["vigil-access-log-entry/v2",%') not valid;

-- A subject id that is not a UUID names no record (rather than failing the operation).
create function audit_record_uuid(text) returns uuid language sql immutable strict
  as $$ select case when $1 ~ '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$' then $1::uuid end $$;

-- The record's canonical text: its nominal row, names, identifiers and current items, as
-- jsonb (keys in jsonb's fixed order, no choice of spacing), nulls left out so that a new
-- nullable column does not change every digest. The settings fix every value's text
-- whatever the session's. A record that does not exist has the text 'null'.
create function audit_record_digest(record_id text) returns text language sql stable
  set timezone to 'UTC' set datestyle to 'ISO, YMD' set intervalstyle to 'postgres' set extra_float_digits to 1
  as $$
    select encode(sha256(convert_to(coalesce((
      select jsonb_build_object(
        'nominal', jsonb_strip_nulls(to_jsonb(n)),
        'names', coalesce((select jsonb_agg(jsonb_strip_nulls(to_jsonb(x)) order by x.id) from nominal_name x where x.nominal_id = n.id), '[]'::jsonb),
        'identifiers', coalesce((select jsonb_agg(jsonb_strip_nulls(to_jsonb(x)) order by x.kind, x.value) from nominal_identifier x where x.nominal_id = n.id), '[]'::jsonb),
        'items', coalesce((select jsonb_agg(jsonb_strip_nulls(to_jsonb(x)) order by x.id) from nominal_item x where x.nominal_id = n.id and x.removed_at is null), '[]'::jsonb)
      )::text
      from nominal n where n.id = audit_record_uuid(record_id)), 'null'), 'UTF8')), 'hex')
  $$;

-- What the entry of a change calls. The lock makes changes to one record log their digests
-- one after the other: a change that logs while another is uncommitted waits for it, then
-- (a volatile function takes a fresh snapshot for each statement) sees it. Without it, the
-- later entry could miss the other's change and verify would report a change nobody hid.
-- FOR NO KEY UPDATE does not conflict with the key-share locks that inserting items takes.
create function audit_change_digest(record_id text) returns text language plpgsql volatile
  as $$
  begin
    perform 1 from nominal where id = audit_record_uuid(record_id) for no key update;
    return audit_record_digest(record_id);
  end
  $$;

-- Before this migration the sequencer signed after sequencing, so a gap between two
-- checkpoints could legitimately span a restart. Verify holds only the leaves sequenced
-- from here on to "no gap wider than the sequencer allows" (docs/audit.md).
create table audit_gap_rule (
  from_leaf bigint not null check (from_leaf >= 0)
);
insert into audit_gap_rule (from_leaf) select coalesce(max(leaf_index) + 1, 0) from audit_leaf;
create trigger audit_gap_rule_append_only before update or delete on audit_gap_rule
  for each row execute function audit_refuse_change();
create trigger audit_gap_rule_no_truncate before truncate on audit_gap_rule
  for each statement execute function audit_refuse_change();
