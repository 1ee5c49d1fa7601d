// Generated from the migrated database by `npm run db:types`: do not edit.
// Change a migration in server/db/migrations and run the command again. What SQL cannot say (the
// shape of JSON columns, columns the database computes) is added in schema.ts, which the code imports.

import type { ColumnType } from "kysely";

export type Generated<T> = T extends ColumnType<infer S, infer I, infer U>
  ? ColumnType<S, I | undefined, U>
  : ColumnType<T, T | undefined, T>;

export type Json = JsonValue;

export type JsonArray = JsonValue[];

export type JsonObject = {
  [x: string]: JsonValue | undefined;
};

export type JsonPrimitive = boolean | number | string | null;

export type JsonValue = JsonArray | JsonObject | JsonPrimitive;

export type Numeric = ColumnType<string, number | string, number | string>;

export type Timestamp = ColumnType<Date, Date | string, Date | string>;

export interface Agency {
  code: string;
  created_at: Generated<Timestamp>;
  id: Generated<string>;
  kind: "other" | "police-force" | "prison" | "probation-region" | "vetting-authority";
  name: string;
  vetting_authority_id: string | null;
}

export interface ApiClient {
  acting_user_id: string | null;
  approved_at: Timestamp | null;
  approved_by: string | null;
  created_at: Generated<Timestamp>;
  created_by: string | null;
  expires_at: Timestamp;
  id: Generated<string>;
  last_used_at: Timestamp | null;
  name: string;
  revoked_at: Timestamp | null;
  revoked_by: string | null;
  scopes: string[];
  token_hash: string;
}

export interface ApiRateWindow {
  client_id: string;
  requests: number;
  window_start: Timestamp;
}

export interface AppUser {
  created_at: Generated<Timestamp>;
  disabled_at: Timestamp | null;
  display_name: string;
  email: string;
  id: Generated<string>;
  is_demo: Generated<boolean>;
  mfa_enrolled_at: Timestamp | null;
  mfa_last_step: number | null;
  mfa_secret_enc: string | null;
  password_change_required: Generated<boolean>;
  password_changed_at: Timestamp | null;
  password_hash: string;
  status: Generated<"active" | "disabled">;
  unit_id: string;
  updated_at: Generated<Timestamp>;
  username: string;
  version: Generated<number>;
}

export interface AuditCheckpoint {
  note: string;
  root_hash: Buffer;
  signed_at: Generated<Timestamp>;
  tree_size: number;
}

export interface AuditEntry {
  action: Generated<string>;
  actor_agency_id: Generated<string | null>;
  actor_unit_id: Generated<string | null>;
  actor_user_id: Generated<string | null>;
  break_glass: Generated<boolean>;
  canonical: string;
  changes: Generated<Json | null>;
  correlation_id: Generated<string>;
  decision: Generated<"allowed" | "denied">;
  id: Generated<number>;
  kind: Generated<"administration" | "alteration" | "authentication" | "collection" | "combination" | "consultation" | "disclosure" | "erasure">;
  policy_ids: Generated<string[]>;
  purpose_code: Generated<string | null>;
  purpose_text: Generated<string | null>;
  recipient: Generated<string | null>;
  recorded_at: Generated<Timestamp>;
  subject_agency_id: Generated<string | null>;
  subject_id: Generated<string | null>;
  subject_type: Generated<string | null>;
}

export interface AuditGapRule {
  from_leaf: number;
}

export interface AuditLeaf {
  entry_id: number;
  leaf_hash: Buffer;
  leaf_index: number;
  sequenced_at: Generated<Timestamp>;
}

export interface AuditPending {
  entry_id: number;
}

export interface BreakGlassGrant {
  expires_at: Timestamp;
  granted_at: Timestamp;
  id: Generated<string>;
  justification: string;
  nominal_id: string;
  user_id: string;
}

