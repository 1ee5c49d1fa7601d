import type { Config } from '../../config.ts';
import type { Database } from '../../db/database.ts';
import { withTransaction, type Tx } from '../../db/transaction.ts';
import { isAppError, notFound, type FieldError } from '../../errors.ts';
import type { RequestContext } from '../../shared/context.ts';
import { parseInput } from '../../shared/validation.ts';
import { authorize, type Decision, type NominalFacts } from '../access/access.policy.ts';
import * as org from '../identity/identity.organisation.repository.ts';
import { decideRecordAccess, readerFor as registerReader, type RecordAccess, type RegisterReader } from './register.access.ts';
import { nominalFacts } from './register.access.repository.ts';
import * as repo from './register.sharing.repository.ts';
import { ACCESS_CHANGES, PARTNER_ROLE_NAMES, type AccessChange } from './register.sharing.schemas.ts';

type Refusal = { status: 400 | 409; errors: FieldError[] };
type Applied = { message: string; event: { type: string; payload: Record<string, unknown>; changes: { field: string; old?: unknown; new?: unknown }[] } | null };

const refuse = (field: string, message: string, status: 400 | 409 = 400): Refusal => ({ status, errors: [{ field, message }] });
const roleName = (r: repo.PartnerRole) => PARTNER_ROLE_NAMES[r].name;

/**
 * Who may see a record besides its owning unit: partner units with a role, people excluded from
 * it, and the named people it is restricted to. Managed by the owning unit (policy
 * register.manage-access); every change is an alteration in the access log.
 */
