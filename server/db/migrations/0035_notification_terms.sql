-- The s.82 table read in full (ADR 0014): how a custodial term was given (months, or weeks and
-- days), the day it was imposed, whether the offence is listed in Schedule 3, and how a term runs
-- with another (s.82(3)-(4): consecutive and partly concurrent terms are added together). An
-- absolute discharge can be recorded, and makes no one subject (s.134). And the facts the clock
-- had to read without, kept with each subject's status for the work lists.

alter table notification_disposal drop constraint notification_disposal_kind_check;
alter table notification_disposal add constraint notification_disposal_kind_check
  check (kind in ('imprisonment', 'life', 'ipp', 'hospital-restricted', 'hospital', 'caution', 'conditional-discharge', 'absolute-discharge', 'other'));

alter table notification_disposal
  -- A term given in weeks or days, in days (a week is 7); sentence_unit says which, for display.
  add column sentence_days integer check (sentence_days between 1 and 36500),
  add column sentence_unit text check (sentence_unit in ('weeks', 'days')),
  -- The day the term was imposed, when not the relevant date: terms of one occasion may be added.
  add column sentenced_on date,
  -- Null: not answered (taken as listed); false: recorded only to say how another term runs.
  add column schedule3 boolean,
  add column runs text check (runs in ('concurrent', 'consecutive', 'partly-concurrent')),
  add column runs_with uuid references notification_disposal (id),
  add column overlap_length integer check (overlap_length between 1 and 36500),
  add column overlap_unit text check (overlap_unit in ('months', 'weeks', 'days')),
  add constraint notification_disposal_one_term check (sentence_months is null or sentence_days is null),
  add constraint notification_disposal_days_unit check ((sentence_days is null) = (sentence_unit is null)),
  add constraint notification_disposal_runs_with check ((runs is null) = (runs_with is null)),
  add constraint notification_disposal_overlap check ((overlap_length is null) = (overlap_unit is null));

-- The codes of the clock's warnings (facts to complete), comma-separated and sorted; null when none.
alter table notification_status add column warnings text;
create index notification_status_warnings_idx on notification_status (nominal_id) where warnings is not null;
