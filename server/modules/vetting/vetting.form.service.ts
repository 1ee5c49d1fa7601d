import { requireUnrestricted } from './vetting.lifecycle.ts';
import { randomUUID } from 'node:crypto';
import type { Database } from '../../db/database.ts';
import type { Tx } from '../../db/transaction.ts';
import { badRequest, conflict, notFound, unauthenticated, type FieldError } from '../../errors.ts';
import { isUuid } from '../../shared/ids.ts';
import type { RequestContext } from '../../shared/context.ts';
import { operation, Refusal } from '../register/register.editing.ts';
import { whenText } from '../register/register.items.service.ts';
import { formDefinition, sectionOf, type FormDefinition, type Section } from './vetting.form.definition.ts';
import * as answersRepo from './vetting.form.repository.ts';
import type { AnswerRow, SectionAnswers } from './vetting.form.repository.ts';
import { acceptedNames, validateSection } from './vetting.form.validation.ts';
import { moveApplication } from './vetting.lifecycle.ts';
import * as repo from './vetting.repository.ts';
import { STATE_NAMES } from './vetting.states.ts';

const NOT_FOUND = 'No vetting application was found with that reference, or you do not have access to it.';
/** The applicant may change answers until they submit, and again if the application is returned. */
const EDITABLE = ['sponsored', 'in-progress', 'returned'];
const MAX_ENTRIES = 50;
const MAX_VALUE = 20_000;

export type SectionStatus = 'Not started' | 'In progress' | 'Completed' | 'Cannot start yet';

/** The applicant's own application; anyone else (sponsor included) is told "not found", logged with the reason. */
async function ownApplication(tx: Tx, id: unknown, action: string) {
  const actor = tx.ctx.actor;
  if (!actor) throw unauthenticated();
  const application = isUuid(id) ? await repo.findApplication(tx.db, id) : undefined;
  if (!application || application.applicant_user_id !== actor.userId) {
    throw new Refusal(notFound(NOT_FOUND), { kind: 'consultation', action, subjectType: 'vetting-application', subjectId: application?.id, purposeCode: 'vetting', decision: 'denied', policyIds: [application ? 'vetting.applicant-only' : 'vetting.no-such-application'] });
  }
  const form = formDefinition(application.form_version);
  if (!form) throw new Error(`Unknown form version ${application.form_version}`);
  return { application, form };
}

const consulted = (tx: Tx, action: string, id: string) => tx.log({ kind: 'consultation', action, subjectType: 'vetting-application', subjectId: id, purposeCode: 'vetting', policyIds: ['vetting.applicant-own'] });

/** Each section's status and what is left to fix, from the answers as saved and today's date. */
export function progress(form: FormDefinition, rows: AnswerRow[], today: Date) {
  const saved = new Map(rows.map((r) => [r.section, r]));
  const sections = form.sections.map((section) => {
    const row = saved.get(section.key);
    const errors = row ? validateSection(form, section, row.answers, today) : [];
    return { section, row, errors, status: (row ? (errors.length ? 'In progress' : 'Completed') : 'Not started') as SectionStatus };
  });
  const othersDone = sections.every((s) => s.section.last || s.status === 'Completed');
  for (const s of sections) if (s.section.last && !othersDone) s.status = 'Cannot start yet';
  return { sections, complete: sections.filter((s) => s.status === 'Completed').length, ready: sections.every((s) => s.status === 'Completed') };
}

const first = (v: unknown): string => (typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? v[0] : '');

/**
 * The section as typed, from the posted form: only the names the section asks, entries of lists in
 * their order (blank entries dropped), each entry keeping its id. "Remove" takes one entry out.
 */
export function readSection(section: Section, body: Record<string, unknown>): SectionAnswers {
  const answers = typedAnswers(section, body);
  for (const group of section.groups) {
    if ((answers[group.name] as unknown[]).length > MAX_ENTRIES) throw badRequest('too-many-entries', `You can list up to ${MAX_ENTRIES} entries here. Contact the vetting team if you need more.`);
  }
  const long = Object.values(answers).flatMap((v) => (typeof v === 'string' ? [v] : v.flatMap((e) => Object.values(e)))).some((v) => v.length > MAX_VALUE);
  if (long) throw badRequest('answer-too-long', 'An answer is too long: keep each answer under 5000 characters. Nothing on this page has been saved.');
  return answers;
}

