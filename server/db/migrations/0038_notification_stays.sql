-- Stays at premises other than the home address (s.84(1)(c)): the clock counts them and finds
-- the day a qualifying period is reached (7 days, or stays adding up to 7 days within 12 months,
-- s.84(6)), rather than that day being typed in. The premises are named so that stays at the same
-- address are added up.
alter table notification_event drop constraint notification_event_type_check;
alter table notification_event add constraint notification_event_type_check
  check (type in ('notification', 'change', 'spell', 'no-fixed-address', 'travel', 'shpo', 'review-decision', 'stay'));
alter table notification_event add column premises text check (length(premises) <= 200);
alter table notification_event add constraint notification_event_stay
  check (type <> 'stay' or (from_date is not null and premises is not null and length(trim(premises)) > 0));
