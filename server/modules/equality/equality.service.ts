import type { Database } from '../../db/database.ts';
import { withTransaction, type Tx } from '../../db/transaction.ts';
import { badRequest, conflict, forbidden, notFound } from '../../errors.ts';
import { hasRole, type RequestContext } from '../../shared/context.ts';
import { isUuid } from '../../shared/ids.ts';
import type { AccessLogInput } from '../audit/audit.log.ts';
import { operation, Refusal } from '../register/register.editing.ts';
import { findApplication } from '../vetting/vetting.repository.ts';
import type { ApplicationState } from '../vetting/vetting.states.ts';
import { answerText, ETHNIC_GROUPS, NOT_STATED, PREFER_NOT, QUESTIONS, type Question } from './equality.questions.ts';
import * as repo from './equality.repository.ts';
import { parseEquality } from './equality.schemas.ts';

const NOT_FOUND = 'No vetting application was found with that reference, or you do not have access to it.';
/** Equality monitoring is not a vetting purpose: the log says what it is (DPA 2018 Sch 1 para 8). */
const PURPOSE = { purposeCode: 'other', purposeText: 'equality monitoring' } as const satisfies Partial<AccessLogInput>;

/** The applicant may see and change their answers until they submit; after that, never again. */
const EDITABLE: ApplicationState[] = ['sponsored', 'in-progress', 'returned'];

/** The summary's columns: where each application stands, from its state. */
export const OUTCOMES: { key: string; text: string; states: ApplicationState[] }[] = [
  { key: 'in-progress', text: 'Filling in the form', states: ['sponsored', 'in-progress', 'returned'] },
  { key: 'waiting', text: 'Awaiting a decision', states: ['submitted', 'checks', 'refusal-proposed'] },
  { key: 'granted', text: 'Granted', states: ['granted', 'granted-with-conditions', 'appeal-allowed'] },
  { key: 'refused', text: 'Refused', states: ['refused', 'appealed', 'appeal-dismissed'] },
  { key: 'discontinued', text: 'Discontinued', states: ['discontinued'] },
  { key: 'withdrawn', text: 'Withdrawn', states: ['withdrawn'] },
];
const outcomeOf = (state: ApplicationState) => OUTCOMES.find((o) => o.states.includes(state))!.key;

export interface SummaryRow {
  text: string;
  /** Ethnicity's broad groups are headings over their detailed groups. */
  broad?: boolean;
  counts: Record<string, number>;
  total: number;
}

function rowsFor(q: Question, counts: { value: string; state: ApplicationState; count: number }[]): SummaryRow[] {
  const row = (text: string, values: string[], broad?: boolean): SummaryRow => {
    const c: Record<string, number> = Object.fromEntries(OUTCOMES.map((o) => [o.key, 0]));
    for (const x of counts) if (values.includes(x.value)) c[outcomeOf(x.state)]! += x.count;
    return { text, broad, counts: c, total: Object.values(c).reduce((a, b) => a + b, 0) };
  };
  const rows: SummaryRow[] = [];
  if (q.key === 'ethnicity') {
    for (const g of ETHNIC_GROUPS) {
      const members = q.choices.filter((c) => c.group === g.value);
      rows.push(row(g.text, members.map((m) => m.value), true));
      for (const m of members) rows.push(row(m.text, [m.value]));
    }
  } else {
    for (const c of q.choices) rows.push(row(c.text, [c.value]));
  }
  rows.push(row(answerText(q, PREFER_NOT), [PREFER_NOT]), row(answerText(q, NOT_STATED), [NOT_STATED]));
  return rows;
}

/**
 * For the applicant's task list ("Equality monitoring (optional)"): whether they answered or
 * objected, never what they answered. Call it with the transaction's db.
 */
export async function equalityTaskStatus(db: Tx['db'], applicationId: string, applicantUserId: string): Promise<'answered' | 'objected' | 'not-answered'> {
  if (await repo.hasObjected(db, applicantUserId)) return 'objected';
  return (await repo.hasResponse(db, applicationId)) ? 'answered' : 'not-answered';
}

