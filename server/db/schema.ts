import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';

/** Table types for Kysely. One interface per table, named as the table. */
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type DefaultTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface AgencyTable {
  id: Generated<string>;
  code: string;
  name: string;
  kind: 'police-force' | 'probation-region' | 'prison' | 'vetting-authority' | 'other';
  created_at: DefaultTimestamp;
  /** Which vetting authority vets this agency's staff (null: the deployment's one). Migration 0033. */
  vetting_authority_id: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface UnitTable {
  id: Generated<string>;
  agency_id: string;
  code: string;
  name: string;
  created_at: DefaultTimestamp;
}

export interface AppUserTable {
  id: Generated<string>;
  username: string;
  display_name: string;
  email: string;
  unit_id: string;
  status: ColumnType<'active' | 'disabled', 'active' | 'disabled' | undefined, 'active' | 'disabled'>;
  password_hash: string;
  password_change_required: ColumnType<boolean, boolean | undefined, boolean>;
  password_changed_at: Timestamp | null;
  mfa_secret_enc: string | null;
  mfa_enrolled_at: Timestamp | null;
  mfa_last_step: number | null;
  is_demo: ColumnType<boolean, boolean | undefined, boolean>;
  disabled_at: Timestamp | null;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
  version: ColumnType<number, number | undefined, number>;
}

export interface UserRoleTable {
  user_id: string;
  role: string;
  granted_at: DefaultTimestamp;
  granted_by: string | null;
}

export interface RecoveryCodeTable {
  id: Generated<string>;
  user_id: string;
  code_hash: string;
  used_at: Timestamp | null;
  created_at: DefaultTimestamp;
}

export interface SignInThrottleTable {
  scope: 'account' | 'address';
  key: string;
  failures: number;
  window_started_at: Timestamp;
  locked_until: Timestamp | null;
}

export interface OutboxEventTable {
  id: Generated<number>;
  occurred_at: DefaultTimestamp;
  type: string;
  actor_user_id: string | null;
  subject_type: string | null;
  subject_id: string | null;
  correlation_id: string;
  payload: ColumnType<Record<string, unknown>, string, string>;
  delivered_at: Timestamp | null;
}

export interface UserSessionTable {
  sid: string;
  sess: unknown;
  expire: Timestamp;
}

/** Every column but the canonical text is generated from it by the database. */
type Gen<T> = ColumnType<T, never, never>;
export interface AuditEntryTable {
  id: Generated<number>;
  canonical: string;
  recorded_at: Gen<Date>;
  kind: Gen<string>;
  action: Gen<string>;
  actor_user_id: Gen<string | null>;
  actor_unit_id: Gen<string | null>;
  actor_agency_id: Gen<string | null>;
  subject_type: Gen<string | null>;
  subject_id: Gen<string | null>;
  subject_agency_id: Gen<string | null>;
  purpose_code: Gen<string | null>;
  purpose_text: Gen<string | null>;
  recipient: Gen<string | null>;
  decision: Gen<string>;
  policy_ids: Gen<string[]>;
  break_glass: Gen<boolean>;
  correlation_id: Gen<string>;
  changes: Gen<unknown>;
}

export interface AuditPendingTable {
  entry_id: number;
}

export interface AuditLeafTable {
  leaf_index: number;
  entry_id: number;
  leaf_hash: Buffer;
  sequenced_at: DefaultTimestamp;
}

export interface AuditCheckpointTable {
  tree_size: number;
  root_hash: Buffer;
  note: string;
  signed_at: DefaultTimestamp;
}

export interface ApiClientTable {
  id: Generated<string>;
  name: string;
  token_hash: string;
  scopes: string[];
  expires_at: Timestamp;
  created_at: DefaultTimestamp;
  revoked_at: Timestamp | null;
  acting_user_id: string | null;
  last_used_at: Timestamp | null;
  created_by: string | null;
  revoked_by: string | null;
  /** A client acting as a person works once approved (migration 0033). */
  approved_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  approved_by: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface ClearanceTable {
  user_id: string;
  level: 'NPPV1' | 'NPPV2' | 'NPPV3';
  granted_at: Timestamp;
  expires_at: Timestamp;
  withdrawn_at: Timestamp | null;
  recorded_by: string | null;
  source: ColumnType<'administrator' | 'vetting', 'administrator' | 'vetting' | undefined, 'administrator' | 'vetting'>;
  application_id: ColumnType<string | null, string | null | undefined, string | null>;
  conditions: ColumnType<string, string | undefined, string>;
  withdrawal_reason: ColumnType<string, string | undefined, string>;
  withdrawn_by: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface NominalTable {
  id: Generated<string>;
  reference: string;
  nominal_type: 'rso' | 'violent-other-sexual' | 'other-dangerous' | 'terrorist' | 'pdp';
  status: ColumnType<NominalStatus, NominalStatus | undefined, NominalStatus>;
  owning_unit_id: string;
  managing_officer_id: string;
  wanted_since: string | null;
  missing_since: string | null;
  family_name: string;
  given_names: string;
  date_of_birth: string | null;
  gender: 'female' | 'male' | 'other' | 'not-known' | null;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
  version: ColumnType<number, number | undefined, number>;
  merged_into_id: ColumnType<string | null, string | null | undefined, string | null>;
  date_of_death: ColumnType<string | null, string | null | undefined, string | null>;
  updated_by: ColumnType<string | null, string | null | undefined, string | null>;
}

export type NominalStatus = 'active' | 'archived' | 'deceased' | 'merged';

/** Every wanted and missing spell, kept by a trigger on nominal (migration 0032). */
export interface NominalFlagSpellTable {
  nominal_id: string;
  flag: 'wanted' | 'missing';
  began_on: string;
  ended_on: string | null;
}

export interface NominalStatusChangeTable {
  id: Generated<string>;
  nominal_id: string;
  from_status: string;
  to_status: string;
  reason_code: 'notification-ended' | 'mappa-ended' | 'died' | 'restored' | 'merged' | 'survived-merge';
  reason_text: ColumnType<string, string | undefined, string>;
  other_nominal_id: string | null;
  changed_by: string | null;
  changed_at: Timestamp;
}

export interface NominalTransferTable {
  id: Generated<string>;
  nominal_id: string;
  from_unit_id: string;
  to_unit_id: string;
  reason: string;
  requested_by: string;
  requested_at: Timestamp;
  status: ColumnType<'pending' | 'accepted' | 'rejected', 'pending' | 'accepted' | 'rejected' | undefined, 'pending' | 'accepted' | 'rejected'>;
  decided_by: string | null;
  decided_at: Timestamp | null;
  decision_reason: string | null;
  new_manager_id: string | null;
  granted_view_only: ColumnType<boolean, boolean | undefined, boolean>;
  escalated_at: Timestamp | null;
  version: ColumnType<number, number | undefined, number>;
}

export interface NominalRelationshipTable {
  nominal_id: string;
  unit_id: string;
  role: 'partner' | 'restricted-partner' | 'supervisor' | 'view-only';
  created_at: DefaultTimestamp;
}

export interface NominalExclusionTable {
  nominal_id: string;
  user_id: string;
  message: string;
  created_at: DefaultTimestamp;
  created_by: string | null;
}

export interface BreakGlassGrantTable {
  id: Generated<string>;
  user_id: string;
  nominal_id: string;
  justification: string;
  granted_at: Timestamp;
  expires_at: Timestamp;
}

export type NominalRestrictionTable = NominalExclusionTable;

export interface NominalNameTable {
  id: Generated<string>;
  nominal_id: string;
  name_type: 'primary' | 'alias' | 'previous';
  family_name: string;
  given_names: string;
  created_at: DefaultTimestamp;
}

export interface NominalIdentifierTable {
  nominal_id: string;
  kind: 'pnc' | 'cro' | 'crn' | 'prison-number' | 'ni-number';
  value: string;
  created_at: DefaultTimestamp;
}

export interface NominalItemTable {
  id: Generated<string>;
  nominal_id: string;
  kind: string;
  sensitivity: ColumnType<'standard' | 'restricted', 'standard' | 'restricted' | undefined, 'standard' | 'restricted'>;
  data: ColumnType<Record<string, unknown>, string, string>;
  version: ColumnType<number, number | undefined, number>;
  created_at: DefaultTimestamp;
  created_by: string | null;
  updated_at: DefaultTimestamp;
  updated_by: string | null;
  removed_at: Timestamp | null;
}

export interface NominalItemHistoryTable {
  item_id: string;
  version: number;
  data: ColumnType<Record<string, unknown>, string, string>;
  sensitivity: 'standard' | 'restricted';
  changed_at: Timestamp;
  changed_by: string | null;
  removed: ColumnType<boolean, boolean | undefined, boolean>;
}

export interface NominalFileTable {
  id: Generated<string>;
  nominal_id: string;
  content_type: 'image/jpeg' | 'image/png' | 'image/webp' | 'application/pdf';
  byte_size: number;
  sha256: string;
  content: Buffer;
  created_at: DefaultTimestamp;
  created_by: string | null;
}

export interface UserMessageTable {
  id: Generated<string>;
  user_id: string;
  subject: string;
  body: string;
  link: string | null;
  created_at: DefaultTimestamp;
  read_at: Timestamp | null;
}

/** Notification clock tables (migration 0011). */
type DateCol = ColumnType<string, string, string>;
type RecordedAt = DefaultTimestamp;

export interface NotificationDisposalTable {
  id: Generated<string>;
  nominal_id: string;
  kind: 'imprisonment' | 'life' | 'ipp' | 'hospital-restricted' | 'hospital' | 'caution' | 'conditional-discharge' | 'absolute-discharge' | 'other';
  relevant_date: DateCol;
  sentence_months: number | null;
  discharge_months: number | null;
  /** Migration 0035: terms in weeks or days, the occasion, Schedule 3, and how terms run (s.82(3)-(4)). */
  sentence_days: ColumnType<number | null, number | null | undefined, number | null>;
  sentence_unit: ColumnType<'weeks' | 'days' | null, 'weeks' | 'days' | null | undefined, 'weeks' | 'days' | null>;
  sentenced_on: ColumnType<string | null, string | null | undefined, string | null>;
  schedule3: ColumnType<boolean | null, boolean | null | undefined, boolean | null>;
  runs: ColumnType<'concurrent' | 'consecutive' | 'partly-concurrent' | null, 'concurrent' | 'consecutive' | 'partly-concurrent' | null | undefined, 'concurrent' | 'consecutive' | 'partly-concurrent' | null>;
  runs_with: ColumnType<string | null, string | null | undefined, string | null>;
  overlap_length: ColumnType<number | null, number | null | undefined, number | null>;
  overlap_unit: ColumnType<'months' | 'weeks' | 'days' | null, 'months' | 'weeks' | 'days' | null | undefined, 'months' | 'weeks' | 'days' | null>;
  court: ColumnType<string, string | undefined, string>;
  description: ColumnType<string, string | undefined, string>;
  recorded_at: RecordedAt;
  recorded_by: string | null;
  removed_at: Timestamp | null;
}

export interface NotificationEventTable {
  id: Generated<string>;
  nominal_id: string;
  type: 'notification' | 'change' | 'spell' | 'no-fixed-address' | 'travel' | 'shpo' | 'review-decision' | 'stay';
  kind: string | null;
  on_date: string | null;
  from_date: string | null;
  to_date: string | null;
  notified_at: Timestamp | null;
  departure_at: Timestamp | null;
  details_known_earlier: boolean | null;
  /** Migration 0036: for a change notified in advance (s.84(2)), the date the change is expected. */
  expected_on: ColumnType<string | null, string | null | undefined, string | null>;
  /** Migration 0038: for a stay, the premises stayed at (stays at the same premises are added up, s.84(6)). */
  premises: ColumnType<string | null, string | null | undefined, string | null>;
  /** Migration 0039: where a trip goes; null for another country. */
  destination: ColumnType<'other-country' | 'republic-of-ireland' | 'crown-dependency' | 'northern-ireland' | null, 'other-country' | 'republic-of-ireland' | 'crown-dependency' | 'northern-ireland' | null | undefined, 'other-country' | 'republic-of-ireland' | 'crown-dependency' | 'northern-ireland' | null>;
  place: ColumnType<string, string | undefined, string>;
  taken_by: ColumnType<string, string | undefined, string>;
  details: ColumnType<string, string | undefined, string>;
  recorded_at: RecordedAt;
  recorded_by: string | null;
  removed_at: Timestamp | null;
}

export interface NotificationBreachTable {
  id: Generated<string>;
  nominal_id: string;
  duty: string;
  proven_on: DateCol;
  details: ColumnType<string, string | undefined, string>;
  recorded_at: RecordedAt;
  recorded_by: string | null;
}

export interface NotificationReviewTable {
  id: Generated<string>;
  nominal_id: string;
  applied_on: DateCol;
  acknowledged_on: string | null;
  factors: ColumnType<Record<string, unknown>, string | Record<string, unknown> | undefined, string | Record<string, unknown>>;
  outcome: 'discharged' | 'refused' | null;
  decided_on: string | null;
  reasons: ColumnType<string, string | undefined, string>;
  decided_by: string | null;
  appeal_lodged_on: string | null;
  appeal_outcome: 'allowed' | 'dismissed' | null;
  appeal_decided_on: string | null;
  next_eligible_on: string | null;
  version: ColumnType<number, number | undefined, number>;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
  updated_by: string | null;
}

export interface NotificationStatusTable {
  nominal_id: string;
  period_kind: 'indefinite' | 'fixed' | null;
  period_ends_on: string | null;
  ended: ColumnType<boolean, boolean | undefined, boolean>;
  next_periodic_by: string | null;
  next_due_by: string | null;
  overdue_count: ColumnType<number, number | undefined, number>;
  review_eligible_from: string | null;
  review_blocked_by: string | null;
  /** Migration 0035: the clock's warning codes, comma-separated; null when none. */
  warnings: ColumnType<string | null, string | null | undefined, string | null>;
  computed_at: DefaultTimestamp;
  computed_for: DateCol;
}

export interface NotificationDutyTable {
  nominal_id: string;
  duty: 'initial' | 'change' | 'periodic' | 'travel';
  change_kind: string | null;
  trigger_id: string;
  triggered_on: DateCol;
  due_by: DateCol;
  status: 'due' | 'overdue';
  section: string;
}

/** MAPPA meetings and actions (migration 0012). */
export interface MappaMeetingTable {
  id: Generated<string>;
  nominal_id: string;
  level: number;
  held_on: ColumnType<string, string, string>;
  minutes: ColumnType<string, string | undefined, string>;
  next_meeting_on: string | null;
  version: ColumnType<number, number | undefined, number>;
  created_at: DefaultTimestamp;
  created_by: string | null;
  updated_at: DefaultTimestamp;
  updated_by: string | null;
}

export interface MappaMeetingAttendeeTable {
  meeting_id: string;
  position: number;
  name: string;
  agency_id: string;
  role: ColumnType<string, string | undefined, string>;
}

export interface MappaActionTable {
  id: Generated<string>;
  meeting_id: string;
  nominal_id: string;
  position: number;
  description: string;
  owner_name: string;
  owner_agency_id: string | null;
  owner_user_id: string | null;
  due_on: ColumnType<string, string, string>;
  done_on: string | null;
}

/** The daily notification job's runs and reminders (migration 0013). */
export interface NotificationClockRunTable {
  run_for: DateCol;
  started_at: DefaultTimestamp;
  finished_at: Timestamp | null;
  nominals: number | null;
}

/** Dates the daily job found changed, with the reason (migration 0037). */
export interface NotificationClockChangeTable {
  id: Generated<string>;
  nominal_id: string;
  changed_for: DateCol;
  field: 'period' | 'review';
  old_value: string;
  new_value: string;
  reason: string;
  created_at: DefaultTimestamp;
}

export interface NotificationReminderTable {
  user_id: string;
  kind: 'notification-duties' | 'rmp-review' | 'notification-dates-changed';
  sent_for: DateCol;
  sent_at: DefaultTimestamp;
  emailed_at: Timestamp | null;
}

/** Vetting applications (migration 0014). */
export type ApplicationStateColumn = import('../modules/vetting/vetting.states.ts').ApplicationState;

export interface VettingApplicationTable {
  id: Generated<string>;
  reference: string;
  applicant_user_id: string;
  sponsor_user_id: string;
  level: 'NPPV2' | 'NPPV3';
  need: string;
  state: ApplicationStateColumn;
  form_version: string;
  renewal_of: string | null;
  case_officer_id: string | null;
  invited_at: DefaultTimestamp;
  form_due_at: Timestamp;
  submitted_at: Timestamp | null;
  returned_at: Timestamp | null;
  return_items: ColumnType<string[] | null, string | null | undefined, string | null>;
  decided_at: Timestamp | null;
  version: ColumnType<number, number | undefined, number>;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
  updated_by: string | null;
  erased_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

/** The applicant's answers, one row per section of the form (migration 0015). */
export interface VettingAnswerTable {
  application_id: string;
  section: string;
  answers: ColumnType<Record<string, unknown>, string, string>;
  form_version: string;
  version: number;
  updated_at: Timestamp;
  updated_by: string | null;
}

export interface VettingApplicationEventTable {
  id: Generated<number>;
  application_id: string;
  event: string;
  from_state: string;
  to_state: string;
  actor_user_id: string | null;
  reason: ColumnType<string, string | undefined, string>;
  at: DefaultTimestamp;
}

/** Vetting casework: checks, their evidence files and decisions (migration 0017). */
export interface VettingCheckFileTable {
  id: Generated<string>;
  application_id: string;
  content_type: 'application/pdf' | 'image/jpeg' | 'image/png' | 'image/webp';
  content: Buffer;
  byte_size: number;
  sha256: string;
  uploaded_by: string;
  uploaded_at: Timestamp;
}

export interface VettingCheckTable {
  id: Generated<number>;
  application_id: string;
  subject_key: string;
  subject_label: string;
  kind: 'pnc' | 'pnd' | 'local-intelligence' | 'special-branch' | 'credit';
  result: 'no-trace' | 'trace-not-adverse' | 'adverse';
  checked_on: string;
  officer_user_id: string;
  connector: string;
  evidence: string;
  file_id: string | null;
  recorded_at: Timestamp;
}

export interface VettingDecisionTable {
  id: Generated<string>;
  application_id: string;
  outcome: 'granted' | 'granted-with-conditions' | 'refused' | 'discontinued';
  status: 'final' | 'proposed' | 'agreed' | 'rejected';
  criteria_version: string;
  factors: ColumnType<string[], string, string>;
  two_stage: ColumnType<{ grounds: 'yes' | 'no'; groundsWhy: string; appropriate: 'yes' | 'no' | null; appropriateWhy: string } | null, string | null, string | null>;
  reason_codes: ColumnType<string[], string, string>;
  disclosable: ColumnType<string[], string, string>;
  rationale: string;
  conditions: ColumnType<string, string | undefined, string>;
  decided_by: string;
  decided_at: Timestamp;
  second_officer_id: string | null;
  second_at: Timestamp | null;
  second_reason: ColumnType<string, string | undefined, string>;
}

/** Vetting appeals, their files, risk-accepted overrides and their later outcomes (migration 0018). */
export interface VettingAppealTable {
  id: Generated<string>;
  application_id: string;
  subject: 'refusal' | 'withdrawal';
  state: 'open' | 'lodged' | 'allowed' | 'dismissed';
  decision_at: Timestamp;
  due_at: Timestamp;
  extended_to: string | null;
  extension_reason: ColumnType<string, string | undefined, string>;
  extended_by: string | null;
  extended_at: Timestamp | null;
  grounds: ColumnType<string, string | undefined, string>;
  representative_name: ColumnType<string, string | undefined, string>;
  representative_organisation: ColumnType<string, string | undefined, string>;
  lodged_at: Timestamp | null;
  hearer_user_id: string | null;
  hearer_assigned_by: string | null;
  hearer_assigned_at: Timestamp | null;
  heard_on: string | null;
  attendees: ColumnType<string, string | undefined, string>;
  representative_present: boolean | null;
  hearing_notes: ColumnType<string, string | undefined, string>;
  hearing_recorded_at: Timestamp | null;
  reasons: ColumnType<string, string | undefined, string>;
  decided_by: string | null;
  decided_at: Timestamp | null;
  version: ColumnType<number, number | undefined, number>;
  created_at: DefaultTimestamp;
}

export interface VettingAppealFileTable {
  id: Generated<string>;
  appeal_id: string;
  content_type: 'application/pdf' | 'image/jpeg' | 'image/png' | 'image/webp';
  content: Buffer;
  byte_size: number;
  sha256: string;
  uploaded_by: string;
  uploaded_at: Timestamp;
}

export interface VettingOverrideTable {
  id: Generated<string>;
  application_id: string;
  authoriser_user_id: string;
  risk_assessment: string;
  conditions: string;
  review_on: string;
  clearance_expires_at: Timestamp;
  decided_at: Timestamp;
}

export interface VettingOverrideOutcomeTable {
  id: Generated<number>;
  override_id: string;
  kind: 'misconduct' | 'crime' | 'vetting-breach' | 'other';
  occurred_on: string;
  description: string;
  recorded_by: string;
  recorded_at: Timestamp;
}

export interface ApiRateWindowTable {
  client_id: string;
  window_start: Timestamp;
  requests: number;
}

/** Relatives' private links and equality monitoring (migration 0016). */
export interface VettingRelativeLinkTable {
  id: Generated<string>;
  application_id: string;
  relationship: string;
  token_hash: string;
  created_by: string;
  created_at: Timestamp;
  expires_at: Timestamp;
  used_at: Timestamp | null;
}

export interface VettingRelativeDetailsTable {
  link_id: string;
  application_id: string;
  details: ColumnType<Record<string, unknown>, string, string>;
  submitted_at: Timestamp;
}

export interface VettingRelativeLinkThrottleTable {
  address: string;
  failures: number;
  window_started_at: Timestamp;
  locked_until: Timestamp | null;
}

export interface EqualityResponseTable {
  application_id: string;
  ethnicity: string;
  sex: string;
  gender_same_as_birth: string;
  age_band: string;
  disability: string;
  religion: string;
  religion_other: ColumnType<string, string | undefined, string>;
  sexual_orientation: string;
  recorded_at: Timestamp;
  updated_at: Timestamp;
}

export interface EqualityObjectionTable {
  user_id: string;
  objected_at: Timestamp;
}

/** Vetting after the decision: reminders, aftercare, review tasks, restrictions, renewal, erasure (migration 0019). */
export interface VettingExpiryReminderTable {
  user_id: string;
  expires_at: Timestamp;
  sent_on: string;
}

export interface VettingAftercareReportTable {
  id: Generated<string>;
  user_id: string;
  application_id: string | null;
  kind: 'name' | 'address' | 'partner-or-co-resident' | 'financial' | 'arrest-or-charge' | 'relative-criminal' | 'other';
  occurred_on: string;
  details: string;
  reported_at: Timestamp;
  outcome: 'no-action' | 'review-clearance' | null;
  outcome_note: ColumnType<string, string | undefined, string>;
  reviewed_by: string | null;
  reviewed_at: Timestamp | null;
  version: ColumnType<number, number | undefined, number>;
}

export interface VettingReviewTaskTable {
  id: Generated<string>;
  user_id: string;
  application_id: string | null;
  kind: 'annual-review' | 'random-revet';
  due_on: string;
  selection_value: ColumnType<string | null, number | string | null | undefined, number | string | null>;
  created_at: Timestamp;
  completed_by: string | null;
  completed_at: Timestamp | null;
  note: ColumnType<string, string | undefined, string>;
}

export interface VettingRestrictionTable {
  id: Generated<string>;
  application_id: string;
  reason: string;
  recorded_by: string;
  recorded_at: Timestamp;
  lifted_by: string | null;
  lifted_at: Timestamp | null;
  lift_reason: ColumnType<string, string | undefined, string>;
}

export interface VettingRenewalConfirmationTable {
  application_id: string;
  section: string;
  confirmed_at: Timestamp;
}

export interface VettingErasureTable {
  application_id: string;
  reference: string;
  outcome: string;
  decided_at: Timestamp | null;
  rule: string;
  due_on: string;
  erased_at: Timestamp;
  erased: ColumnType<Record<string, number>, string, string>;
}

export interface DB {
  vetting_expiry_reminder: VettingExpiryReminderTable;
  vetting_aftercare_report: VettingAftercareReportTable;
  vetting_review_task: VettingReviewTaskTable;
  vetting_restriction: VettingRestrictionTable;
  vetting_renewal_confirmation: VettingRenewalConfirmationTable;
  vetting_erasure: VettingErasureTable;
  api_rate_window: ApiRateWindowTable;
  vetting_appeal: VettingAppealTable;
  vetting_appeal_file: VettingAppealFileTable;
  vetting_override: VettingOverrideTable;
  vetting_override_outcome: VettingOverrideOutcomeTable;
  vetting_application: VettingApplicationTable;
  vetting_application_event: VettingApplicationEventTable;
  vetting_answer: VettingAnswerTable;
  vetting_check: VettingCheckTable;
  vetting_check_file: VettingCheckFileTable;
  vetting_decision: VettingDecisionTable;
  vetting_relative_link: VettingRelativeLinkTable;
  vetting_relative_details: VettingRelativeDetailsTable;
  vetting_relative_link_throttle: VettingRelativeLinkThrottleTable;
  equality_response: EqualityResponseTable;
  equality_objection: EqualityObjectionTable;
  notification_clock_run: NotificationClockRunTable;
  notification_clock_change: NotificationClockChangeTable;
  notification_reminder: NotificationReminderTable;
  mappa_meeting: MappaMeetingTable;
  mappa_meeting_attendee: MappaMeetingAttendeeTable;
  mappa_action: MappaActionTable;
  notification_disposal: NotificationDisposalTable;
  notification_event: NotificationEventTable;
  notification_breach: NotificationBreachTable;
  notification_review: NotificationReviewTable;
  notification_status: NotificationStatusTable;
  notification_duty: NotificationDutyTable;
  nominal_flag_spell: NominalFlagSpellTable;
  nominal_status_change: NominalStatusChangeTable;
  nominal_transfer: NominalTransferTable;
  nominal_item: NominalItemTable;
  nominal_item_history: NominalItemHistoryTable;
  nominal_file: NominalFileTable;
  user_message: UserMessageTable;
  nominal_name: NominalNameTable;
  nominal_identifier: NominalIdentifierTable;
  clearance: ClearanceTable;
  nominal: NominalTable;
  nominal_relationship: NominalRelationshipTable;
  nominal_exclusion: NominalExclusionTable;
  nominal_restriction: NominalRestrictionTable;
  break_glass_grant: BreakGlassGrantTable;
  audit_entry: AuditEntryTable;
  audit_pending: AuditPendingTable;
  audit_leaf: AuditLeafTable;
  audit_checkpoint: AuditCheckpointTable;
  api_client: ApiClientTable;
  agency: AgencyTable;
  unit: UnitTable;
  app_user: AppUserTable;
  user_role: UserRoleTable;
  recovery_code: RecoveryCodeTable;
  sign_in_throttle: SignInThrottleTable;
  outbox_event: OutboxEventTable;
  user_session: UserSessionTable;
}

export type AppUser = Selectable<AppUserTable>;
export type NewAppUser = Insertable<AppUserTable>;
export type Agency = Selectable<AgencyTable>;
export type Unit = Selectable<UnitTable>;
export type OutboxEvent = Selectable<OutboxEventTable>;