/** The same, without refusing anything: to show a refused page again exactly as it was typed. */
export function typedAnswers(section: Section, body: Record<string, unknown>): SectionAnswers {
  const names = acceptedNames(section);
  const answers: SectionAnswers = {};
  for (const name of names.fields) answers[name] = first(body[name]);
  const action = first(body.action);
  for (const group of names.groups) {
    const indices = new Set<number>();
    for (const key of Object.keys(body)) {
      const m = new RegExp(`^${group.name}-(\\d{1,3})-`).exec(key);
      if (m) indices.add(Number(m[1]));
    }
    const entries: Record<string, string>[] = [];
    for (const i of [...indices].sort((a, b) => a - b)) {
      if (action === `remove-${group.name}-${i}`) continue;
      const entry: Record<string, string> = {};
      for (const part of group.parts) entry[part] = first(body[`${group.name}-${i}-${part}`]);
      if (group.parts.every((p) => p === 'entryId' || entry[p]!.trim() === '')) continue;
      if (!isUuid(entry.entryId)) entry.entryId = randomUUID();
      entries.push(entry);
    }
    answers[group.name] = entries;
  }
  return answers;
}

const versionOf = (body: Record<string, unknown>): number => {
  const v = Number(first(body.version));
  if (!Number.isInteger(v) || v < 0) throw badRequest('invalid-input', 'The form is missing its version: reload the page and make your change again', [{ field: 'form', message: 'Reload the page and make your change again' }]);
  return v;
};

