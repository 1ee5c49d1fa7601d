import { z } from 'zod';
import type { Config } from '../../config.ts';
import type { Database } from '../../db/database.ts';
import { withTransaction, type Tx } from '../../db/transaction.ts';
import type { RequestContext } from '../../shared/context.ts';
import { pageWindow, PAGE_SIZE, PageSchema } from '../../shared/pagination.ts';
import { parseInput } from '../../shared/validation.ts';
import { csvRow } from '../audit/audit.csv.ts';
import * as org from '../identity/identity.organisation.repository.ts';
import { readerFor as registerReader } from '../register/register.access.ts';
import { ukToday } from '../../shared/clock.ts';
import { CHANGE_REASON_TEXT, CHANGED_FIELD_TEXT, changedValueText, dayText } from './notification.presenter.ts';
import type { WarningCode } from './notification.types.ts';
import * as repo from './notification.worklist.repository.ts';

export const LIST_MESSAGE = 'Choose a list: overdue, due-7, due-30, breaches, reviews, incomplete or changed';
export const SCOPE_MESSAGE = 'Choose whose records: mine or unit';

const ListQuery = z.object({
  scope: z.preprocess((v) => (v === undefined || v === '' ? 'mine' : v), z.enum(repo.SCOPES, { error: SCOPE_MESSAGE })),
  list: z.preprocess((v) => (v === undefined || v === '' ? 'overdue' : v), z.enum(repo.WORKLISTS, { error: LIST_MESSAGE })),
});
const PageQuery = ListQuery.extend(PageSchema.shape);

/** What each list is called on the page and in the file name. */
export const WORKLIST_NAMES: Record<repo.Worklist, string> = {
  overdue: 'Overdue',
  'due-7': 'Due in the next 7 days',
  'due-30': 'Due in the next 30 days',
  breaches: 'Breaches to record',
  reviews: 'Reviews now possible',
  incomplete: 'Facts to complete',
  changed: 'Dates changed by the clock',
};

/** What each warning asks for, in a few words for a list (the record's page says it in full). */
export const WARNING_NAMES: Record<WarningCode, string> = {
  'term-missing': 'the length of a term',
  'discharge-period-missing': 'the period of a conditional discharge',
  'terms-unanswered': 'how terms imposed on the same day run',
  'runs-with-unknown': 'a term said to run with a removed disposal',
  'overlap-too-long': 'the overlap of partly concurrent terms',
  'term-near-threshold': 'a term close to 6 or 30 months',
  'custody-not-recorded': 'time in custody for an indefinite sentence',
};

/** A changed date as a list shows it: what, from, to, why. */
const changedRow = (r: repo.ChangedRow) => ({
  ...r,
  changedOn: dayText(r.changedFor),
  what: CHANGED_FIELD_TEXT[r.field] ?? r.field,
  from: changedValueText(r.field, r.oldValue),
  to: changedValueText(r.field, r.newValue),
  why: CHANGE_REASON_TEXT[r.reason] ?? r.reason,
});

export const warningNames = (codes: string): string =>
  codes
    .split(',')
    .map((c) => WARNING_NAMES[c as WarningCode] ?? c)
    .join('; ');

export const DUTY_NAMES: Record<string, string> = { initial: 'Initial notification', change: 'Notify a change', periodic: 'Periodic notification', travel: 'Foreign travel not notified' };

/**
 * The notification work lists: what is overdue, due soon, breached but not yet recorded, and
 * which reviews of indefinite notification may now be applied for, for the records I manage or
 * my unit owns. They read what the clock last computed (notification_status and
 * notification_duty), never run it per request, and are scoped to the reader in SQL.
 */
