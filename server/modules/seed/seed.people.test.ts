import { describe, expect, it } from 'vitest';
import { itemKind } from '../register/register.items.ts';
import { checkUpload } from '../register/register.files.ts';
import { parseItem } from '../register/register.items.validation.ts';
import { parseIdentifier, type IdentifierKind } from '../register/register.identifiers.ts';
import { demoPeople } from './seed.demo.ts';
import { seededFaker, startOfToday } from './seed.faker.ts';
import { makePeople, type OwnerUnit } from './seed.people.ts';

const today = startOfToday(new Date('2026-12-01T12:00:00Z'));
const owners: OwnerUnit[] = (['police-force', 'probation-region', 'prison'] as const).flatMap((kind, k) =>
  [0, 1].map((i) => ({ unitId: `unit-${k}-${i}`, agencyId: `agency-${k}`, agencyCode: ['NPF', 'PNE', 'HMP-HB'][k]!, kind, officers: [{ id: `officer-${k}-${i}-a`, name: 'Pat Example' }, { id: `officer-${k}-${i}-b`, name: 'Sam Example' }] })),
);
const people = (seed: number, detail: 'full' | 'light', count = 600) =>
  makePeople({ faker: seededFaker(seed, today), owners, numbers: Array.from({ length: count }, (_, i) => i + 1), today, detail, anyUsers: [] });

describe('synthetic people', () => {
  it('are the same for the same seed, and different for another', () => {
    expect(people(7, 'full', 200)).toEqual(people(7, 'full', 200));
    expect(people(8, 'full', 200).nominals[0]!.family_name).not.toBe(undefined);
    expect(JSON.stringify(people(8, 'full', 50))).not.toBe(JSON.stringify(people(7, 'full', 50)));
    expect(demoPeople(seededFaker(1, today))).toEqual(demoPeople(seededFaker(1, today)));
  });

  it('carry only valid identifiers, in canonical form, never repeated', () => {
    const b = people(1, 'light', 3_000);
    for (const i of b.identifiers) expect(parseIdentifier(i.kind as IdentifierKind, i.value, { today }), `${i.kind} ${i.value}`).toEqual({ ok: true, value: i.value });
    expect(new Set(b.identifiers.map((i) => `${i.kind}:${i.value}`)).size).toBe(b.identifiers.length);
    // The examples on the pages' hints must never belong to a synthetic person.
    for (const example of ['2012/0052834K', '012345/99N', 'X123456', 'A1234BC', 'AB123456C']) expect(b.identifiers.map((i) => i.value)).not.toContain(example);
  });

  it('have items of every kind, each accepted unchanged by the register’s own validation, photographs with their file', () => {
    const b = people(2, 'full', 80);
    const kinds = new Set(b.items.map((i) => i.kind));
    for (const k of ['photo', 'nationality', 'identity-document', 'address', 'financial', 'vehicle', 'employment', 'associate', 'offence', 'court-order', 'licence-condition', 'modus-operandi', 'risk-factor', 'person-at-risk', 'risk-assessment', 'rmp-action', 'medical', 'mappa', 'activity', 'disclosure']) {
      expect(kinds, k).toContain(k);
    }
    const now = new Date(today.getTime() + 3_600_000);
    for (const item of [...b.items, ...b.history.map((h) => ({ ...h, kind: b.items.find((i) => i.id === h.item_id)!.kind }))]) {
      const def = itemKind(item.kind)!;
      // The file field is checked from the upload's bytes, not by parseItem: the photograph's file is checked below.
      const { fileId, ...fields } = item.data;
      const parsed = parseItem(def, { ...fields, sensitivity: item.sensitivity }, now);
      expect(parsed, `${item.kind} ${JSON.stringify(item.data)}`).toEqual({ data: fields, sensitivity: item.sensitivity });
      if (item.kind === 'photo') {
        const file = b.files.find((f) => f.id === fileId)!;
        expect(file.nominal_id).toBe(b.items.find((i) => i.id === ('item_id' in item ? item.item_id : item.id))!.nominal_id);
        const bytes = Buffer.from(file.content, 'base64');
        expect(checkUpload({ buffer: bytes }, 'image', 1_048_576)).toMatchObject({ ok: true, contentType: 'image/png', sha256: file.sha256 });
      }
    }
    expect(b.history.length).toBeGreaterThan(0);
  });

  it('are each managed by an officer of the owning unit, and shared only with other agencies', () => {
    const b = people(3, 'light');
    for (const n of b.nominals) {
      const owner = owners.find((u) => u.unitId === n.owning_unit_id)!;
      expect(owner.officers.map((o) => o.id)).toContain(n.managing_officer_id);
    }
    for (const r of b.relationships) {
      const n = b.nominals.find((x) => x.id === r.nominal_id)!;
      expect(owners.find((u) => u.unitId === r.unit_id)!.agencyId).not.toBe(owners.find((u) => u.unitId === n.owning_unit_id)!.agencyId);
    }
  });
});
