import type { Config } from '../../config.ts';
import type { Database } from '../../db/database.ts';
import type { Tx } from '../../db/transaction.ts';
import { badRequest, conflict, forbidden, notFound, unauthenticated } from '../../errors.ts';
import { hasRole, type RequestContext } from '../../shared/context.ts';
import { isUuid } from '../../shared/ids.ts';
import { notifyUser } from '../messages/messages.ts';
import { checkUpload, type Upload } from '../register/register.files.ts';
import { operation, Refusal } from '../register/register.editing.ts';
import { requireIndependent } from './vetting.appeal.involvement.ts';
import * as repo from './vetting.appeal.repository.ts';
import { appealWindow, longDate, parseAppealDecision, parseExtension, parseHearer, parseHearing, parseLodge, timeLimit } from './vetting.appeal.schemas.ts';
import { ukToday } from '../../shared/clock.ts';
import { APPLICATION_NOT_FOUND, applicantCase, consulted, officerCase } from './vetting.casework.access.ts';
import { decisions } from './vetting.casework.repository.ts';
import { checksOf } from './vetting.checks.repository.ts';
import { grantClearance } from './vetting.clearance.ts';
import { moveApplication } from './vetting.lifecycle.ts';
import { overrideOfApplication } from './vetting.override.repository.ts';
import type { ApplicationRow } from './vetting.repository.ts';

const DAY = 86_400_000;
export const APPEAL_NOT_FOUND = 'No appeal was found with that reference, or you do not have access to it.';

/** An appeal window as the pages read it: a stored row, or a refusal's window not yet written down. */
export interface Window {
  id: string | null;
  subject: 'refusal' | 'withdrawal';
  state: 'open' | 'lodged' | 'allowed' | 'dismissed';
  decision_at: Date;
  due_at: Date;
  extended_to: string | null;
  extension_reason: string;
}

/**
 * Opens the window to appeal a decision (a refusal, or a withdrawal of clearance) in the caller's
 * transaction: VETTING_APPEAL_DAYS from the decision. Withdrawal calls this when it withdraws;
 * a refusal's window is opened from the application's decided_at the first time it is needed.
 */
export async function openAppealWindow(tx: Tx, w: { applicationId: string; subject: 'refusal' | 'withdrawal'; decisionAt: Date; appealDays: number }): Promise<string> {
  const id = await repo.insertWindow(tx.db, { applicationId: w.applicationId, subject: w.subject, decisionAt: w.decisionAt, dueAt: new Date(w.decisionAt.getTime() + w.appealDays * DAY), at: tx.ctx.now });
  await tx.record({ type: 'vetting.appeal-window-opened', subjectType: 'vetting-application', subjectId: w.applicationId, payload: { appealId: id, subject: w.subject }, log: { kind: 'alteration', purposeCode: 'vetting' } });
  return id;
}

