-- Foreign travel with where it goes (s.86; the 2004 Regulations as amended in 2012): Northern
-- Ireland is in the United Kingdom and needs no notice; the Republic of Ireland and the Crown
-- Dependencies are outside it. Null: another country (rows recorded before this).
alter table notification_event add column destination text
  check (destination in ('other-country', 'republic-of-ireland', 'crown-dependency', 'northern-ireland'));

-- Time abroad with no trip notified is foreign travel never notified: a duty missed, on the work
-- lists with the others (ADR 0014 point 23).
alter table notification_duty drop constraint notification_duty_duty_check;
alter table notification_duty add constraint notification_duty_duty_check check (duty in ('initial', 'change', 'periodic', 'travel'));
