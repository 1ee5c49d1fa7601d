import type { Config } from '../../config.ts';
import type { Database } from '../../db/database.ts';
import type { Tx } from '../../db/transaction.ts';
import { badRequest, forbidden, notFound, unauthenticated } from '../../errors.ts';
import { hasRole, type RequestContext } from '../../shared/context.ts';
import { parseInput } from '../../shared/validation.ts';
import { notifyUser } from '../messages/messages.ts';
import { operation, Refusal } from '../register/register.editing.ts';
import { CURRENT_FORM_VERSION } from './vetting.form.definition.ts';
import * as applications from './vetting.repository.ts';
import * as repo from './vetting.sponsor.repository.ts';
import { SponsorSchema } from './vetting.sponsor.schemas.ts';
import { STATE_NAMES, type ApplicationState } from './vetting.states.ts';

const DAY = 86_400_000;

/** Only managers sponsor, and only for their own unit; anyone else is refused, and the refusal logged. */
function requireManager(tx: Tx, action: string) {
  const actor = tx.ctx.actor;
  if (!actor) throw unauthenticated();
  if (!hasRole(actor, 'manager')) {
    throw new Refusal(forbidden('Only a manager can ask for vetting for a member of staff.'), { kind: 'consultation', action, subjectType: 'unit', subjectId: actor.unitId, purposeCode: 'vetting', decision: 'denied', policyIds: ['vetting.sponsor-manager-only'] });
  }
  return actor;
}

interface Latest {
  id: string;
  reference: string;
  state: ApplicationState;
  level: string;
  formDueAt: string;
}

/** Sponsorship: a manager asks for vetting for a member of their unit, for a stated need, and sees each one's state. */
export function createSponsorService(database: Database, config: Pick<Config, 'vettingForm'>) {
  return {
    /** The manager's unit: staff with their vetting state and clearance, and cleared staff needed against held. */
    async viewUnit(ctx: RequestContext) {
      return operation(database, ctx, async (tx) => {
        const actor = requireManager(tx, 'vetting.unit-viewed');
        const staff = await repo.unitStaff(tx.db, actor.unitId, ctx.now);
        const counts = await repo.unitCounts(tx.db, actor.unitId, ctx.now);
        await tx.log({ kind: 'consultation', action: 'vetting.unit-viewed', subjectType: 'unit', subjectId: actor.unitId, purposeCode: 'vetting', policyIds: ['vetting.sponsor-own-unit'] });
        return {
          staff: staff.map((s) => {
            const latest = s.latest ? (JSON.parse(s.latest) as Latest) : null;
            return { id: s.id, name: s.name, cleared: s.cleared, clearanceLevel: s.clearanceLevel, clearanceExpiresAt: s.clearanceExpiresAt, latest, stateName: latest ? STATE_NAMES[latest.state] : null, open: !!latest && repo.OPEN_STATES.includes(latest.state) };
          }),
          // Needed: everyone cleared (their role needs it, or they would not be) plus everyone sponsored and not yet decided.
          needed: counts.cleared + counts.open,
          held: counts.cleared,
          open: counts.open,
        };
      });
    },

    /**
     * Asks for vetting: the application starts as 'sponsored' with the current form version of the
     * level, due in VETTING_FORM_DAYS days, and the applicant gets a message in Vigil.
     */
    async sponsorApplication(ctx: RequestContext, input: unknown) {
      const data = parseInput(SponsorSchema, input);
      return operation(database, ctx, async (tx) => {
        const actor = requireManager(tx, 'vetting.sponsored');
        const member = await repo.findUnitMember(tx.db, data.applicantId, actor.unitId);
        if (!member) {
          throw new Refusal(notFound('No member of your unit was found with that name. Managers can ask for vetting only for their own staff.'), { kind: 'consultation', action: 'vetting.sponsored', subjectType: 'user', subjectId: data.applicantId, purposeCode: 'vetting', decision: 'denied', policyIds: ['vetting.sponsor-own-unit'] });
        }
        if (member.id === actor.userId) {
          const message = 'You cannot ask for your own vetting: ask another manager to sponsor you';
          throw badRequest('own-vetting', message, [{ field: 'applicantId', message }]);
        }
        const open = await repo.openApplicationOf(tx.db, member.id);
        if (open) {
          const message = `${member.display_name} already has an open vetting application (${open.reference}, ${STATE_NAMES[open.state].toLowerCase()}). A new one can be asked for once it is decided or withdrawn.`;
          throw badRequest('open-application', message, [{ field: 'applicantId', message }]);
        }
        const formDueAt = new Date(ctx.now.getTime() + config.vettingForm.formDays * DAY);
        const reference = await applications.nextApplicationReference(tx.db);
        const id = await applications.insertApplication(tx.db, { reference, applicantUserId: member.id, sponsorUserId: actor.userId, level: data.level, need: data.need, formVersion: CURRENT_FORM_VERSION[data.level], renewalOf: null, formDueAt, at: ctx.now });
        await tx.record({ type: 'vetting.sponsored', subjectType: 'vetting-application', subjectId: id, payload: { level: data.level, state: 'sponsored' }, log: { kind: 'collection', purposeCode: 'vetting', policyIds: ['vetting.sponsor-own-unit'] } });
        const due = formDueAt.toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/London' });
        await notifyUser(tx, {
          type: 'vetting-invited',
          userId: member.id,
          subject: `Complete your ${data.level} vetting form by ${due}`,
          body: `${actor.displayName} has asked for you to be vetted at ${data.level} (${reference}), because your role needs access to the register. Fill in the form from "Your vetting": it saves as you go, and every question says why it is asked.`,
          link: `/vetting/applications/${id}`,
        });
        return { id, reference, applicantName: member.display_name };
      });
    },
  };
}

export type SponsorService = ReturnType<typeof createSponsorService>;
