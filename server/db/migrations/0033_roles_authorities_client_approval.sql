-- Closing access holes found in review.
--
-- Two roles: the national administrator, who alone grants the roles that reach across agencies,
-- and the vetting authoriser, the senior person of a vetting authority who may accept a risk
-- (a risk-accepted override) for an applicant that authority vets.
alter table user_role drop constraint user_role_role_check;
alter table user_role add constraint user_role_role_check check (role in ('practitioner', 'manager', 'vetting-officer', 'appeal-panel-member',
  'equality-lead', 'data-protection-officer', 'administrator', 'mappa-coordinator', 'national-administrator', 'vetting-authoriser'));

-- Which vetting authority vets an agency's staff. Null: the deployment's vetting authority (with one,
-- as in most deployments, nothing needs setting); a vetting authority vets its own staff.
alter table agency add column vetting_authority_id uuid references agency (id);

-- A client that acts as a person works only once that person (or a second administrator) has
-- approved it. Clients issued before this migration were issued under the old rule: they are kept
-- working, marked as approved by nobody, so the log can tell them apart.
alter table api_client add column approved_at timestamptz;
alter table api_client add column approved_by uuid references app_user (id);
update api_client set approved_at = created_at where acting_user_id is not null;