export interface Clearance {
  application_id: string | null;
  conditions: Generated<string>;
  expires_at: Timestamp;
  granted_at: Timestamp;
  level: "NPPV1" | "NPPV2" | "NPPV3";
  recorded_by: string | null;
  source: Generated<"administrator" | "vetting">;
  user_id: string;
  withdrawal_reason: Generated<string>;
  withdrawn_at: Timestamp | null;
  withdrawn_by: string | null;
}

export interface EqualityObjection {
  objected_at: Timestamp;
  user_id: string;
}

export interface EqualityResponse {
  age_band: string;
  application_id: string;
  disability: string;
  ethnicity: string;
  gender_same_as_birth: string;
  recorded_at: Timestamp;
  religion: string;
  religion_other: Generated<string>;
  sex: string;
  sexual_orientation: string;
  updated_at: Timestamp;
}

export interface MappaAction {
  description: string;
  done_on: string | null;
  due_on: string;
  id: Generated<string>;
  meeting_id: string;
  nominal_id: string;
  owner_agency_id: string | null;
  owner_name: string;
  owner_user_id: string | null;
  position: number;
}

export interface MappaMeeting {
  created_at: Generated<Timestamp>;
  created_by: string | null;
  held_on: string;
  id: Generated<string>;
  level: number;
  minutes: Generated<string>;
  next_meeting_on: string | null;
  nominal_id: string;
  updated_at: Generated<Timestamp>;
  updated_by: string | null;
  version: Generated<number>;
}

export interface MappaMeetingAttendee {
  agency_id: string;
  meeting_id: string;
  name: string;
  position: number;
  role: Generated<string>;
}

export interface Nominal {
  created_at: Generated<Timestamp>;
  date_of_birth: string | null;
  date_of_death: string | null;
  family_name: string;
  gender: "female" | "male" | "not-known" | "other" | null;
  given_names: string;
  id: Generated<string>;
  managing_officer_id: string;
  merged_into_id: string | null;
  missing_since: string | null;
  nominal_type: "other-dangerous" | "pdp" | "rso" | "terrorist" | "violent-other-sexual";
  owning_unit_id: string;
  reference: string;
  status: Generated<"active" | "archived" | "deceased" | "merged">;
  updated_at: Generated<Timestamp>;
  updated_by: string | null;
  version: Generated<number>;
  wanted_since: string | null;
}

export interface NominalExclusion {
  created_at: Generated<Timestamp>;
  created_by: string | null;
  message: string;
  nominal_id: string;
  user_id: string;
}

export interface NominalFile {
  byte_size: number;
  content: Buffer;
  content_type: "application/pdf" | "image/jpeg" | "image/png" | "image/webp";
  created_at: Generated<Timestamp>;
  created_by: string | null;
  id: Generated<string>;
  nominal_id: string;
  sha256: string;
}

export interface NominalFlagSpell {
  began_on: string;
  ended_on: string | null;
  flag: "missing" | "wanted";
  nominal_id: string;
}

export interface NominalIdentifier {
  created_at: Generated<Timestamp>;
  kind: "crn" | "cro" | "ni-number" | "pnc" | "prison-number";
  nominal_id: string;
  value: string;
}

export interface NominalItem {
  created_at: Generated<Timestamp>;
  created_by: string | null;
  data: Json;
  id: Generated<string>;
  kind: string;
  nominal_id: string;
  removed_at: Timestamp | null;
  sensitivity: Generated<"restricted" | "standard">;
  updated_at: Generated<Timestamp>;
  updated_by: string | null;
  version: Generated<number>;
}

export interface NominalItemHistory {
  changed_at: Timestamp;
  changed_by: string | null;
  data: Json;
  item_id: string;
  removed: Generated<boolean>;
  sensitivity: string;
  version: number;
}

export interface NominalName {
  created_at: Generated<Timestamp>;
  family_name: string;
  given_names: string;
  id: Generated<string>;
  name_type: "alias" | "previous" | "primary";
  nominal_id: string;
}

export interface NominalRelationship {
  created_at: Generated<Timestamp>;
  nominal_id: string;
  role: "partner" | "restricted-partner" | "supervisor" | "view-only";
  unit_id: string;
}

