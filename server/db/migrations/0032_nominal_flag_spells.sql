-- Wanted and missing spells (ADR 0017). The record shows only the current spell
-- (nominal.wanted_since, missing_since); the MAPPA annual figures must count who was wanted or
-- missing on a past date, so every spell is kept, including ended ones. A trigger keeps them,
-- so every writer (forms, API, seeding, imports) is covered the same way.
create table nominal_flag_spell (
  nominal_id uuid not null references nominal (id),
  flag text not null check (flag in ('wanted', 'missing')),
  began_on date not null,
  -- The UK day the flag was cleared: the register is not told when the person was found.
  ended_on date,
  check (ended_on is null or ended_on >= began_on)
);
create unique index nominal_flag_spell_open_idx on nominal_flag_spell (nominal_id, flag) where ended_on is null;
create index nominal_flag_spell_began_idx on nominal_flag_spell (flag, began_on);

create function nominal_flag_spell_keep(nominal uuid, which text, was date, since date) returns void language plpgsql as $$
begin
  if was is not distinct from since then
    return;
  elsif since is null then
    update nominal_flag_spell set ended_on = greatest((now() at time zone 'Europe/London')::date, began_on)
      where nominal_id = nominal and flag = which and ended_on is null;
  else
    -- A new spell, or a corrected start date of the open one.
    insert into nominal_flag_spell (nominal_id, flag, began_on) values (nominal, which, since)
      on conflict (nominal_id, flag) where ended_on is null do update set began_on = excluded.began_on;
  end if;
end;
$$;

create function nominal_flag_spells() returns trigger language plpgsql as $$
begin
  perform nominal_flag_spell_keep(new.id, 'wanted', case when tg_op = 'UPDATE' then old.wanted_since end, new.wanted_since);
  perform nominal_flag_spell_keep(new.id, 'missing', case when tg_op = 'UPDATE' then old.missing_since end, new.missing_since);
  return null;
end;
$$;

create trigger nominal_flag_spells_insert after insert on nominal
  for each row when (new.wanted_since is not null or new.missing_since is not null) execute function nominal_flag_spells();
create trigger nominal_flag_spells_update after update of wanted_since, missing_since on nominal
  for each row execute function nominal_flag_spells();

insert into nominal_flag_spell (nominal_id, flag, began_on)
  select id, 'wanted', wanted_since from nominal where wanted_since is not null
  union all
  select id, 'missing', missing_since from nominal where missing_since is not null;
