import { createHash, randomBytes } from 'node:crypto';
import type { Config } from '../../config.ts';
import type { Database } from '../../db/database.ts';
import { withTransaction, type Tx } from '../../db/transaction.ts';
import { AppError, conflict, notFound, tooManyRequests } from '../../errors.ts';
import type { RequestContext } from '../../shared/context.ts';
import { isUuid } from '../../shared/ids.ts';
import { notifyUser } from '../messages/messages.ts';
import { operation, Refusal } from '../register/register.editing.ts';
import { whenText } from '../register/register.items.service.ts';
import * as relatives from './vetting.relatives.repository.ts';
import { parseDetails, parseLink, TOKEN_PATTERN } from './vetting.relatives.schemas.ts';
import * as applications from './vetting.repository.ts';
import { officerCase } from './vetting.casework.access.ts';
import type { ApplicationState } from './vetting.states.ts';

export const APPLICATION_NOT_FOUND = 'No vetting application was found with that reference, or you do not have access to it.';

/** The applicant may send links while they are filling the form in (first time or after a return). */
const LINKS_OPEN: ApplicationState[] = ['in-progress', 'returned'];
/** A relative may still send details until the application is decided or withdrawn: checks may be under way. */
const ACCEPTING: ApplicationState[] = ['sponsored', 'in-progress', 'submitted', 'returned', 'checks', 'refusal-proposed'];

const hashToken = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex');
const ASK_AGAIN = 'Ask the person applying for vetting to send you a new link.';

export type LinkProblem = 'unknown' | 'expired' | 'used' | 'closed';

/** What a dead link says, plainly: which problem, and what to do. 404 for unknown, 410 for a link that existed. */
export function linkProblem(problem: LinkProblem, linkDays: number, usedAt?: Date | null): AppError {
  switch (problem) {
    case 'unknown':
      return new AppError(404, 'link-unknown', 'This link is not recognised. Check that you copied the whole link. If it still does not work, ask the person applying for vetting to send you a new link.');
    case 'expired':
      return new AppError(410, 'link-expired', `This link has expired: links last ${linkDays} days. ${ASK_AGAIN}`);
    case 'used':
      return new AppError(410, 'link-used', `This link has already been used${usedAt ? ` (details were sent at ${whenText(usedAt)})` : ''}. A link can be used once only. If you need to correct what was sent, ask the person applying for vetting to send you a new link.`);
    case 'closed':
      return new AppError(410, 'link-closed', 'This link can no longer be used because the vetting application it belongs to has closed. You do not need to do anything.');
  }
}

function linkStatus(l: { expires_at: Date; used_at: Date | null }, now: Date): { text: string; colour: string } {
  if (l.used_at) return { text: `Used on ${whenText(l.used_at)}`, colour: 'green' };
  if (l.expires_at <= now) return { text: 'Expired', colour: 'grey' };
  return { text: 'Not used yet', colour: 'blue' };
}