export function createRecordAccessService(database: Database, config: Pick<Config, 'register'>) {
  const readerFor = (tx: Tx) => registerReader(tx, config.register.clearanceLevel);

  /** The read decision first (so that "not found" is the answer to anyone who may not read), then manage-access. */
  async function decide(tx: Tx, id: unknown): Promise<{ reader: RegisterReader; access: RecordAccess; decision: Decision; agencyId?: string }> {
    const reader = await readerFor(tx);
    const access = await decideRecordAccess(tx, reader, id);
    const decision = access.read.allowed ? authorize(reader, 'manageAccess', access.facts!, { breakGlass: access.breakGlass }) : access.read;
    const unit = access.facts ? await org.findUnit(tx.db, access.facts.owningUnitId) : undefined;
    return { reader, access, decision, agencyId: unit?.agencyId };
  }

  async function page(tx: Tx, nominalId: string, decision: Decision, agencyId: string | undefined) {
    const settings = await repo.accessSettings(tx.db, nominalId);
    const taken = new Set([...settings.partners.map((p) => p.unitId)]);
    const owning = (await nominalFacts(tx.db, nominalId))!.owningUnitId;
    const unitOptions = (await org.listUnits(tx.db)).filter((u) => u.id !== owning && !taken.has(u.id));
    await tx.log({ kind: 'consultation', action: 'register.access-viewed', subjectType: 'nominal', subjectId: nominalId, subjectAgencyId: agencyId, purposeCode: 'case-management', policyIds: decision.policyIds });
    return { ...settings, unitOptions };
  }

  async function apply(tx: Tx, change: AccessChange, facts: NominalFacts, input: Record<string, string>): Promise<Applied | Refusal> {
    const nominalId = facts.nominalId;
    const actorId = tx.ctx.actor!.userId;
    switch (change) {
      case 'add-partner': {
        const unit = await org.findUnit(tx.db, input.partnerUnit!);
        if (!unit) return refuse('partnerUnit', 'Select the unit to add as a partner');
        if (unit.id === facts.owningUnitId) return refuse('partnerUnit', 'That is the owning unit, which already has full access: choose another unit');
        const current = await repo.partnerRole(tx.db, nominalId, unit.id);
        if (current) return refuse('partnerUnit', `${unit.name} is already a partner (${roleName(current)}): change its role in the table instead`);
        const role = input.partnerRole as repo.PartnerRole;
        await repo.insertPartner(tx.db, nominalId, unit.id, role);
        return { message: `${unit.name} added as ${roleName(role).toLowerCase()}`, event: { type: 'register.partner-added', payload: { unitId: unit.id, role }, changes: [{ field: `partner:${unit.id}`, new: role }] } };
      }
      case 'change-partner-role': {
        const [unitId, from, to] = [input.unitId!, input.currentRole as repo.PartnerRole, input.role as repo.PartnerRole];
        const field = `role-${unitId}`;
        const current = await repo.partnerRole(tx.db, nominalId, unitId);
        if (!current) return refuse(field, 'That unit is no longer a partner: someone removed it after you opened this page', 409);
        if (current !== from) return refuse(field, `Someone changed this unit's role to ${roleName(current).toLowerCase()} after you opened this page: check it and change it again if you need to`, 409);
        if (from === to) return { message: 'The role was not changed', event: null };
        await repo.updatePartnerRole(tx.db, nominalId, unitId, from, to);
        return { message: `Role changed to ${roleName(to).toLowerCase()}`, event: { type: 'register.partner-role-changed', payload: { unitId, from, to }, changes: [{ field: `partner:${unitId}`, old: from, new: to }] } };
      }
      case 'remove-partner': {
        const role = await repo.deletePartner(tx.db, nominalId, input.unitId!);
        if (!role) return refuse('partners', 'That unit is no longer a partner: someone removed it after you opened this page', 409);
        return { message: 'Partner unit removed', event: { type: 'register.partner-removed', payload: { unitId: input.unitId }, changes: [{ field: `partner:${input.unitId}`, old: role }] } };
      }
      case 'add-exclusion':
      case 'add-restriction': {
        const exclusion = change === 'add-exclusion';
        const [field, table] = exclusion ? (['excludeUsername', 'nominal_exclusion'] as const) : (['restrictUsername', 'nominal_restriction'] as const);
        const user = await repo.userByUsername(tx.db, exclusion ? input.excludeUsername! : input.restrictUsername!);
        if (!user) return refuse(field, 'No user has that username: check it and try again');
        const listed = await repo.listedUserIds(tx.db, table, nominalId);
        if (listed.includes(user.id)) return refuse(field, `${user.displayName} is already ${exclusion ? 'excluded' : 'on the restriction list'}`);
        if (exclusion && user.id === facts.managingOfficerId) {
          return refuse(field, `You cannot exclude ${user.displayName}: they are the record's managing officer. Transfer the record to another officer first.`);
        }
        if (!exclusion && user.id !== facts.managingOfficerId && !listed.includes(facts.managingOfficerId)) {
          const manager = await repo.userById(tx.db, facts.managingOfficerId);
          return refuse(field, `Add the managing officer, ${manager?.displayName} (${manager?.username}), to the restriction list first: a restricted record must stay visible to its managing officer.`);
        }
        await repo.insertPerson(tx.db, table, { nominalId, userId: user.id, message: exclusion ? input.excludeMessage! : input.restrictMessage!, by: actorId, at: tx.ctx.now });
        const type = exclusion ? 'register.exclusion-added' : 'register.restriction-added';
        return { message: exclusion ? `${user.displayName} excluded from the record` : `${user.displayName} added to the restriction list`, event: { type, payload: { userId: user.id }, changes: [{ field: `${exclusion ? 'excluded' : 'restricted-to'}:${user.id}`, new: true }] } };
      }
      case 'remove-exclusion':
      case 'remove-restriction': {
        const exclusion = change === 'remove-exclusion';
        const [field, table] = exclusion ? (['exclusions', 'nominal_exclusion'] as const) : (['restrictions', 'nominal_restriction'] as const);
        const userId = input.userId!;
        if (!exclusion && userId === facts.managingOfficerId && (await repo.listedUserIds(tx.db, table, nominalId)).length > 1) {
          return refuse(field, 'The managing officer must stay on the restriction list while anyone else is on it: remove the others first to lift the restriction.');
        }
        if (!(await repo.deletePerson(tx.db, table, nominalId, userId))) return refuse(field, 'That person is no longer on the list: someone removed them after you opened this page', 409);
        const type = exclusion ? 'register.exclusion-removed' : 'register.restriction-removed';
        return { message: exclusion ? 'Exclusion removed' : 'Person removed from the restriction list', event: { type, payload: { userId }, changes: [{ field: `${exclusion ? 'excluded' : 'restricted-to'}:${userId}`, old: true }] } };
      }
    }
  }

  return {
    /** The record's access page: partner units, exclusions and restrictions, with their messages. */
    async accessPage(ctx: RequestContext, id: unknown) {
      const result = await withTransaction(database, ctx, async (tx) => {
        const { access, decision, agencyId } = await decide(tx, id);
        if (!decision.allowed) {
          await tx.log({ kind: 'consultation', action: 'register.access-viewed', subjectType: 'nominal', subjectId: access.nominalId ?? undefined, subjectAgencyId: agencyId, purposeCode: 'case-management', decision: 'denied', policyIds: decision.policyIds, breakGlass: access.breakGlass || undefined });
          return null;
        }
        return page(tx, access.nominalId!, decision, agencyId);
      });
      if (!result) throw notFound('No record was found with that reference, or you do not have access to it.');
      return result;
    },

    /**
     * One change to who may see a record. Bad input or a refused change comes back with the page
     * to show again (nothing is changed); a change made after the user opened the page is a 409.
     */
    async changeAccess(ctx: RequestContext, id: unknown, change: AccessChange, input: unknown) {
      const result = await withTransaction(database, ctx, async (tx) => {
        const { reader, access, decision, agencyId } = await decide(tx, id);
        if (!decision.allowed) {
          await tx.log({ kind: 'alteration', action: `register.${change}-refused`, subjectType: 'nominal', subjectId: access.nominalId ?? undefined, subjectAgencyId: agencyId, decision: 'denied', policyIds: decision.policyIds, breakGlass: access.breakGlass || undefined });
          return null;
        }
        let outcome: Applied | Refusal;
        try {
          outcome = await apply(tx, change, access.facts!, parseInput(ACCESS_CHANGES[change], input) as Record<string, string>);
        } catch (error) {
          if (!isAppError(error) || error.status !== 400) throw error;
          outcome = { status: 400, errors: error.fieldErrors };
        }
        if ('errors' in outcome) return { ok: false as const, ...outcome, page: await page(tx, access.nominalId!, decision, agencyId) };
        if (outcome.event) {
          await tx.record({
            type: outcome.event.type,
            subjectType: 'nominal',
            subjectId: access.nominalId!,
            payload: outcome.event.payload,
            log: { kind: 'alteration', subjectAgencyId: agencyId, purposeCode: 'case-management', policyIds: decision.policyIds, changes: outcome.event.changes },
          });
        }
        // A restriction can leave the person who made it outside the list: then the record's pages are "not found" to them.
        const facts = (await nominalFacts(tx.db, access.nominalId!))!;
        const stillReadable = authorize(reader, 'readNominal', facts).allowed;
        return { ok: true as const, message: outcome.message, stillReadable, nominalId: access.nominalId! };
      });
      if (!result) throw notFound('No record was found with that reference, or you do not have access to it.');
      return result;
    },
  };
}

export type RecordAccessService = ReturnType<typeof createRecordAccessService>;