export function createAppealService(database: Database, config: Pick<Config, 'vettingCasework' | 'vettingAppeals' | 'register'>) {
  const { appealDays, clearanceYears } = config.vettingCasework;
  const maxBytes = config.register.maxUploadBytes;

  /** The window the application's pages are about: the latest stored, or a refusal's from its decision. */
  async function currentWindow(tx: Tx, application: ApplicationRow): Promise<Window | undefined> {
    const row = await repo.latestAppeal(tx.db, application.id, true);
    const decidedAt = application.decided_at ? new Date(application.decided_at) : null;
    if (application.state === 'refused' && decidedAt && (!row || new Date(row.decision_at).getTime() < decidedAt.getTime())) {
      return { id: null, subject: 'refusal', state: 'open', decision_at: decidedAt, due_at: new Date(decidedAt.getTime() + appealDays * DAY), extended_to: null, extension_reason: '' };
    }
    return row ? { ...row, decision_at: new Date(row.decision_at), due_at: new Date(row.due_at) } : undefined;
  }

  const stored = async (tx: Tx, applicationId: string, w: Window) => w.id ?? openAppealWindow(tx, { applicationId, subject: w.subject, decisionAt: w.decision_at, appealDays });

  /** Time limits of an appeal, for every page that shows one. */
  const limits = (a: { due_at: Date | string; extended_to: string | null; state: string; lodged_at?: Date | string | null }, now: Date) => ({
    window: a.state === 'open' ? appealWindow(a, now) : null,
    decision: a.state === 'lodged' && a.lodged_at ? timeLimit('Decision due', ukToday(new Date(new Date(a.lodged_at).getTime() + config.vettingAppeals.decisionDays * DAY)), now) : null,
  });

  /** An appeal for a vetting officer (never on their own application) or its hearer; anyone else: not found. */
  async function appealAccess(tx: Tx, id: unknown, action: string, lock = false) {
    const actor = tx.ctx.actor;
    if (!actor) throw unauthenticated();
    const appeal = isUuid(id) ? await repo.findAppeal(tx.db, id, lock) : undefined;
    const asHearer = !!appeal && appeal.hearer_user_id === actor.userId;
    const asOfficer = !!appeal && hasRole(actor, 'vetting-officer') && appeal.applicant_user_id !== actor.userId;
    if (!appeal || (!asHearer && !asOfficer)) {
      const policy = !appeal ? 'vetting.no-such-appeal' : appeal.applicant_user_id === actor.userId ? 'vetting.own-application' : 'vetting.appeal-hearer-only';
      throw new Refusal(notFound(APPEAL_NOT_FOUND), { kind: 'consultation', action, subjectType: 'vetting-application', subjectId: appeal?.application_id, purposeCode: 'vetting', decision: 'denied', policyIds: [policy] });
    }
    return { appeal, asHearer, asOfficer };
  }

  /** Refuses (403, logged) an action the actor may see but not take. */
  const notYours = (appeal: repo.AppealRow, action: string, message: string, policy: string) =>
    new Refusal(forbidden(message), { kind: 'consultation', action, subjectType: 'vetting-application', subjectId: appeal.application_id, purposeCode: 'vetting', decision: 'denied', policyIds: [policy] });

  const assertLodged = (appeal: repo.AppealRow) => {
    if (appeal.state !== 'lodged') throw conflict('out-of-order', appeal.state === 'open' ? 'No appeal has been lodged yet.' : 'This appeal has been decided: its record can no longer change.');
  };

  const checkVersion = (appeal: repo.AppealRow, input: unknown) => {
    const v = Number((input as { version?: unknown } | undefined)?.version);
    if (v !== appeal.version) throw conflict('stale-appeal', 'This appeal was changed by someone else since you opened it. Nothing of yours has been saved: check it and try again.');
  };

  const tellApplicant = (tx: Tx, a: { applicant_user_id: string; application_id: string; reference: string }, subject: string, body: string) =>
    notifyUser(tx, { type: 'vetting-appeal', userId: a.applicant_user_id, subject: `${subject}: ${a.reference}`, body, link: `/vetting/applications/${a.application_id}/appeal` });

  return {
    /** The applicant's appeal page: the window and its time limit, the form, or the appeal and its decision. */
    async applicantView(ctx: RequestContext, applicationId: unknown) {
      return operation(database, ctx, async (tx) => {
        const application = await applicantCase(tx, applicationId, 'vetting.appeal-viewed');
        const window = await currentWindow(tx, application);
        const appeal = window?.id ? await repo.findAppeal(tx.db, window.id) : undefined;
        const files = appeal ? await repo.filesOf(tx.db, appeal.id) : [];
        // A risk-accepted override is shown to the applicant here: its conditions and when it ends.
        const override = await overrideOfApplication(tx.db, application.id);
        await consulted(tx, application.id, 'vetting.appeal-viewed', 'vetting.own-application');
        return { application, window, appeal, files, override, limits: window ? limits({ ...window, lodged_at: appeal?.lodged_at }, ctx.now) : null };
      });
    },

    /** The applicant lodges an appeal, in time (or within an extension), with grounds and any representative. */
    async lodge(ctx: RequestContext, applicationId: unknown, input: unknown, upload?: Upload) {
      const l = parseLodge(input);
      const file = upload ? checkUpload(upload, 'image-or-pdf', maxBytes) : undefined;
      if (file && !file.ok) throw badRequest('invalid-file', file.message, [{ field: 'file', message: file.message }]);
      return operation(database, ctx, async (tx) => {
        const application = await applicantCase(tx, applicationId, 'vetting.appeal-lodged');
        const window = await currentWindow(tx, application);
        if (!window) throw conflict('out-of-order', 'There is no decision on this application that can be appealed: only a refusal, or a withdrawal of clearance, can be appealed.');
        if (window.state !== 'open') throw conflict('out-of-order', 'You have already lodged an appeal against this decision.');
        const limit = appealWindow(window, ctx.now);
        if (!limit.open) {
          const extended = window.extended_to ? 'the extension you were given' : `${appealDays} days after the decision`;
          throw conflict('out-of-time', `The time to appeal closed at the end of ${longDate(limit.lastDay)} (${extended}). If you had a good reason for the delay, ask the vetting unit for an extension.`);
        }
        const id = await stored(tx, application.id, window);
        const appeal = (await repo.findAppeal(tx.db, id, true))!;
        if (window.subject === 'refusal') await moveApplication(tx, application.id, 'lodge-appeal', { reason: 'Appeal lodged' });
        await repo.updateAppeal(tx.db, id, appeal.version, { state: 'lodged', grounds: l.grounds, representative_name: l.representativeName, representative_organisation: l.representativeOrganisation, lodged_at: ctx.now });
        if (file?.ok) await repo.insertFile(tx.db, { appealId: id, contentType: file.contentType, content: upload!.buffer, sha256: file.sha256, userId: ctx.actor!.userId, at: ctx.now });
        await tx.record({ type: 'vetting.appeal-lodged', subjectType: 'vetting-application', subjectId: application.id, payload: { appealId: id, subject: window.subject, representative: !!l.representativeName, file: !!file?.ok }, log: { kind: 'collection', purposeCode: 'vetting' } });
        return { applicationId: application.id, appealId: id };
      });
    },

    /** A vetting officer's view of an application's appeal window, with the extension form. */
    async windowView(ctx: RequestContext, applicationId: unknown) {
      return operation(database, ctx, async (tx) => {
        const application = await officerCase(tx, applicationId, 'vetting.appeal-window-viewed');
        const window = await currentWindow(tx, application);
        await consulted(tx, application.id, 'vetting.appeal-window-viewed');
        return { application, window, limits: window ? limits(window, ctx.now) : null };
      });
    },

    /** A vetting officer extends the time to appeal: a new last day and the recorded reason. */
    async extend(ctx: RequestContext, applicationId: unknown, input: unknown) {
      const e = parseExtension(input, ctx.now);
      return operation(database, ctx, async (tx) => {
        const application = await officerCase(tx, applicationId, 'vetting.appeal-extended', true);
        const window = await currentWindow(tx, application);
        if (!window) throw conflict('out-of-order', 'There is no decision on this application that can be appealed, so there is no time limit to extend.');
        if (window.state !== 'open') throw conflict('out-of-order', 'The appeal has already been lodged: there is no time limit left to extend.');
        const current = appealWindow(window, ctx.now);
        if (e.extendedTo <= current.lastDay) throw badRequest('invalid-input', `The new last day must be after the current last day, ${longDate(current.lastDay)}`, [{ field: 'extendedTo', message: `The new last day must be after the current last day, ${longDate(current.lastDay)}` }]);
        const id = await stored(tx, application.id, window);
        const appeal = (await repo.findAppeal(tx.db, id, true))!;
        await repo.updateAppeal(tx.db, id, appeal.version, { extended_to: e.extendedTo, extension_reason: e.reason, extended_by: ctx.actor!.userId, extended_at: ctx.now });
        await tx.record({ type: 'vetting.appeal-extended', subjectType: 'vetting-application', subjectId: application.id, payload: { appealId: id, extendedTo: e.extendedTo }, log: { kind: 'alteration', purposeCode: 'vetting', changes: [{ field: 'appeal.extended_to', old: window.extended_to, new: e.extendedTo }] } });
        await tellApplicant(tx, { applicant_user_id: application.applicant_user_id, application_id: application.id, reference: application.reference }, 'More time to appeal', `You now have until ${longDate(e.extendedTo)} to appeal.`);
        return { applicationId: application.id };
      });
    },

    /** Appeals: every one for vetting officers (with refusals still in their window), only their own for a hearer. */
    async list(ctx: RequestContext) {
      return operation(database, ctx, async (tx) => {
        const actor = ctx.actor;
        if (!actor) throw unauthenticated();
        const officer = hasRole(actor, 'vetting-officer');
        if (!officer && !hasRole(actor, 'appeal-panel-member')) {
          throw new Refusal(forbidden('Only vetting officers and appeal panel members can see appeals.'), { kind: 'consultation', action: 'vetting.appeals-listed', subjectType: 'vetting-appeals', purposeCode: 'vetting', decision: 'denied', policyIds: ['vetting.appeal-roles'] });
        }
        const appeals = (await repo.listAppeals(tx.db, { userId: actor.userId, allAppeals: officer })).map((a) => ({ ...a, limits: limits(a, ctx.now) }));
        const windows = officer ? (await repo.unlodgedRefusals(tx.db, actor.userId)).map((w) => ({ ...w, limit: appealWindow({ due_at: w.due_at ?? new Date(new Date(w.decided_at!).getTime() + appealDays * DAY), extended_to: w.extended_to }, ctx.now) })) : [];
        await tx.log({ kind: 'consultation', action: 'vetting.appeals-listed', subjectType: 'vetting-appeals', purposeCode: 'vetting', policyIds: [officer ? 'vetting.officer-role' : 'vetting.appeal-hearer-only'] });
        return { appeals, windows, officer };
      });
    },

    /** The appeal and its evidence bundle: the decision record, a summary of the checks, the grounds and documents. */
    async view(ctx: RequestContext, id: unknown) {
      return operation(database, ctx, async (tx) => {
        const { appeal, asOfficer, asHearer } = await appealAccess(tx, id, 'vetting.appeal-bundle-viewed');
        const checks = await checksOf(tx.db, appeal.application_id);
        const latest = new Map<string, (typeof checks)[number]>();
        for (const c of checks) if (!latest.has(`${c.subject_key}|${c.kind}`)) latest.set(`${c.subject_key}|${c.kind}`, c);
        const panel = asOfficer && appeal.state === 'lodged' ? await repo.usersWithRole(tx.db, 'appeal-panel-member') : [];
        const view = { appeal, asOfficer, asHearer, decisions: await decisions(tx.db, appeal.application_id), checks: [...latest.values()], files: await repo.filesOf(tx.db, appeal.id), panel, limits: limits(appeal, ctx.now) };
        await consulted(tx, appeal.application_id, 'vetting.appeal-bundle-viewed', asHearer ? 'vetting.appeal-hearer' : 'vetting.officer-role');
        return view;
      });
    },

    /** A vetting officer assigns the hearer: an appeal panel member with no prior involvement in the case. */
    async assignHearer(ctx: RequestContext, id: unknown, input: unknown) {
      return operation(database, ctx, async (tx) => {
        const { appeal, asOfficer } = await appealAccess(tx, id, 'vetting.appeal-hearer-assigned', true);
        if (!asOfficer) throw notYours(appeal, 'vetting.appeal-hearer-assigned', 'Only a vetting officer can choose who hears an appeal.', 'vetting.officer-role');
        const h = parseHearer(input);
        checkVersion(appeal, input);
        assertLodged(appeal);
        if (appeal.decided_at) throw conflict('out-of-order', 'This appeal has been decided.');
        const member = await repo.hasRole(tx.db, h.hearer, 'appeal-panel-member');
        if (!member) throw badRequest('invalid-input', 'Choose a member of the appeal panel: only they can hear appeals', [{ field: 'hearer', message: 'Choose a member of the appeal panel: only they can hear appeals' }]);
        // Hearing this same appeal already is not prior involvement: it is the assignment being made again.
        await requireIndependent(tx, { applicationId: appeal.application_id, userId: h.hearer, name: member.name, doing: 'hear this appeal', action: 'vetting.appeal-hearer-assigned', policy: 'vetting.appeal-independence', ignore: appeal.hearer_user_id === h.hearer ? ['hearer'] : [] });
        await repo.updateAppeal(tx.db, appeal.id, appeal.version, { hearer_user_id: h.hearer, hearer_assigned_by: ctx.actor!.userId, hearer_assigned_at: ctx.now });
        await tx.record({ type: 'vetting.appeal-hearer-assigned', subjectType: 'vetting-application', subjectId: appeal.application_id, payload: { appealId: appeal.id, hearerUserId: h.hearer }, log: { kind: 'alteration', purposeCode: 'vetting' } });
        await notifyUser(tx, { type: 'vetting-appeal-to-hear', userId: h.hearer, subject: `You have been asked to hear the vetting appeal on ${appeal.reference}`, body: 'Open the link to see the evidence bundle and record the hearing.', link: `/vetting/appeals/${appeal.id}` });
        return { appealId: appeal.id };
      });
    },

    /** The hearer records the hearing: when, who attended, whether the representative was there, notes. */
    async recordHearing(ctx: RequestContext, id: unknown, input: unknown) {
      return operation(database, ctx, async (tx) => {
        const { appeal, asHearer } = await appealAccess(tx, id, 'vetting.appeal-hearing-recorded', true);
        if (!asHearer) throw notYours(appeal, 'vetting.appeal-hearing-recorded', 'Only the person hearing the appeal can record the hearing.', 'vetting.appeal-hearer');
        const h = parseHearing(input, ctx.now);
        checkVersion(appeal, input);
        assertLodged(appeal);
        await repo.updateAppeal(tx.db, appeal.id, appeal.version, { heard_on: h.heardOn, attendees: h.attendees, representative_present: h.representativePresent, hearing_notes: h.notes, hearing_recorded_at: ctx.now });
        await tx.record({ type: 'vetting.appeal-hearing-recorded', subjectType: 'vetting-application', subjectId: appeal.application_id, payload: { appealId: appeal.id }, log: { kind: 'collection', purposeCode: 'vetting' } });
        return { appealId: appeal.id };
      });
    },

    /** The hearer decides, with written reasons the applicant sees. An allowed appeal against a refusal grants clearance. */
    async decide(ctx: RequestContext, id: unknown, input: unknown) {
      return operation(database, ctx, async (tx) => {
        const { appeal, asHearer } = await appealAccess(tx, id, 'vetting.appeal-decided', true);
        if (!asHearer) throw notYours(appeal, 'vetting.appeal-decided', 'Only the person hearing the appeal can decide it.', 'vetting.appeal-hearer');
        const d = parseAppealDecision(input);
        checkVersion(appeal, input);
        assertLodged(appeal);
        if (!appeal.hearing_recorded_at) throw conflict('out-of-order', 'Record the hearing before deciding the appeal.');
        const allowed = d.outcome === 'allow';
        if (appeal.subject === 'refusal') await moveApplication(tx, appeal.application_id, allowed ? 'allow-appeal' : 'dismiss-appeal', { reason: 'Appeal decided by its hearer' });
        await repo.updateAppeal(tx.db, appeal.id, appeal.version, { state: allowed ? 'allowed' : 'dismissed', reasons: d.reasons, decided_by: ctx.actor!.userId, decided_at: ctx.now });
        await tx.record({ type: `vetting.appeal-${allowed ? 'allowed' : 'dismissed'}`, subjectType: 'vetting-application', subjectId: appeal.application_id, payload: { appealId: appeal.id, subject: appeal.subject }, log: { kind: 'alteration', purposeCode: 'vetting' } });
        // Allowed, the decision appealed against falls: clearance is granted (or, after a withdrawal, restored) from today.
        if (allowed) await grantClearance(tx, { id: appeal.application_id, applicant_user_id: appeal.applicant_user_id, level: appeal.level }, '', clearanceYears);
        await tellApplicant(tx, appeal, `Your appeal has been ${allowed ? 'allowed' : 'dismissed'}`, 'Open the link to read the decision and its reasons.');
        return { appealId: appeal.id, outcome: d.outcome };
      });
    },

    /** A document of the appeal, for the applicant who lodged it, a vetting officer or the hearer. */
    async file(ctx: RequestContext, id: unknown, fileId: unknown) {
      return operation(database, ctx, async (tx) => {
        const actor = ctx.actor;
        if (!actor) throw unauthenticated();
        const own = isUuid(id) ? await repo.findAppeal(tx.db, id) : undefined;
        const appeal = own && own.applicant_user_id === actor.userId ? own : (await appealAccess(tx, id, 'vetting.appeal-file-viewed')).appeal;
        const file = isUuid(fileId) ? await repo.findFile(tx.db, appeal.id, fileId) : undefined;
        if (!file) throw notFound('That document was not found on this appeal.');
        await consulted(tx, appeal.application_id, 'vetting.appeal-file-viewed', own?.applicant_user_id === actor.userId ? 'vetting.own-application' : 'vetting.appeal-bundle');
        return { contentType: file.content_type, content: file.content, byteSize: file.byte_size };
      });
    },
  };
}

export type AppealService = ReturnType<typeof createAppealService>;
export { APPLICATION_NOT_FOUND };
