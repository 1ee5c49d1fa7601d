-- An API client with register scopes acts as one user of Vigil: that user's clearance,
-- unit and roles decide what it may see and do, and access-log entries name that user.
alter table api_client add column acting_user_id uuid references app_user (id);
-- When the client was last used, to the nearest few minutes (updated at most that often).
alter table api_client add column last_used_at timestamptz;
-- Who issued it, and who revoked it (null: the operator's command).
alter table api_client add column created_by uuid references app_user (id);
alter table api_client add column revoked_by uuid references app_user (id);

alter table api_client add constraint api_client_register_needs_acting_user
  check (acting_user_id is not null or not (scopes && array['register:read', 'register:write']::text[]));

create index api_client_acting_user_idx on api_client (acting_user_id);
