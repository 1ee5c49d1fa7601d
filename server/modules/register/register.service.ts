import type { Config } from '../../config.ts';
import type { Database } from '../../db/database.ts';
import { withTransaction, type Tx } from '../../db/transaction.ts';
import { badRequest, forbidden, isAppError, notFound, type FieldError } from '../../errors.ts';
import type { RequestContext } from '../../shared/context.ts';
import { parseInput } from '../../shared/validation.ts';
import * as org from '../identity/identity.organisation.repository.ts';
import type { ClearanceLevel } from '../access/access.clearance.ts';
import { holderVisibleTo, readerFor as registerReader, readerWithAccess } from './register.access.ts';
import { identifierInUse, identifierUnusable, operation } from './register.editing.ts';
import { IDENTIFIER_NAMES } from './register.identifiers.ts';
import { sectionCounts } from './register.items.ts';
import * as repo from './register.repository.ts';
import { createNominalSchema, findSchema, IDENTIFIER_FIELDS } from './register.schemas.ts';

export type CreateOutcome =
  | { kind: 'possible-duplicates'; matches: repo.NominalSummary[] }
  | { kind: 'created'; id: string; reference: string };

export function createRegisterService(database: Database, config: Pick<Config, 'register'>) {
  const level: ClearanceLevel = config.register.clearanceLevel;

  const readerFor = (tx: Tx) => registerReader(tx, level);

  return {
    /** Find nominal: by any name or alias, similar spellings included, scoped to what the actor may read. */
    async findNominals(ctx: RequestContext, input: unknown) {
      // Bad criteria come back as errors beside the form (with its unit list), not as a thrown 400.
      let criteria: ReturnType<ReturnType<typeof findSchema>['parse']> | undefined;
      let errors: FieldError[] | undefined;
      try {
        criteria = parseInput(findSchema(ctx.now), input);
      } catch (error) {
        if (!isAppError(error)) throw error;
        errors = error.fieldErrors;
      }
      return withTransaction(database, ctx, async (tx) => {
        const reader = await readerFor(tx);
        const units = await org.listUnits(tx.db);
        const searched = !!criteria?.any;
        const results = criteria && searched ? await repo.searchNominals(tx.db, reader, criteria, 50) : [];
        if (searched) await tx.log({ kind: 'consultation', action: 'register.nominals-searched', subjectType: 'nominal-list', purposeCode: 'case-management' });
        return { searched, results, errors, units, cleared: reader.cleared };
      });
    },

    /**
     * Creates a record in the actor's unit, with the actor as managing officer.
     * Possible duplicates the actor may see are shown first; the record is only
     * created once the actor confirms it is a different person.
     */
    async createNominal(ctx: RequestContext, input: unknown): Promise<CreateOutcome> {
      const data = parseInput(createNominalSchema(ctx.now), input);
      return operation(database, ctx, async (tx) => {
        const reader = await readerFor(tx);
        if (!reader.cleared) throw forbidden('You need active register clearance to create a record.');
        if (!reader.roles.some((r) => r === 'practitioner' || r === 'manager')) throw forbidden('Only practitioners and managers can create register records.');
        const holders = await repo.identifierHolders(tx.db, data.identifiers);
        if (!data.confirmedNew) {
          const matches = await repo.findSimilar(tx.db, reader, {
            fullName: `${data.givenNames} ${data.familyName}`,
            familyName: data.familyName,
            dateOfBirth: data.dateOfBirth,
            nominalIds: holders.map((h) => h.nominal_id),
          }, 20);
          if (matches.length) {
            await tx.log({ kind: 'consultation', action: 'register.duplicate-check', subjectType: 'nominal-list', purposeCode: 'case-management' });
            return { kind: 'possible-duplicates', matches };
          }
        }
        if (holders.length) {
          // The actor typed the number: saying it is in use reveals nothing they did not know, unless
          // the record holding it is one they may not see. Then the answer names no record, and the
          // log keeps the real reason against that record.
          const errors: FieldError[] = [];
          let hidden: { nominalId: string; policyIds: string[] } | undefined;
          for (const h of holders) {
            const read = await holderVisibleTo(tx, reader, h.nominal_id);
            if (!read.allowed) hidden ??= { nominalId: h.nominal_id, policyIds: read.policyIds };
            const message = read.allowed
              ? `That ${IDENTIFIER_NAMES[h.kind]} is already on another record. Search for it, or ask your register point of contact.`
              : identifierUnusable(IDENTIFIER_NAMES[h.kind]);
            errors.push({ field: IDENTIFIER_FIELDS[h.kind], message });
          }
          throw identifierInUse(badRequest('identifier-in-use', errors[0]!.message, errors), hidden);
        }
        const unit = await org.findUnit(tx.db, reader.unitId);
        if (!unit) throw forbidden();
        const reference = await repo.nextReference(tx.db, unit.agencyCode);
        const id = await repo.insertNominal(tx.db, {
          reference,
          nominalType: data.nominalType,
          familyName: data.familyName,
          givenNames: data.givenNames,
          dateOfBirth: data.dateOfBirth,
          gender: data.gender,
          owningUnitId: unit.id,
          managingOfficerId: reader.userId,
          identifiers: data.identifiers,
        });
        await tx.record({
          type: 'register.nominal-created',
          subjectType: 'nominal',
          subjectId: id,
          payload: { reference, owningUnitId: unit.id },
          log: { kind: 'collection', subjectAgencyId: unit.agencyId, purposeCode: 'public-protection' },
        });
        return { kind: 'created', id, reference };
      });
    },

    /** One record, if the policies allow; "not found" otherwise, with the real reason in the log. */
    async viewNominal(ctx: RequestContext, id: unknown) {
      const result = await withTransaction(database, ctx, async (tx) => {
        const { access } = await readerWithAccess(tx, level, id);
        const detail = access.read.allowed ? await repo.findNominalDetail(tx.db, access.nominalId!, access.canSeeRestricted) : undefined;
        await tx.log({
          kind: 'consultation',
          action: 'register.nominal-viewed',
          subjectType: 'nominal',
          subjectId: access.nominalId ?? undefined,
          subjectAgencyId: detail?.owningAgencyId,
          purposeCode: 'case-management',
          decision: access.read.allowed ? 'allowed' : 'denied',
          policyIds: access.read.policyIds,
          breakGlass: access.breakGlass || undefined,
        });
        if (!detail) return null;
        const { summaryItems, itemCounts, ...record } = detail;
        const summary = Object.fromEntries(summaryItems.map((i) => [i.kind, i]));
        const sectionTotals = sectionCounts(itemCounts);
        return { ...record, summary, sectionTotals, canSeeRestricted: access.canSeeRestricted, canEdit: access.canEdit, breakGlass: access.breakGlass, breakGlassExpiresAt: access.breakGlassExpiresAt, canManageAccess: access.canManageAccess, canViewRecordLog: access.canViewRecordLog };
      });
      if (!result) throw notFound('No record was found with that reference, or you do not have access to it.');
      return result;
    },
  };
}

export type RegisterService = ReturnType<typeof createRegisterService>;
