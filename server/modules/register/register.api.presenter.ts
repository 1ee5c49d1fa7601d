import type { NominalSummary } from './register.repository.ts';
import type { RegisterService } from './register.service.ts';

/**
 * What the API shows of a record: named fields only (an allowlist), so a column added for
 * the pages never leaks into the API unnoticed. The API description (register.openapi.ts)
 * describes exactly these shapes, and a test holds the two together.
 */

export const presentSummary = (n: NominalSummary) => ({
  id: n.id,
  reference: n.reference,
  nominalType: n.nominalType,
  familyName: n.familyName,
  givenNames: n.givenNames,
  dateOfBirth: n.dateOfBirth,
  owningUnitName: n.owningUnitName,
});

export function presentSearch(found: Awaited<ReturnType<RegisterService['findNominals']>>) {
  return { cleared: found.cleared, results: found.results.map(presentSummary) };
}

export function presentNominal(n: Awaited<ReturnType<RegisterService['viewNominal']>>) {
  return {
    id: n.id,
    reference: n.reference,
    nominalType: n.nominalType,
    status: n.status,
    familyName: n.familyName,
    givenNames: n.givenNames,
    dateOfBirth: n.dateOfBirth,
    gender: n.gender,
    owningUnitName: n.owningUnitName,
    owningAgencyName: n.owningAgencyName,
    managingOfficerName: n.managingOfficerName,
    version: n.version,
    names: n.names.map((x) => ({ nameType: x.nameType, familyName: x.familyName, givenNames: x.givenNames })),
    identifiers: n.identifiers.map((x) => ({ kind: x.kind, value: x.value })),
    canEdit: n.canEdit,
  };
}