/** The applicant's form: their applications, the task list, each section, check your answers and submission. */
export function createFormService(database: Database) {
  return {
    /** The signed-in user's own applications, newest first (scoped to them in SQL). */
    async listMyApplications(ctx: RequestContext) {
      const actor = ctx.actor;
      if (!actor) throw unauthenticated();
      return operation(database, ctx, async (tx) => {
        const list = await answersRepo.applicationsOf(tx.db, actor.userId);
        for (const a of list) await consulted(tx, 'vetting.applications-listed', a.id);
        return list.map((a) => ({ ...a, stateName: STATE_NAMES[a.state] }));
      });
    },

    async viewTaskList(ctx: RequestContext, id: unknown) {
      return operation(database, ctx, async (tx) => {
        const { application, form } = await ownApplication(tx, id, 'vetting.task-list-viewed');
        const rows = await answersRepo.listAnswers(tx.db, application.id);
        await consulted(tx, 'vetting.task-list-viewed', application.id);
        return { application, form, stateName: STATE_NAMES[application.state], editable: EDITABLE.includes(application.state), ...progress(form, rows, ctx.now) };
      });
    },

    /** One section with its saved answers (or none yet) and what still needs fixing. */
    async viewSection(ctx: RequestContext, id: unknown, key: unknown) {
      return operation(database, ctx, async (tx) => {
        const { application, form } = await ownApplication(tx, id, 'vetting.section-viewed');
        const section = sectionOf(form, key);
        if (!section) throw notFound('There is no such section of the vetting form.');
        const row = await answersRepo.findAnswers(tx.db, application.id, section.key);
        await consulted(tx, 'vetting.section-viewed', application.id);
        const errors = row ? validateSection(form, section, row.answers, ctx.now) : [];
        return { application, form, section, answers: row?.answers ?? {}, version: row?.version ?? 0, errors, editable: EDITABLE.includes(application.state) };
      });
    },

    /**
     * Saves a section whole, as typed, even with mistakes in it (the form never loses an answer),
     * and returns what is still to fix. The first save starts the application. A page loaded before
     * another window saved is refused (409) with when, and nothing of it is written.
     */
    async saveSection(ctx: RequestContext, id: unknown, key: unknown, body: Record<string, unknown>) {
      return operation(database, ctx, async (tx) => {
        const { application, form } = await ownApplication(tx, id, 'vetting.answers-saved');
        const section = sectionOf(form, key);
        if (!section) throw notFound('There is no such section of the vetting form.');
        const expected = versionOf(body);
        const answers = readSection(section, body);
        await requireUnrestricted(tx.db, application.id);
        if (!EDITABLE.includes(application.state)) throw conflict('not-editable', `This application is ${STATE_NAMES[application.state].toLowerCase()}: its answers can no longer be changed. Nothing has been saved.`);
        if (section.last && !progress(form, await answersRepo.listAnswers(tx.db, application.id), ctx.now).sections.every((s) => s.section.last || s.status === 'Completed')) {
          throw conflict('cannot-start-yet', 'Complete every other section before the declaration. Nothing has been saved.');
        }
        const existing = await answersRepo.findAnswers(tx.db, application.id, section.key, true);
        if ((existing?.version ?? 0) !== expected) {
          throw conflict('stale-answers', `This section was saved at ${whenText(existing?.updatedAt ?? ctx.now)}, perhaps in another window, after you opened this page. Nothing from this page has been saved: your answers are below, check them against the saved ones and save again.`);
        }
        if (application.state === 'sponsored') await moveApplication(tx, application.id, 'start', { reason: 'The applicant started the form.' });
        const version = await answersRepo.saveAnswers(tx.db, { applicationId: application.id, section: section.key, answers, formVersion: form.version, expectedVersion: expected, userId: ctx.actor!.userId, at: ctx.now });
        if (version === undefined) throw conflict('stale-answers', 'This section was saved a moment ago in another window. Nothing from this page has been saved: reload it and save again.');
        // Which answers changed is logged as hashes by the access log; never the answers themselves.
        await tx.record({ type: 'vetting.answers-saved', subjectType: 'vetting-application', subjectId: application.id, payload: { section: section.key, version }, log: { kind: existing ? 'alteration' : 'collection', purposeCode: 'vetting', policyIds: ['vetting.applicant-own'] } });
        return { applicationId: application.id, reference: application.reference, formVersion: form.version, section, version, answers, errors: validateSection(form, section, answers, ctx.now) };
      });
    },

    /** The privacy notice of a form version, generated from its definition: no personal data, so no log entry. */
    privacyNotice(version: unknown): FormDefinition {
      const form = formDefinition(version);
      if (!form) throw notFound('There is no vetting form with that version.');
      return form;
    },

    /** Every answer, section by section, before submitting. */
    async checkAnswers(ctx: RequestContext, id: unknown) {
      return operation(database, ctx, async (tx) => {
        const { application, form } = await ownApplication(tx, id, 'vetting.answers-checked');
        const rows = await answersRepo.listAnswers(tx.db, application.id);
        await consulted(tx, 'vetting.answers-checked', application.id);
        return { application, form, editable: EDITABLE.includes(application.state), ...progress(form, rows, ctx.now) };
      });
    },

    /** Submits the application when every section is complete and valid; otherwise says which are not (400). */
    async submitApplication(ctx: RequestContext, id: unknown, input: Record<string, unknown>) {
      return operation(database, ctx, async (tx) => {
        const { application, form } = await ownApplication(tx, id, 'vetting.submit');
        const version = Number(first(input.version));
        const state = progress(form, await answersRepo.listAnswers(tx.db, application.id), ctx.now);
        if (EDITABLE.includes(application.state) && !state.ready) {
          const errors: FieldError[] = state.sections.filter((s) => s.status !== 'Completed').map((s) => ({ field: `section-${s.section.key}`, message: `${s.section.title}: ${s.status === 'Not started' || s.status === 'Cannot start yet' ? 'not started' : `${s.errors.length} ${s.errors.length === 1 ? 'answer' : 'answers'} to fix`}` }));
          throw badRequest('incomplete', 'You cannot submit yet: complete every section first', errors);
        }
        await moveApplication(tx, application.id, application.state === 'returned' ? 'resubmit' : 'submit', { version: Number.isInteger(version) ? version : -1, reason: 'The applicant submitted the form.', patch: { submitted_at: ctx.now } });
        return { id: application.id, reference: application.reference };
      });
    },
  };
}

export type FormService = ReturnType<typeof createFormService>;