export interface NominalRestriction {
  created_at: Generated<Timestamp>;
  created_by: string | null;
  message: string;
  nominal_id: string;
  user_id: string;
}

export interface NominalStatusChange {
  changed_at: Timestamp;
  changed_by: string | null;
  from_status: string;
  id: Generated<string>;
  nominal_id: string;
  other_nominal_id: string | null;
  reason_code: "died" | "mappa-ended" | "merged" | "notification-ended" | "restored" | "survived-merge";
  reason_text: Generated<string>;
  to_status: string;
}

export interface NominalTransfer {
  decided_at: Timestamp | null;
  decided_by: string | null;
  decision_reason: string | null;
  escalated_at: Timestamp | null;
  from_unit_id: string;
  granted_view_only: Generated<boolean>;
  id: Generated<string>;
  new_manager_id: string | null;
  nominal_id: string;
  reason: string;
  requested_at: Timestamp;
  requested_by: string;
  status: Generated<"accepted" | "pending" | "rejected">;
  to_unit_id: string;
  version: Generated<number>;
}

export interface NotificationBreach {
  details: Generated<string>;
  duty: string;
  id: Generated<string>;
  nominal_id: string;
  proven_on: string;
  recorded_at: Generated<Timestamp>;
  recorded_by: string | null;
}

export interface NotificationClockChange {
  changed_for: string;
  created_at: Generated<Timestamp>;
  field: "period" | "review";
  id: Generated<string>;
  new_value: string;
  nominal_id: string;
  old_value: string;
  reason: string;
}

export interface NotificationClockRun {
  finished_at: Timestamp | null;
  nominals: number | null;
  run_for: string;
  started_at: Generated<Timestamp>;
}

export interface NotificationDisposal {
  court: Generated<string>;
  description: Generated<string>;
  discharge_months: number | null;
  id: Generated<string>;
  kind: "absolute-discharge" | "caution" | "conditional-discharge" | "hospital" | "hospital-restricted" | "imprisonment" | "ipp" | "life" | "other";
  nominal_id: string;
  overlap_length: number | null;
  overlap_unit: "days" | "months" | "weeks" | null;
  recorded_at: Generated<Timestamp>;
  recorded_by: string | null;
  relevant_date: string;
  removed_at: Timestamp | null;
  runs: "concurrent" | "consecutive" | "partly-concurrent" | null;
  runs_with: string | null;
  schedule3: boolean | null;
  sentence_days: number | null;
  sentence_months: number | null;
  sentence_unit: "days" | "weeks" | null;
  sentenced_on: string | null;
}

export interface NotificationDuty {
  change_kind: string | null;
  due_by: string;
  duty: "change" | "initial" | "periodic" | "travel";
  nominal_id: string;
  section: string;
  status: "due" | "overdue";
  trigger_id: string;
  triggered_on: string;
}

export interface NotificationEvent {
  departure_at: Timestamp | null;
  destination: "crown-dependency" | "northern-ireland" | "other-country" | "republic-of-ireland" | null;
  details: Generated<string>;
  details_known_earlier: boolean | null;
  expected_on: string | null;
  from_date: string | null;
  id: Generated<string>;
  kind: string | null;
  nominal_id: string;
  notified_at: Timestamp | null;
  on_date: string | null;
  place: Generated<string>;
  premises: string | null;
  recorded_at: Generated<Timestamp>;
  recorded_by: string | null;
  removed_at: Timestamp | null;
  taken_by: Generated<string>;
  to_date: string | null;
  type: "change" | "no-fixed-address" | "notification" | "review-decision" | "shpo" | "spell" | "stay" | "travel";
}

export interface NotificationReminder {
  emailed_at: Timestamp | null;
  kind: "notification-dates-changed" | "notification-duties" | "rmp-review";
  sent_at: Generated<Timestamp>;
  sent_for: string;
  user_id: string;
}

