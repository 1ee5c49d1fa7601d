import type { ColumnType, Insertable, InsertType, Selectable, SelectType } from 'kysely';
import type { ApplicationState } from '../modules/vetting/vetting.states.ts';
import type * as G from './schema.generated.ts';

/**
 * Table types for Kysely. They are generated from the migrated database (schema.generated.ts,
 * `npm run db:types`), so a table or column added in a migration is here without a hand edit, and a
 * test fails when the generated file falls behind the migrations. This file adds only what SQL
 * cannot say: the shape of JSON columns, and the columns of the access log the database computes.
 */

// ---------------------------------------------------------------------------------------------
// Refinements. Each replaces a generated column's type and must keep what SQL says of it: a
// column named here that the database does not have, or a refinement that adds or drops a default
// (or, for a column that is not JSON, null), fails to compile.

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Assert<T extends true> = T;
type Defaulted<C> = undefined extends InsertType<C> ? true : false;
type Nullable<C> = null extends SelectType<C> ? true : false;
// A json(b) column may hold JSON null whatever its constraint says, so the generated type allows null.
type IsJson<C> = G.JsonValue extends SelectType<C> ? true : false;
type Keeps<C, R> =
  [Defaulted<C>] extends [Defaulted<R>]
    ? [IsJson<C>] extends [true]
      ? unknown
      : [Nullable<C>] extends [Nullable<R>]
        ? unknown
        : never
    : never;
type Refine<T, R extends { [K in keyof R]: K extends keyof T ? Keeps<T[K], R[K]> : never }> = Omit<T, keyof R> & R;

/**
 * A json(b) column, read back parsed as `S` and written as JSON text (JSON.stringify): pg would
 * send a JavaScript array as a PostgreSQL array, not as JSON.
 */
type JsonText<S> = ColumnType<S, string, string>;
type NullableJsonText<S> = ColumnType<S | null, string | null, string | null>;

// ---------------------------------------------------------------------------------------------
// Tables with refined columns.

/** Every column of the access log but its canonical text is computed from that text by the database. */
type Computed<T, Written extends keyof T> = {
  [K in keyof T]: K extends Written ? T[K] : ColumnType<SelectType<T[K]>, never, never>;
};
// The log's search filters by kind as text; the CHECK still holds it to the listed kinds.
export type AuditEntryTable = Computed<Refine<G.AuditEntry, { changes: G.Generated<unknown>; kind: G.Generated<string> }>, 'canonical' | 'id'>;

// Roles are written from the role list in the code (shared/context.ts); the CHECK holds them to it.
export type UserRoleTable = Refine<G.UserRole, { role: string }>;
export type OutboxEventTable = Refine<G.OutboxEvent, { payload: G.Generated<JsonText<Record<string, unknown>>> }>;
export type NominalItemTable = Refine<G.NominalItem, { data: JsonText<Record<string, unknown>> }>;
export type NominalItemHistoryTable = Refine<G.NominalItemHistory, { data: JsonText<Record<string, unknown>> }>;
export type NotificationReviewTable = Refine<
  G.NotificationReview,
  { factors: ColumnType<Record<string, unknown>, string | Record<string, unknown> | undefined, string | Record<string, unknown>> }
>;
export type VettingApplicationTable = Refine<G.VettingApplication, { return_items: NullableJsonText<string[]> }>;
export type VettingAnswerTable = Refine<G.VettingAnswer, { answers: JsonText<Record<string, unknown>> }>;
export type VettingDecisionTable = Refine<
  G.VettingDecision,
  {
    factors: JsonText<string[]>;
    two_stage: NullableJsonText<{ grounds: 'yes' | 'no'; groundsWhy: string; appropriate: 'yes' | 'no' | null; appropriateWhy: string }>;
    reason_codes: JsonText<string[]>;
    disclosable: JsonText<string[]>;
  }
>;
export type VettingRelativeDetailsTable = Refine<G.VettingRelativeDetails, { details: JsonText<Record<string, unknown>> }>;
/** How many of each kind of record an erasure removed. */
export type VettingErasureTable = Refine<G.VettingErasure, { erased: JsonText<Record<string, number>> }>;

/**
 * The exclusion and restriction lists have the same columns, and the register reads either with one
 * query (register.sharing.repository.ts), which Kysely types only when the two are one type.
 */
type _ListsMatch = Assert<Same<G.NominalRestriction, G.NominalExclusion>>;