export function createEqualityService(database: Database) {
  /** The applicant's own application; anyone else, whatever their role, gets "not found". */
  async function ownApplication(tx: Tx, id: unknown, action: string) {
    const a = isUuid(id) ? await findApplication(tx.db, id) : undefined;
    if (!a || a.applicant_user_id !== tx.ctx.actor?.userId) {
      throw new Refusal(notFound(NOT_FOUND), { kind: 'consultation', action, subjectType: 'vetting-application', subjectId: a?.id, decision: 'denied', ...PURPOSE });
    }
    return a;
  }

  return {
    /** The applicant's equality page: their own answers while they may still change them. */
    async form(ctx: RequestContext, applicationId: unknown) {
      return operation(database, ctx, async (tx) => {
        const a = await ownApplication(tx, applicationId, 'equality.form-viewed');
        const editable = EDITABLE.includes(a.state);
        const objected = await repo.hasObjected(tx.db, a.applicant_user_id);
        const answered = await repo.hasResponse(tx.db, a.id);
        const r = editable && answered ? await repo.responseFor(tx.db, a.id) : undefined;
        await tx.log({ kind: 'consultation', action: 'equality.form-viewed', subjectType: 'vetting-application', subjectId: a.id, ...PURPOSE });
        const values: Record<string, string> = r
          ? { ethnicity: r.ethnicity, sex: r.sex, genderSameAsBirth: r.gender_same_as_birth, ageBand: r.age_band, disability: r.disability, religion: r.religion, religionOther: r.religion_other, sexualOrientation: r.sexual_orientation }
          : {};
        return { application: { id: a.id, reference: a.reference, state: a.state }, editable, objected, answered, values };
      });
    },

    /** Saves the answers, or the objection (which deletes every answer the person gave). */
    async save(ctx: RequestContext, applicationId: unknown, input: unknown) {
      return operation(database, ctx, async (tx) => {
        const a = await ownApplication(tx, applicationId, 'equality.answers-saved');
        const parsed = parseEquality(input);
        if (parsed.objects) {
          const deleted = await repo.recordObjection(tx.db, a.applicant_user_id, ctx.now);
          await tx.record({ type: 'equality.objection-recorded', subjectType: 'vetting-application', subjectId: a.id, payload: { answersDeleted: deleted }, log: { kind: 'erasure', ...PURPOSE } });
          return { objected: true };
        }
        if (!EDITABLE.includes(a.state)) throw conflict('out-of-order', 'Your application has been submitted, so your equality answers can no longer be changed. You can still object to their use.');
        await repo.withdrawObjection(tx.db, a.applicant_user_id);
        await repo.saveResponse(tx.db, a.id, parsed.answers, ctx.now);
        await tx.record({ type: 'equality.answers-saved', subjectType: 'vetting-application', subjectId: a.id, payload: {}, log: { kind: 'collection', ...PURPOSE } });
        return { objected: false };
      });
    },

    /** The equality lead's figures: counts by characteristic and where each application stands. Nothing else. */
    async summary(ctx: RequestContext, query: unknown) {
      const levelText = (query as { level?: unknown } | undefined)?.level;
      const level = levelText === 'NPPV2' || levelText === 'NPPV3' ? levelText : levelText === undefined || levelText === '' ? null : undefined;
      return withTransaction(database, ctx, async (tx) => {
        if (!hasRole(ctx.actor, 'equality-lead')) {
          await tx.log({ kind: 'consultation', action: 'equality.summary-viewed', decision: 'denied', ...PURPOSE });
          return null;
        }
        if (level === undefined) throw badRequest('invalid-input', 'Choose a vetting level: NPPV2, NPPV3 or all levels', [{ field: 'level', message: 'Choose a vetting level: NPPV2, NPPV3 or all levels' }]);
        const sections = [];
        for (const q of QUESTIONS) sections.push({ key: q.key, name: q.summaryName, rows: rowsFor(q, await repo.summaryCounts(tx.db, q, level)) });
        await tx.log({ kind: 'consultation', action: 'equality.summary-viewed', ...PURPOSE });
        return { level, sections, outcomes: OUTCOMES.map(({ key, text }) => ({ key, text })) };
      }).then((result) => {
        if (!result) throw forbidden('Only the equality lead can see the equality monitoring figures.');
        return result;
      });
    },
  };
}

export type EqualityService = ReturnType<typeof createEqualityService>;