export interface NotificationReview {
  acknowledged_on: string | null;
  appeal_decided_on: string | null;
  appeal_lodged_on: string | null;
  appeal_outcome: "allowed" | "dismissed" | null;
  applied_on: string;
  created_at: Generated<Timestamp>;
  decided_by: string | null;
  decided_on: string | null;
  factors: Generated<Json>;
  id: Generated<string>;
  next_eligible_on: string | null;
  nominal_id: string;
  outcome: "discharged" | "refused" | null;
  reasons: Generated<string>;
  updated_at: Generated<Timestamp>;
  updated_by: string | null;
  version: Generated<number>;
}

export interface NotificationStatus {
  computed_at: Generated<Timestamp>;
  computed_for: string;
  ended: Generated<boolean>;
  next_due_by: string | null;
  next_periodic_by: string | null;
  nominal_id: string;
  overdue_count: Generated<number>;
  period_ends_on: string | null;
  period_kind: "fixed" | "indefinite" | null;
  review_blocked_by: string | null;
  review_eligible_from: string | null;
  warnings: string | null;
}

export interface OutboxEvent {
  actor_user_id: string | null;
  correlation_id: string;
  delivered_at: Timestamp | null;
  id: Generated<number>;
  occurred_at: Generated<Timestamp>;
  payload: Generated<Json>;
  subject_id: string | null;
  subject_type: string | null;
  type: string;
}

export interface RecoveryCode {
  code_hash: string;
  created_at: Generated<Timestamp>;
  id: Generated<string>;
  used_at: Timestamp | null;
  user_id: string;
}

export interface SchemaMigration {
  applied_at: Generated<Timestamp>;
  checksum: string;
  name: string;
  version: string;
}

export interface SignInThrottle {
  failures: Generated<number>;
  key: string;
  locked_until: Timestamp | null;
  scope: "account" | "address";
  window_started_at: Timestamp;
}

export interface Unit {
  agency_id: string;
  code: string;
  created_at: Generated<Timestamp>;
  id: Generated<string>;
  name: string;
}

export interface UserMessage {
  body: string;
  created_at: Generated<Timestamp>;
  id: Generated<string>;
  link: string | null;
  read_at: Timestamp | null;
  subject: string;
  user_id: string;
}

export interface UserRole {
  granted_at: Generated<Timestamp>;
  granted_by: string | null;
  role: "administrator" | "appeal-panel-member" | "data-protection-officer" | "equality-lead" | "manager" | "mappa-coordinator" | "national-administrator" | "practitioner" | "vetting-authoriser" | "vetting-officer";
  user_id: string;
}

export interface UserSession {
  expire: Timestamp;
  sess: Json;
  sid: string;
}

export interface VettingAftercareReport {
  application_id: string | null;
  details: string;
  id: Generated<string>;
  kind: "address" | "arrest-or-charge" | "financial" | "name" | "other" | "partner-or-co-resident" | "relative-criminal";
  occurred_on: string;
  outcome: "no-action" | "review-clearance" | null;
  outcome_note: Generated<string>;
  reported_at: Timestamp;
  reviewed_at: Timestamp | null;
  reviewed_by: string | null;
  user_id: string;
  version: Generated<number>;
}

export interface VettingAnswer {
  answers: Json;
  application_id: string;
  form_version: string;
  section: string;
  updated_at: Generated<Timestamp>;
  updated_by: string | null;
  version: Generated<number>;
}

export interface VettingAppeal {
  application_id: string;
  attendees: Generated<string>;
  created_at: Generated<Timestamp>;
  decided_at: Timestamp | null;
  decided_by: string | null;
  decision_at: Timestamp;
  due_at: Timestamp;
  extended_at: Timestamp | null;
  extended_by: string | null;
  extended_to: string | null;
  extension_reason: Generated<string>;
  grounds: Generated<string>;
  heard_on: string | null;
  hearer_assigned_at: Timestamp | null;
  hearer_assigned_by: string | null;
  hearer_user_id: string | null;
  hearing_notes: Generated<string>;
  hearing_recorded_at: Timestamp | null;
  id: Generated<string>;
  lodged_at: Timestamp | null;
  reasons: Generated<string>;
  representative_name: Generated<string>;
  representative_organisation: Generated<string>;
  representative_present: boolean | null;
  state: "allowed" | "dismissed" | "lodged" | "open";
  subject: "refusal" | "withdrawal";
  version: Generated<number>;
}

