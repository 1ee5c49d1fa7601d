-- The daily notification job: which days it has run for, and the reminders it has sent, so
-- that a second run on the same day (another server, the operator's command) sends nothing twice.

create table notification_clock_run (
  run_for date primary key,
  started_at timestamptz not null default now(),
  finished_at timestamptz,
  nominals integer
);

-- One row per reminder sent: to whom, of what kind, for which day. The key is what makes the
-- job idempotent: a reminder is sent only by the transaction that inserts its row.
create table notification_reminder (
  user_id uuid not null references app_user (id),
  kind text not null check (kind in ('notification-duties', 'rmp-review')),
  sent_for date not null,
  sent_at timestamptz not null default now(),
  emailed_at timestamptz,
  primary key (user_id, kind, sent_for)
);
