-- A change notified before it happens (s.84(2)): the notification carries the date the person
-- said the change is expected. It stands if the change happens within 2 days either side of that
-- date (s.84(3)); if it has not happened by the third day, the person must say so (s.84(4)(b)),
-- which is a notification of the kind 'non-occurrence'.
alter table notification_event add column expected_on date;
alter table notification_event add constraint notification_event_expected_on
  check (expected_on is null or (type = 'notification' and on_date is not null and expected_on > on_date));