export interface VettingAppealFile {
  appeal_id: string;
  byte_size: number;
  content: Buffer;
  content_type: "application/pdf" | "image/jpeg" | "image/png" | "image/webp";
  id: Generated<string>;
  sha256: string;
  uploaded_at: Timestamp;
  uploaded_by: string;
}

export interface VettingApplication {
  applicant_user_id: string;
  case_officer_id: string | null;
  created_at: Generated<Timestamp>;
  decided_at: Timestamp | null;
  erased_at: Timestamp | null;
  form_due_at: Timestamp;
  form_version: string;
  id: Generated<string>;
  invited_at: Generated<Timestamp>;
  level: "NPPV2" | "NPPV3";
  need: string;
  reference: string;
  renewal_of: string | null;
  return_items: Json | null;
  returned_at: Timestamp | null;
  sponsor_user_id: string;
  state: "appeal-allowed" | "appeal-dismissed" | "appealed" | "checks" | "discontinued" | "granted" | "granted-with-conditions" | "in-progress" | "refusal-proposed" | "refused" | "returned" | "sponsored" | "submitted" | "withdrawn";
  submitted_at: Timestamp | null;
  updated_at: Generated<Timestamp>;
  updated_by: string | null;
  version: Generated<number>;
}

export interface VettingApplicationEvent {
  actor_user_id: string | null;
  application_id: string;
  at: Generated<Timestamp>;
  event: string;
  from_state: string;
  id: Generated<number>;
  reason: Generated<string>;
  to_state: string;
}

export interface VettingCheck {
  application_id: string;
  checked_on: string;
  connector: string;
  evidence: string;
  file_id: string | null;
  id: Generated<number>;
  kind: "credit" | "local-intelligence" | "pnc" | "pnd" | "special-branch";
  officer_user_id: string;
  recorded_at: Timestamp;
  result: "adverse" | "no-trace" | "trace-not-adverse";
  subject_key: string;
  subject_label: string;
}

export interface VettingCheckFile {
  application_id: string;
  byte_size: number;
  content: Buffer;
  content_type: "application/pdf" | "image/jpeg" | "image/png" | "image/webp";
  id: Generated<string>;
  sha256: string;
  uploaded_at: Timestamp;
  uploaded_by: string;
}

export interface VettingDecision {
  application_id: string;
  conditions: Generated<string>;
  criteria_version: string;
  decided_at: Timestamp;
  decided_by: string;
  disclosable: Json;
  factors: Json;
  id: Generated<string>;
  outcome: "discontinued" | "granted" | "granted-with-conditions" | "refused";
  rationale: string;
  reason_codes: Json;
  second_at: Timestamp | null;
  second_officer_id: string | null;
  second_reason: Generated<string>;
  status: "agreed" | "final" | "proposed" | "rejected";
  two_stage: Json | null;
}

export interface VettingErasure {
  application_id: string;
  decided_at: Timestamp | null;
  due_on: string;
  erased: Json;
  erased_at: Timestamp;
  outcome: string;
  reference: string;
  rule: string;
}

export interface VettingExpiryReminder {
  expires_at: Timestamp;
  sent_on: string;
  user_id: string;
}

export interface VettingOverride {
  application_id: string;
  authoriser_user_id: string;
  clearance_expires_at: Timestamp;
  conditions: string;
  decided_at: Timestamp;
  id: Generated<string>;
  review_on: string;
  risk_assessment: string;
}

export interface VettingOverrideOutcome {
  description: string;
  id: Generated<number>;
  kind: "crime" | "misconduct" | "other" | "vetting-breach";
  occurred_on: string;
  override_id: string;
  recorded_at: Timestamp;
  recorded_by: string;
}

export interface VettingRelativeDetails {
  application_id: string;
  details: Json;
  link_id: string;
  submitted_at: Timestamp;
}

