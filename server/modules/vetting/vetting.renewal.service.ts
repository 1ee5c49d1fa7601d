import type { Config } from '../../config.ts';
import type { Database } from '../../db/database.ts';
import { badRequest, conflict, notFound, unauthenticated } from '../../errors.ts';
import type { RequestContext } from '../../shared/context.ts';
import { operation, Refusal } from '../register/register.editing.ts';
import * as aftercare from './vetting.aftercare.repository.ts';
import { applicantCase } from './vetting.casework.access.ts';
import { CURRENT_FORM_VERSION, formDefinition, sectionOf } from './vetting.form.definition.ts';
import { listAnswers, saveAnswers } from './vetting.form.repository.ts';
import * as repo from './vetting.renewal.repository.ts';
import { requireUnrestricted } from './vetting.lifecycle.ts';
import { insertApplication, nextApplicationReference } from './vetting.repository.ts';
import { openApplicationOf } from './vetting.sponsor.repository.ts';

const DAY = 86_400_000;

export function createRenewalService(database: Database, config: Pick<Config, 'vettingForm'>) {
  return {
    /**
     * The holder starts renewing their clearance: a new application at the same level, for the
     * same need and sponsor, with every section but the declaration pre-filled from the previous
     * answers for them to check and confirm or correct (less intrusion than asking again).
     */
    async start(ctx: RequestContext) {
      return operation(database, ctx, async (tx) => {
        const actor = ctx.actor;
        if (!actor) throw unauthenticated();
        const clearance = await aftercare.holderClearance(tx.db, actor.userId);
        if (!clearance?.application_id || !clearance.sponsor_user_id || !clearance.need || clearance.level === 'NPPV1') {
          throw new Refusal(notFound('You do not hold a clearance from a vetting application, so there is nothing to renew.'), { kind: 'consultation', action: 'vetting.renewal-started', subjectType: 'vetting-clearance', purposeCode: 'vetting', decision: 'denied', policyIds: ['vetting.no-clearance'] });
        }
        if (clearance.withdrawn_at) throw conflict('out-of-order', 'Your clearance was withdrawn, so it cannot be renewed: you can appeal the withdrawal.');
        const open = await openApplicationOf(tx.db, actor.userId);
        if (open) throw conflict('open-application', `You already have an open vetting application (${open.reference}): carry on with that one.`);
        const level = clearance.level;
        const formVersion = CURRENT_FORM_VERSION[level];
        const form = formDefinition(formVersion)!;
        const reference = await nextApplicationReference(tx.db);
        const id = await insertApplication(tx.db, { reference, applicantUserId: actor.userId, sponsorUserId: clearance.sponsor_user_id, level, need: clearance.need, formVersion, renewalOf: clearance.application_id, formDueAt: new Date(ctx.now.getTime() + config.vettingForm.formDays * DAY), at: ctx.now });
        let copied = 0;
        for (const s of await listAnswers(tx.db, clearance.application_id)) {
          const section = sectionOf(form, s.section);
          if (!section || section.last) continue;
          await saveAnswers(tx.db, { applicationId: id, section: s.section, answers: s.answers, formVersion, expectedVersion: 0, userId: actor.userId, at: ctx.now });
          copied++;
        }
        await tx.record({ type: 'vetting.renewal-started', subjectType: 'vetting-application', subjectId: id, payload: { renewalOf: clearance.application_id, level, sectionsCopied: copied }, log: { kind: 'collection', purposeCode: 'vetting', policyIds: ['vetting.own-application'] } });
        return { id, reference };
      });
    },

    /** The renewal's sections: each pre-filled one "Check and confirm" until confirmed or saved again. */
    async view(ctx: RequestContext, id: unknown) {
      return operation(database, ctx, async (tx) => {
        const application = await applicantCase(tx, id, 'vetting.renewal-viewed');
        if (!application.renewal_of) throw new Refusal(notFound('This application is not a renewal.'), { kind: 'consultation', action: 'vetting.renewal-viewed', subjectType: 'vetting-application', subjectId: application.id, purposeCode: 'vetting', decision: 'denied', policyIds: ['vetting.not-a-renewal'] });
        const form = formDefinition(application.form_version)!;
        const answers = new Map((await listAnswers(tx.db, application.id)).map((a) => [a.section, a]));
        const confirmed = await repo.confirmedSections(tx.db, application.id);
        const sections = form.sections.map((s) => {
          const a = answers.get(s.key);
          const status = !a ? 'not-started' : confirmed.has(s.key) || a.version > 1 ? 'confirmed' : 'check';
          return { key: s.key, title: s.title, status };
        });
        await tx.log({ kind: 'consultation', action: 'vetting.renewal-viewed', subjectType: 'vetting-application', subjectId: application.id, purposeCode: 'vetting', policyIds: ['vetting.own-application'] });
        return { application, sections, toCheck: sections.filter((s) => s.status === 'check').length };
      });
    },

    /** The applicant confirms a pre-filled section is still right, unchanged. */
    async confirm(ctx: RequestContext, id: unknown, sectionKey: unknown) {
      return operation(database, ctx, async (tx) => {
        const application = await applicantCase(tx, id, 'vetting.renewal-section-confirmed');
        const section = application.renewal_of ? sectionOf(formDefinition(application.form_version)!, sectionKey) : undefined;
        const saved = section && (await listAnswers(tx.db, application.id)).some((a) => a.section === section.key);
        if (!section || !saved) throw badRequest('invalid-input', 'There is no pre-filled section with that name to confirm', [{ field: 'form', message: 'There is no pre-filled section with that name to confirm' }]);
        if (!['sponsored', 'in-progress', 'returned'].includes(application.state)) throw conflict('out-of-order', 'This application has been submitted: its answers can no longer be changed.');
        await requireUnrestricted(tx.db, application.id);
        await repo.confirmSection(tx.db, application.id, section.key, ctx.now);
        await tx.record({ type: 'vetting.renewal-section-confirmed', subjectType: 'vetting-application', subjectId: application.id, payload: { section: section.key }, log: { kind: 'alteration', purposeCode: 'vetting' } });
        return { id: application.id };
      });
    },
  };
}

export type RenewalService = ReturnType<typeof createRenewalService>;
