-- The work lists' counts read indexes only (ADR 0016): a unit's or an officer's active records,
-- the open duties due within the lists' horizon with their nominal, and the indefinite subjects
-- eligible for review with what the reviews list filters on. Each replaces an index it covers.
create index nominal_unit_active_idx on nominal (owning_unit_id, id) where status = 'active';
create index nominal_manager_active_idx on nominal (managing_officer_id, id) where status = 'active';

create index notification_duty_due_nominal_idx on notification_duty (due_by, nominal_id);
drop index notification_duty_due_idx;

create index notification_status_review_cover_idx on notification_status (review_eligible_from)
  include (nominal_id, review_blocked_by) where period_kind = 'indefinite';
drop index notification_status_review_idx;
