-- MAPPA management: the co-ordinator role, level 2 and 3 meetings with their attendees and
-- actions. Levels and categories stay in the register's 'mappa' items (nominal_item and its
-- history): one place holds them, and the annual figures read that history.

alter table user_role drop constraint user_role_role_check;
alter table user_role add constraint user_role_role_check check (role in ('practitioner', 'manager', 'vetting-officer', 'appeal-panel-member',
  'equality-lead', 'data-protection-officer', 'administrator', 'mappa-coordinator'));

-- A level 2 or 3 meeting about one record. held_on may be ahead of today (a meeting arranged);
-- the next meeting is always after this one.
create table mappa_meeting (
  id uuid primary key default gen_random_uuid(),
  nominal_id uuid not null references nominal (id),
  level smallint not null check (level in (2, 3)),
  held_on date not null,
  minutes text not null default '' check (length(minutes) <= 20000),
  next_meeting_on date check (next_meeting_on > held_on),
  version integer not null default 1,
  created_at timestamptz not null default now(),
  created_by uuid references app_user (id),
  updated_at timestamptz not null default now(),
  updated_by uuid references app_user (id)
);
create index mappa_meeting_nominal_idx on mappa_meeting (nominal_id, held_on desc);
create index mappa_meeting_next_idx on mappa_meeting (next_meeting_on);

-- Who attended, for which agency, in what role (chair, police lead, victim liaison...).
create table mappa_meeting_attendee (
  meeting_id uuid not null references mappa_meeting (id) on delete cascade,
  position smallint not null check (position >= 0),
  name text not null check (length(name) between 1 and 160),
  agency_id uuid not null references agency (id),
  role text not null default '' check (length(role) <= 120),
  primary key (meeting_id, position)
);

-- An action agreed at a meeting: an owner by name and agency (or a user of Vigil), a due date,
-- and the date it was done.
create table mappa_action (
  id uuid primary key default gen_random_uuid(),
  meeting_id uuid not null references mappa_meeting (id) on delete cascade,
  nominal_id uuid not null references nominal (id),
  position smallint not null check (position >= 0),
  description text not null check (length(description) between 1 and 2000),
  owner_name text not null check (length(owner_name) between 1 and 160),
  owner_agency_id uuid references agency (id),
  owner_user_id uuid references app_user (id),
  due_on date not null,
  done_on date,
  unique (meeting_id, position)
);
create index mappa_action_open_idx on mappa_action (due_on) where done_on is null;
create index mappa_action_nominal_idx on mappa_action (nominal_id);

-- The annual figures read the mappa items' history as it stood on a date.
create index nominal_item_history_changed_idx on nominal_item_history (item_id, changed_at);
create index nominal_item_mappa_idx on nominal_item (nominal_id) where kind = 'mappa';
