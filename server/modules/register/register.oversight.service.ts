import type { Config } from '../../config.ts';
import type { Database } from '../../db/database.ts';
import { withTransaction, type Tx } from '../../db/transaction.ts';
import { badRequest, forbidden, notFound } from '../../errors.ts';
import type { RequestContext } from '../../shared/context.ts';
import { pageWindow, PAGE_SIZE, PageSchema } from '../../shared/pagination.ts';
import { parseInput } from '../../shared/validation.ts';
import { authorize } from '../access/access.policy.ts';
import * as org from '../identity/identity.organisation.repository.ts';
import { notifyUser } from '../messages/messages.ts';
import { decideRecordAccess, readerFor as registerReader } from './register.access.ts';
import { nominalFacts } from './register.access.repository.ts';
import * as grants from './register.breakglass.repository.ts';
import { IDENTIFIER_KINDS, parseIdentifier } from './register.identifiers.ts';
import * as repo from './register.oversight.repository.ts';
import { BreakGlassSchema } from './register.oversight.schemas.ts';

export const NO_SUCH_REFERENCE = 'No record has that reference';

/**
 * The register's oversight operations: emergency (break-glass) access, who has viewed a record,
 * and the lists of records an officer manages or their unit owns.
 */
export function createRegisterOversightService(database: Database, config: Pick<Config, 'register'>) {
  const readerFor = (tx: Tx) => registerReader(tx, config.register.clearanceLevel);

  return {
    /**
     * Emergency access: a cleared user with no relationship to a record, who knows its reference
     * or an identifier, states why and may read it (read-only) for a set time. The managing
     * officer is told at once. A record the user is excluded or restricted from is answered as
     * one that does not exist; the log keeps the real reason.
     */
    async breakGlass(ctx: RequestContext, input: unknown) {
      const { reference, justification } = parseInput(BreakGlassSchema, input);
      const outcome = await withTransaction(database, ctx, async (tx) => {
        const reader = await readerFor(tx);
        if (!reader.cleared) {
          await tx.log({ kind: 'consultation', action: 'register.break-glass-refused', subjectType: 'nominal', purposeCode: 'break-glass', purposeText: justification, decision: 'denied', policyIds: ['register.clearance-required'], breakGlass: true });
          return 'uncleared' as const;
        }
        const identifiers = IDENTIFIER_KINDS.flatMap((kind) => {
          const parsed = parseIdentifier(kind, reference);
          return parsed.ok ? [{ kind, value: parsed.value }] : [];
        });
        const found = await grants.findNominalByReferenceOrIdentifier(tx.db, reference.toUpperCase(), identifiers);
        const facts = found ? await nominalFacts(tx.db, found.id) : undefined;
        if (!found || !facts) {
          await tx.log({ kind: 'consultation', action: 'register.break-glass-refused', subjectType: 'nominal', purposeCode: 'break-glass', purposeText: justification, decision: 'denied', policyIds: ['register.no-such-record'], breakGlass: true });
          return null;
        }
        if (authorize(reader, 'readNominal', facts).allowed) return { id: found.id, alreadyReadable: true as const };
        const decision = authorize(reader, 'readNominal', facts, { breakGlass: true });
        const unit = await org.findUnit(tx.db, facts.owningUnitId);
        if (!decision.allowed) {
          await tx.log({ kind: 'consultation', action: 'register.break-glass-refused', subjectType: 'nominal', subjectId: found.id, subjectAgencyId: unit?.agencyId, purposeCode: 'break-glass', purposeText: justification, decision: 'denied', policyIds: decision.policyIds, breakGlass: true });
          return null;
        }
        const expiresAt = new Date(ctx.now.getTime() + config.register.breakGlassMs);
        await grants.insertBreakGlassGrant(tx.db, { userId: reader.userId, nominalId: found.id, justification, grantedAt: ctx.now, expiresAt });
        await tx.record({
          type: 'register.break-glass-granted',
          subjectType: 'nominal',
          subjectId: found.id,
          payload: { reference: found.reference, expiresAt: expiresAt.toISOString() },
          log: { kind: 'consultation', subjectAgencyId: unit?.agencyId, purposeCode: 'break-glass', purposeText: justification, policyIds: decision.policyIds, breakGlass: true },
        });
        const actorUnit = await org.findUnit(tx.db, reader.unitId);
        const who = `${ctx.actor!.displayName}${actorUnit ? ` (${actorUnit.name}, ${actorUnit.agencyName})` : ''}`;
        await notifyUser(tx, {
          type: 'break-glass',
          userId: facts.managingOfficerId,
          subject: `Emergency access to ${found.reference}`,
          body: `${who} used emergency access (break-glass) to read record ${found.reference}, which you manage. Their access ends at ${expiresAt.toISOString().slice(0, 16).replace('T', ' ')} UTC. The reason they gave: "${justification}". If you did not expect this, contact them or your data protection officer.`,
          link: `/nominals/${found.id}/views`,
        });
        return { id: found.id, alreadyReadable: false as const, expiresAt };
      });
      if (outcome === 'uncleared') throw forbidden('You need active register clearance to use emergency access. Ask your manager if you need it.');
      if (!outcome) throw badRequest('no-such-reference', NO_SUCH_REFERENCE, [{ field: 'reference', message: NO_SUCH_REFERENCE }]);
      return outcome;
    },

    /** Who has viewed or changed a record: for the people answerable for it; "not found" for anyone else. */
    async recordViews(ctx: RequestContext, id: unknown, query: unknown) {
      const { page } = parseInput(PageSchema, query);
      const result = await withTransaction(database, ctx, async (tx) => {
        const reader = await readerFor(tx);
        const access = await decideRecordAccess(tx, reader, id);
        const decision = access.read.allowed ? authorize(reader, 'viewRecordLog', access.facts!, { breakGlass: access.breakGlass }) : access.read;
        const unit = access.facts ? await org.findUnit(tx.db, access.facts.owningUnitId) : undefined;
        await tx.log({
          kind: 'consultation',
          action: 'register.record-views-viewed',
          subjectType: 'nominal',
          subjectId: access.nominalId ?? undefined,
          subjectAgencyId: unit?.agencyId,
          purposeCode: 'audit',
          decision: decision.allowed ? 'allowed' : 'denied',
          policyIds: decision.policyIds,
          breakGlass: access.breakGlass || undefined,
        });
        if (!decision.allowed) return null;
        const nominal = await repo.nominalHeading(tx.db, access.nominalId!);
        const views = await repo.recordViews(tx.db, access.nominalId!, pageWindow(page));
        return { nominal, ...views, page, pageSize: PAGE_SIZE };
      });
      if (!result) throw notFound('No record was found with that reference, or you do not have access to it.');
      return result;
    },

    /** My caseload: the records I manage, among those I may read. */
    async myCaseload(ctx: RequestContext, query: unknown) {
      const { page } = parseInput(PageSchema, query);
      return withTransaction(database, ctx, async (tx) => {
        const reader = await readerFor(tx);
        const list = await repo.listRecords(tx.db, reader, { managingOfficerId: reader.userId }, pageWindow(page));
        await tx.log({ kind: 'consultation', action: 'register.caseload-viewed', subjectType: 'nominal-list', purposeCode: 'case-management' });
        return { ...list, page, pageSize: PAGE_SIZE, cleared: reader.cleared };
      });
    },

    /** My unit's records: those my unit owns, among those I may read. */
    async unitRecords(ctx: RequestContext, query: unknown) {
      const { page } = parseInput(PageSchema, query);
      return withTransaction(database, ctx, async (tx) => {
        const reader = await readerFor(tx);
        const list = await repo.listRecords(tx.db, reader, { owningUnitId: reader.unitId }, pageWindow(page));
        const unit = await org.findUnit(tx.db, reader.unitId);
        await tx.log({ kind: 'consultation', action: 'register.unit-records-viewed', subjectType: 'nominal-list', purposeCode: 'case-management' });
        return { ...list, page, pageSize: PAGE_SIZE, cleared: reader.cleared, unitName: unit?.name ?? '' };
      });
    },
  };
}

export type RegisterOversightService = ReturnType<typeof createRegisterOversightService>;