export interface DB
  extends Omit<
    G.DB,
    | 'audit_entry'
    | 'nominal_restriction'
    | 'user_role'
    | 'outbox_event'
    | 'nominal_item'
    | 'nominal_item_history'
    | 'notification_review'
    | 'vetting_application'
    | 'vetting_answer'
    | 'vetting_decision'
    | 'vetting_relative_details'
    | 'vetting_erasure'
  > {
  audit_entry: AuditEntryTable;
  nominal_restriction: G.NominalExclusion;
  user_role: UserRoleTable;
  outbox_event: OutboxEventTable;
  nominal_item: NominalItemTable;
  nominal_item_history: NominalItemHistoryTable;
  notification_review: NotificationReviewTable;
  vetting_application: VettingApplicationTable;
  vetting_answer: VettingAnswerTable;
  vetting_decision: VettingDecisionTable;
  vetting_relative_details: VettingRelativeDetailsTable;
  vetting_erasure: VettingErasureTable;
}

// ---------------------------------------------------------------------------------------------
// Names the code uses. The states a vetting application may be in are listed in the code
// (vetting.states.ts) and in the migration's CHECK: this fails to compile when the two differ.

type _ApplicationStatesMatch = Assert<Same<SelectType<G.VettingApplication['state']>, ApplicationState>>;

export type ApplicationStateColumn = ApplicationState;
export type NominalStatus = SelectType<G.Nominal['status']>;

export type AppUser = Selectable<AppUserTable>;
export type NewAppUser = Insertable<AppUserTable>;
export type Agency = Selectable<AgencyTable>;
export type Unit = Selectable<UnitTable>;
export type OutboxEvent = Selectable<OutboxEventTable>;

// Every table under the name it has always had here.
export type AgencyTable = DB['agency'];
export type ApiClientTable = DB['api_client'];
export type ApiRateWindowTable = DB['api_rate_window'];
export type AppUserTable = DB['app_user'];
export type AuditCheckpointTable = DB['audit_checkpoint'];
export type AuditGapRuleTable = DB['audit_gap_rule'];
export type AuditLeafTable = DB['audit_leaf'];
export type AuditPendingTable = DB['audit_pending'];
export type BreakGlassGrantTable = DB['break_glass_grant'];
export type ClearanceTable = DB['clearance'];
export type EqualityObjectionTable = DB['equality_objection'];
export type EqualityResponseTable = DB['equality_response'];
export type MappaActionTable = DB['mappa_action'];
export type MappaMeetingAttendeeTable = DB['mappa_meeting_attendee'];
export type MappaMeetingTable = DB['mappa_meeting'];
export type NominalExclusionTable = DB['nominal_exclusion'];
export type NominalFileTable = DB['nominal_file'];
export type NominalFlagSpellTable = DB['nominal_flag_spell'];
export type NominalIdentifierTable = DB['nominal_identifier'];
export type NominalNameTable = DB['nominal_name'];
export type NominalRelationshipTable = DB['nominal_relationship'];
export type NominalRestrictionTable = DB['nominal_restriction'];
export type NominalStatusChangeTable = DB['nominal_status_change'];
export type NominalTable = DB['nominal'];
export type NominalTransferTable = DB['nominal_transfer'];
export type NotificationBreachTable = DB['notification_breach'];
export type NotificationClockChangeTable = DB['notification_clock_change'];
export type NotificationClockRunTable = DB['notification_clock_run'];
export type NotificationDisposalTable = DB['notification_disposal'];
export type NotificationDutyTable = DB['notification_duty'];
export type NotificationEventTable = DB['notification_event'];
export type NotificationReminderTable = DB['notification_reminder'];
export type NotificationStatusTable = DB['notification_status'];
export type RecoveryCodeTable = DB['recovery_code'];
export type SchemaMigrationTable = DB['schema_migration'];
export type SignInThrottleTable = DB['sign_in_throttle'];
export type UnitTable = DB['unit'];
export type UserMessageTable = DB['user_message'];
export type UserSessionTable = DB['user_session'];
export type VettingAftercareReportTable = DB['vetting_aftercare_report'];
export type VettingAppealFileTable = DB['vetting_appeal_file'];
export type VettingAppealTable = DB['vetting_appeal'];
export type VettingApplicationEventTable = DB['vetting_application_event'];
export type VettingCheckFileTable = DB['vetting_check_file'];
export type VettingCheckTable = DB['vetting_check'];
export type VettingExpiryReminderTable = DB['vetting_expiry_reminder'];
export type VettingOverrideOutcomeTable = DB['vetting_override_outcome'];
export type VettingOverrideTable = DB['vetting_override'];
export type VettingRelativeLinkTable = DB['vetting_relative_link'];
export type VettingRelativeLinkThrottleTable = DB['vetting_relative_link_throttle'];
export type VettingRenewalConfirmationTable = DB['vetting_renewal_confirmation'];
export type VettingRestrictionTable = DB['vetting_restriction'];
export type VettingReviewTaskTable = DB['vetting_review_task'];
