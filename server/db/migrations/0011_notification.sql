-- The notification clock's facts (disposals, notifications, changes, spells, travel, orders,
-- review decisions), the breaches proven, applications for review of indefinite notification,
-- and the duties the clock computed from them, kept for the work lists and the daily job.

-- A disposal that makes the person subject to notification (s.80); the s.82 period keys on it.
create table notification_disposal (
  id uuid primary key default gen_random_uuid(),
  nominal_id uuid not null references nominal (id),
  kind text not null check (kind in ('imprisonment', 'life', 'ipp', 'hospital-restricted', 'hospital', 'caution', 'conditional-discharge', 'other')),
  relevant_date date not null,
  sentence_months integer check (sentence_months between 0 and 1200),
  discharge_months integer check (discharge_months between 1 and 36),
  court text not null default '' check (length(court) <= 200),
  description text not null default '' check (length(description) <= 1000),
  recorded_at timestamptz not null default now(),
  recorded_by uuid references app_user (id),
  removed_at timestamptz
);
create index notification_disposal_nominal_idx on notification_disposal (nominal_id) where removed_at is null;

-- Everything else that moves the clock, one row per fact. type and kind follow ClockEvent in
-- notification.types.ts; which date columns a row uses depends on its type (checked below).
create table notification_event (
  id uuid primary key default gen_random_uuid(),
  nominal_id uuid not null references nominal (id),
  type text not null check (type in ('notification', 'change', 'spell', 'no-fixed-address', 'travel', 'shpo', 'review-decision')),
  kind text check (length(kind) <= 40),
  on_date date,
  from_date date,
  to_date date,
  notified_at timestamptz,
  departure_at timestamptz,
  details_known_earlier boolean,
  -- Where and by whom a notification was taken (a police station, an officer's name).
  place text not null default '' check (length(place) <= 200),
  taken_by text not null default '' check (length(taken_by) <= 200),
  details text not null default '' check (length(details) <= 2000),
  recorded_at timestamptz not null default now(),
  recorded_by uuid references app_user (id),
  removed_at timestamptz,
  check (to_date is null or from_date is null or to_date >= from_date),
  check (type not in ('notification', 'change', 'review-decision') or on_date is not null),
  check (type not in ('spell', 'no-fixed-address', 'shpo') or from_date is not null),
  check (type <> 'travel' or (notified_at is not null and departure_at is not null))
);
create index notification_event_nominal_idx on notification_event (nominal_id) where removed_at is null;

-- A failure to comply, proven on a date; the 24-hour recording target runs from proven_on.
create table notification_breach (
  id uuid primary key default gen_random_uuid(),
  nominal_id uuid not null references nominal (id),
  duty text not null check (length(duty) between 1 and 200),
  proven_on date not null,
  details text not null default '' check (length(details) <= 2000),
  recorded_at timestamptz not null default now(),
  recorded_by uuid references app_user (id)
);
create index notification_breach_nominal_idx on notification_breach (nominal_id);
create index notification_breach_proven_idx on notification_breach (proven_on);

-- An application for review of indefinite notification (s.91A-91F), from receipt to appeal.
create table notification_review (
  id uuid primary key default gen_random_uuid(),
  nominal_id uuid not null references nominal (id),
  applied_on date not null,
  acknowledged_on date,
  -- The statutory factors (s.91C), each with what was considered: checked JSON.
  factors jsonb not null default '{}'::jsonb check (jsonb_typeof(factors) = 'object'),
  outcome text check (outcome in ('discharged', 'refused')),
  decided_on date,
  reasons text not null default '' check (length(reasons) <= 5000),
  decided_by uuid references app_user (id),
  appeal_lodged_on date,
  appeal_outcome text check (appeal_outcome in ('allowed', 'dismissed')),
  appeal_decided_on date,
  next_eligible_on date,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  updated_by uuid references app_user (id)
);
create index notification_review_nominal_idx on notification_review (nominal_id);

-- What the clock last computed for each subject: one summary row per nominal with disposals,
-- and its open duties (due or overdue). Rewritten whole for a nominal whenever its facts
-- change and by the daily job, so the work lists read dates without running the clock.
create table notification_status (
  nominal_id uuid primary key references nominal (id),
  period_kind text check (period_kind in ('indefinite', 'fixed')),
  period_ends_on date,
  ended boolean not null default false,
  next_periodic_by date,
  next_due_by date,
  overdue_count integer not null default 0,
  review_eligible_from date,
  review_blocked_by text,
  computed_at timestamptz not null default now(),
  computed_for date not null
);
create index notification_status_next_due_idx on notification_status (next_due_by);

create table notification_duty (
  nominal_id uuid not null references nominal (id),
  duty text not null check (duty in ('initial', 'change', 'periodic')),
  change_kind text,
  trigger_id text not null,
  triggered_on date not null,
  due_by date not null,
  status text not null check (status in ('due', 'overdue')),
  section text not null,
  primary key (nominal_id, duty, trigger_id)
);
create index notification_duty_due_idx on notification_duty (due_by);
