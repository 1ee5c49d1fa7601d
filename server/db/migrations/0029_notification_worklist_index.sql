-- The work list of reviews now possible reads the few indefinite subjects already eligible,
-- not every subject of a unit (ADR 0016).
create index notification_status_review_idx on notification_status (review_eligible_from) where period_kind = 'indefinite';
