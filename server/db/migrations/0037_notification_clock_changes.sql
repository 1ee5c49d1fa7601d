-- When the daily job finds that a record's notification period or review date is no longer what
-- was stored (the clock's reading of the Act changed, or facts reached the table another way), it
-- says so here, with the reason, for the record's managing officer and unit (ADR 0016). Changes
-- made by recording a fact on the record are not listed: the officer made them.
create table notification_clock_change (
  id uuid primary key default gen_random_uuid(),
  nominal_id uuid not null references nominal (id),
  -- The day the job computed for.
  changed_for date not null,
  field text not null check (field in ('period', 'review')),
  -- period: 'indefinite', the last day (ISO date) or 'none'; review: the date from which a review
  -- may be applied for, or 'none'.
  old_value text not null check (length(old_value) <= 20),
  new_value text not null check (length(new_value) <= 20),
  -- Why, as a code the pages put into words (notification.presenter.ts).
  reason text not null check (length(reason) <= 40),
  created_at timestamptz not null default now(),
  unique (nominal_id, changed_for, field)
);
-- The work lists read the last 30 days of changes, then scope them to the reader.
create index notification_clock_change_recent_idx on notification_clock_change (changed_for) include (nominal_id);

-- Each managing officer with records whose dates changed is told once that day, with a link to
-- the list (counts only, as the other reminders).
alter table notification_reminder drop constraint notification_reminder_kind_check;
alter table notification_reminder add constraint notification_reminder_kind_check
  check (kind in ('notification-duties', 'rmp-review', 'notification-dates-changed'));