export function createWorklistService(database: Database, config: Pick<Config, 'register'>) {
  const readerFor = (tx: Tx) => registerReader(tx, config.register.clearanceLevel);
  const ownerOf = (scope: repo.Scope, r: { userId: string; unitId: string }): repo.Owner => (scope === 'mine' ? { managingOfficerId: r.userId } : { owningUnitId: r.unitId });

  return {
    /** One list of one scope, a page at a time, with the count of every list for the tabs. */
    async viewWorklist(ctx: RequestContext, query: unknown) {
      const { scope, list, page } = parseInput(PageQuery, query);
      const today = ukToday(ctx.now);
      return withTransaction(database, ctx, async (tx) => {
        const reader = await readerFor(tx);
        await repo.forShortStatements(tx.db);
        const owner = ownerOf(scope, reader);
        const unit = scope === 'unit' ? await org.findUnit(tx.db, reader.unitId) : undefined;
        const empty = { overdue: 0, 'due-7': 0, 'due-30': 0, breaches: 0, reviews: 0, incomplete: 0, changed: 0 };
        const counts = reader.cleared ? await repo.countWorklists(tx.db, reader, owner, today) : empty;
        const window = pageWindow(page);
        const duties = reader.cleared && list !== 'reviews' && list !== 'incomplete' && list !== 'changed' ? await repo.listDuties(tx.db, reader, owner, list, today, window) : [];
        const changed = reader.cleared && list === 'changed' ? (await repo.listChanged(tx.db, reader, owner, today, window)).map(changedRow) : [];
        const reviews = reader.cleared && list === 'reviews' ? await repo.listReviews(tx.db, reader, owner, today, window) : [];
        const incomplete = reader.cleared && list === 'incomplete' ? (await repo.listIncomplete(tx.db, reader, owner, window)).map((r) => ({ ...r, what: warningNames(r.warnings) })) : [];
        await tx.log({ kind: 'consultation', action: 'notification.worklist-viewed', subjectType: 'notification-worklist', subjectId: `${scope}/${list}`, purposeCode: 'case-management' });
        return { scope, list, today, counts, duties, reviews, incomplete, changed, total: counts[list], page, pageSize: PAGE_SIZE, cleared: reader.cleared, unitName: unit?.name ?? '' };
      });
    },

    /** One whole list as CSV for a spreadsheet (formulas defused), logged as a consultation of it. */
    async exportWorklist(ctx: RequestContext, query: unknown) {
      const { scope, list } = parseInput(ListQuery, query);
      const today = ukToday(ctx.now);
      return withTransaction(database, ctx, async (tx) => {
        const reader = await readerFor(tx);
        await repo.forShortStatements(tx.db);
        const owner = ownerOf(scope, reader);
        let csv: string;
        let rows = 0;
        if (list === 'reviews') {
          const items = reader.cleared ? await repo.listReviews(tx.db, reader, owner, today) : [];
          csv = csvRow(['Reference', 'Family name', 'Given names', 'Review possible from']) + items.map((r) => csvRow([r.reference, r.familyName, r.givenNames, r.eligibleFrom])).join('');
          rows = items.length;
        } else if (list === 'changed') {
          const items = reader.cleared ? (await repo.listChanged(tx.db, reader, owner, today)).map(changedRow) : [];
          csv =
            csvRow(['Changed on', 'Reference', 'Family name', 'Given names', 'What changed', 'Was', 'Now', 'Why']) +
            items.map((r) => csvRow([r.changedFor, r.reference, r.familyName, r.givenNames, r.what, r.from, r.to, r.why])).join('');
          rows = items.length;
        } else if (list === 'incomplete') {
          const items = reader.cleared ? await repo.listIncomplete(tx.db, reader, owner) : [];
          csv = csvRow(['Reference', 'Family name', 'Given names', 'Facts to complete or check']) + items.map((r) => csvRow([r.reference, r.familyName, r.givenNames, warningNames(r.warnings)])).join('');
          rows = items.length;
        } else {
          const items = reader.cleared ? await repo.listDuties(tx.db, reader, owner, list, today) : [];
          csv =
            csvRow(['Reference', 'Family name', 'Given names', 'Duty', 'Change', 'Section', 'Arose on', 'Due by']) +
            items.map((d) => csvRow([d.reference, d.familyName, d.givenNames, DUTY_NAMES[d.duty] ?? d.duty, d.changeKind ?? '', d.section, d.triggeredOn, d.dueBy])).join('');
          rows = items.length;
        }
        await tx.log({ kind: 'consultation', action: 'notification.worklist-exported', subjectType: 'notification-worklist', subjectId: `${scope}/${list}`, purposeCode: 'case-management' });
        return { filename: `notification-${scope}-${list}-${today}.csv`, csv, rows };
      });
    },

    /** The home page's counts for me and my unit; null for a user without register clearance (nothing shown, nothing read). */
    async homeCounts(ctx: RequestContext) {
      if (!ctx.actor) return null;
      return withTransaction(database, ctx, async (tx) => {
        const reader = await readerFor(tx);
        if (!reader.cleared) return null;
        await repo.forShortStatements(tx.db);
        const counts = await repo.homeCounts(tx.db, reader, ukToday(ctx.now));
        await tx.log({ kind: 'consultation', action: 'notification.worklist-counts-viewed', subjectType: 'notification-worklist', purposeCode: 'case-management' });
        return counts;
      });
    },
  };
}

export type WorklistService = ReturnType<typeof createWorklistService>;