export interface VettingRelativeLink {
  application_id: string;
  created_at: Timestamp;
  created_by: string;
  expires_at: Timestamp;
  id: Generated<string>;
  relationship: string;
  token_hash: string;
  used_at: Timestamp | null;
}

export interface VettingRelativeLinkThrottle {
  address: string;
  failures: Generated<number>;
  locked_until: Timestamp | null;
  window_started_at: Timestamp;
}

export interface VettingRenewalConfirmation {
  application_id: string;
  confirmed_at: Timestamp;
  section: string;
}

export interface VettingRestriction {
  application_id: string;
  id: Generated<string>;
  lift_reason: Generated<string>;
  lifted_at: Timestamp | null;
  lifted_by: string | null;
  reason: string;
  recorded_at: Timestamp;
  recorded_by: string;
}

export interface VettingReviewTask {
  application_id: string | null;
  completed_at: Timestamp | null;
  completed_by: string | null;
  created_at: Timestamp;
  due_on: string;
  id: Generated<string>;
  kind: "annual-review" | "random-revet";
  note: Generated<string>;
  selection_value: Numeric | null;
  user_id: string;
}

export interface DB {
  agency: Agency;
  api_client: ApiClient;
  api_rate_window: ApiRateWindow;
  app_user: AppUser;
  audit_checkpoint: AuditCheckpoint;
  audit_entry: AuditEntry;
  audit_gap_rule: AuditGapRule;
  audit_leaf: AuditLeaf;
  audit_pending: AuditPending;
  break_glass_grant: BreakGlassGrant;
  clearance: Clearance;
  equality_objection: EqualityObjection;
  equality_response: EqualityResponse;
  mappa_action: MappaAction;
  mappa_meeting: MappaMeeting;
  mappa_meeting_attendee: MappaMeetingAttendee;
  nominal: Nominal;
  nominal_exclusion: NominalExclusion;
  nominal_file: NominalFile;
  nominal_flag_spell: NominalFlagSpell;
  nominal_identifier: NominalIdentifier;
  nominal_item: NominalItem;
  nominal_item_history: NominalItemHistory;
  nominal_name: NominalName;
  nominal_relationship: NominalRelationship;
  nominal_restriction: NominalRestriction;
  nominal_status_change: NominalStatusChange;
  nominal_transfer: NominalTransfer;
  notification_breach: NotificationBreach;
  notification_clock_change: NotificationClockChange;
  notification_clock_run: NotificationClockRun;
  notification_disposal: NotificationDisposal;
  notification_duty: NotificationDuty;
  notification_event: NotificationEvent;
  notification_reminder: NotificationReminder;
  notification_review: NotificationReview;
  notification_status: NotificationStatus;
  outbox_event: OutboxEvent;
  recovery_code: RecoveryCode;
  schema_migration: SchemaMigration;
  sign_in_throttle: SignInThrottle;
  unit: Unit;
  user_message: UserMessage;
  user_role: UserRole;
  user_session: UserSession;
  vetting_aftercare_report: VettingAftercareReport;
  vetting_answer: VettingAnswer;
  vetting_appeal: VettingAppeal;
  vetting_appeal_file: VettingAppealFile;
  vetting_application: VettingApplication;
  vetting_application_event: VettingApplicationEvent;
  vetting_check: VettingCheck;
  vetting_check_file: VettingCheckFile;
  vetting_decision: VettingDecision;
  vetting_erasure: VettingErasure;
  vetting_expiry_reminder: VettingExpiryReminder;
  vetting_override: VettingOverride;
  vetting_override_outcome: VettingOverrideOutcome;
  vetting_relative_details: VettingRelativeDetails;
  vetting_relative_link: VettingRelativeLink;
  vetting_relative_link_throttle: VettingRelativeLinkThrottle;
  vetting_renewal_confirmation: VettingRenewalConfirmation;
  vetting_restriction: VettingRestriction;
  vetting_review_task: VettingReviewTask;
}