export function createRelativesService(database: Database, config: Pick<Config, 'vettingRelatives' | 'signIn'>) {
  const { linkDays, maxFailures } = config.vettingRelatives;

  /** The applicant's own application; anyone else's (or none) is "not found", logged with the real reason. */
  async function ownApplication(tx: Tx, id: unknown, action: string) {
    const application = isUuid(id) ? await applications.findApplication(tx.db, id) : undefined;
    if (!application || application.applicant_user_id !== tx.ctx.actor?.userId) {
      throw new Refusal(notFound(APPLICATION_NOT_FOUND), { kind: 'consultation', action, subjectType: 'vetting-application', subjectId: application?.id, decision: 'denied', purposeCode: 'vetting' });
    }
    return application;
  }

  /**
   * Finds the link a token opens and says what is wrong with it, if anything. A wrong or dead
   * link counts against the address, as a failed sign-in does, and is logged with no actor.
   */
  async function liveLink(tx: Tx, token: string, action: string, lock: boolean) {
    const link = TOKEN_PATTERN.test(token) ? await relatives.findLinkByHash(tx.db, hashToken(token), lock) : undefined;
    const problem: LinkProblem | null = !link ? 'unknown' : link.used_at ? 'used' : !ACCEPTING.includes(link.state) ? 'closed' : link.expires_at <= tx.ctx.now ? 'expired' : null;
    if (problem) {
      if (tx.ctx.ip) await relatives.countFailure(tx.db, tx.ctx.ip, tx.ctx.now, maxFailures, config.signIn.lockMs);
      await tx.log({ kind: 'consultation', action, subjectType: link ? 'vetting-application' : undefined, subjectId: link?.application_id, decision: 'denied', purposeCode: 'vetting', purposeText: `relative link ${problem}` });
      return { problem, link } as const;
    }
    return { problem: null, link: link! } as const;
  }

  async function ensureNotThrottled(ctx: RequestContext) {
    if (!ctx.ip) return;
    const until = await relatives.lockedUntil(database.db, ctx.ip, ctx.now);
    if (!until) return;
    const minutes = Math.max(1, Math.ceil((until.getTime() - ctx.now.getTime()) / 60_000));
    throw tooManyRequests(`Too many links that do not work have been tried from here. Wait ${minutes} minute${minutes === 1 ? '' : 's'} and try again with the link you were sent.`);
  }

  return {
    /** The applicant's links page: each link's name and whether it was used. Never what was entered. */
    async linksPage(ctx: RequestContext, applicationId: unknown) {
      return operation(database, ctx, async (tx) => {
        const a = await ownApplication(tx, applicationId, 'vetting.relative-links-viewed');
        const links = await relatives.linksOf(tx.db, a.id);
        await tx.log({ kind: 'consultation', action: 'vetting.relative-links-viewed', subjectType: 'vetting-application', subjectId: a.id, purposeCode: 'vetting' });
        return {
          application: { id: a.id, reference: a.reference, state: a.state, level: a.level },
          links: links.map((l) => ({ relationship: l.relationship, createdAt: l.created_at, expiresAt: l.expires_at, usedAt: l.used_at, status: linkStatus(l, ctx.now) })),
          canCreate: LINKS_OPEN.includes(a.state),
          linkDays,
        };
      });
    },

    /** Makes a link and returns its token, once: only the hash is kept, so it cannot be shown again. */
    async createLink(ctx: RequestContext, applicationId: unknown, input: unknown) {
      return operation(database, ctx, async (tx) => {
        const a = await ownApplication(tx, applicationId, 'vetting.relative-link-created');
        if (!LINKS_OPEN.includes(a.state)) throw conflict('out-of-order', 'Links for relatives can be made only while you are filling in your form.');
        const { relationship } = parseLink(input);
        const token = randomBytes(32).toString('base64url');
        const expiresAt = new Date(ctx.now.getTime() + linkDays * 86_400_000);
        const id = await relatives.insertLink(tx.db, { applicationId: a.id, relationship, tokenHash: hashToken(token), createdBy: ctx.actor!.userId, at: ctx.now, expiresAt });
        await tx.record({ type: 'vetting.relative-link-created', subjectType: 'vetting-application', subjectId: a.id, payload: { linkId: id }, log: { kind: 'alteration', purposeCode: 'vetting' } });
        return { token, relationship, expiresAt, application: { id: a.id, reference: a.reference } };
      });
    },

    /** The relative opens their link: the privacy notice and the form, if the link is alive. */
    async openLink(ctx: RequestContext, token: string) {
      await ensureNotThrottled(ctx);
      const result = await withTransaction(database, ctx, async (tx) => {
        const found = await liveLink(tx, token, 'vetting.relative-link-opened', false);
        if (found.problem) return found;
        const a = (await applications.findApplication(tx.db, found.link.application_id))!;
        await tx.log({ kind: 'consultation', action: 'vetting.relative-link-opened', subjectType: 'vetting-application', subjectId: a.id, purposeCode: 'vetting' });
        return { problem: null, link: found.link, applicantName: a.applicant_name, level: a.level };
      });
      if (result.problem) throw linkProblem(result.problem, linkDays, result.link?.used_at);
      return { relationship: result.link.relationship, expiresAt: result.link.expires_at, applicantName: result.applicantName, level: result.level, linkDays };
    },

    /** The relative's details, accepted once: the link is locked, checked, spent, in one transaction. */
    async submitDetails(ctx: RequestContext, token: string, input: unknown) {
      await ensureNotThrottled(ctx);
      const result = await withTransaction(database, ctx, async (tx) => {
        const found = await liveLink(tx, token, 'vetting.relative-details-submitted', true);
        if (found.problem) return found;
        const details = parseDetails(input, ctx.now);
        const a = (await applications.findApplication(tx.db, found.link.application_id))!;
        await relatives.submitDetails(tx.db, { linkId: found.link.id, applicationId: a.id, details, at: ctx.now });
        await tx.record({ type: 'vetting.relative-details-submitted', subjectType: 'vetting-application', subjectId: a.id, payload: { linkId: found.link.id }, log: { kind: 'collection', purposeCode: 'vetting' } });
        // The applicant learns only that the link was used: no name, nothing entered.
        await notifyUser(tx, { type: 'vetting-relative-link-used', userId: a.applicant_user_id, subject: 'A link you sent for a relative has been used', body: 'Their details have gone to the vetting team. You will not see them.', link: `/vetting/applications/${a.id}/relatives` });
        return { problem: null, link: found.link };
      });
      if (result.problem) throw linkProblem(result.problem, linkDays, result.link?.used_at);
    },

    /** Casework: what relatives entered through links. Vetting officers only; anyone else is "not found". */
    async caseworkDetails(ctx: RequestContext, applicationId: unknown) {
      return operation(database, ctx, async (tx) => {
        // The same gate as every other casework page: a vetting officer, never on their own application.
        const a = await officerCase(tx, applicationId, 'vetting.relative-details-viewed');
        const rows = await relatives.detailsOf(tx.db, a.id);
        const links = await relatives.linksOf(tx.db, a.id);
        await tx.log({ kind: 'consultation', action: 'vetting.relative-details-viewed', subjectType: 'vetting-application', subjectId: a.id, purposeCode: 'vetting' });
        return {
          application: { id: a.id, reference: a.reference, state: a.state, level: a.level, applicantName: a.applicant_name },
          entries: rows.map((r) => ({ relationship: r.relationship, submittedAt: r.submitted_at, details: r.details })),
          waiting: links.filter((l) => !l.used_at).map((l) => ({ relationship: l.relationship, expiresAt: l.expires_at, expired: l.expires_at <= ctx.now })),
        };
      });
    },
  };
}

export type RelativesService = ReturnType<typeof createRelativesService>;
