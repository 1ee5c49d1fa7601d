import type { Faker } from '@faker-js/faker';
import { ITEM_KINDS } from '../register/register.items.ts';
import { makeCro, makePnc } from '../register/register.identifiers.ts';
import type { RegisterBatch } from './seed.repository.ts';
import { fastUuid } from './seed.faker.ts';
import { sha256Hex, silhouettePng } from './seed.photo.ts';
import { ITEM_MAKERS, KINDS_WITH_REQUIRED_FILES, type ItemContext } from './seed.items.ts';

/** A unit that can own records, with the officers who can manage them. */
export interface OwnerUnit {
  unitId: string;
  agencyId: string;
  agencyCode: string;
  kind: string;
  officers: { id: string; name: string }[];
}

export interface PeopleOptions {
  faker: Faker;
  owners: OwnerUnit[];
  /** Reference numbers from the register's sequence, one per record; they also keep identifiers unique. */
  numbers: number[];
  today: Date;
  /** 'full': the demo's records, with items of every kind; 'light': a few items each (the large register). */
  detail: 'full' | 'light';
  /** Users who may be named in exclusions and restrictions. */
  anyUsers: string[];
}

type NominalType = 'rso' | 'violent-other-sexual' | 'other-dangerous' | 'terrorist' | 'pdp';

const MAPPA_CATEGORY: Record<NominalType, string> = { rso: '1', 'violent-other-sexual': '2', 'other-dangerous': '3', terrorist: '4', pdp: '3' };
const LEAD: Record<string, 'police' | 'probation' | 'prison'> = { 'police-force': 'police', 'probation-region': 'probation', prison: 'prison' };

// HMRC prefixes that are issued (first letter never D F I Q U V, second never D F I O Q U V, and
// none of the unallocated pairs): enough to spread the numbers out.
const NI_PREFIXES = ['AB', 'CE', 'GH', 'JK', 'JL', 'KA', 'LM', 'NP', 'PR', 'RS', 'SE', 'WX', 'YZ', 'ZA', 'HT', 'EW'];
const LETTERS = 'ABCDEFGHJKLMNPRSTUVWXYZ';
const CRN_LETTERS = 'ABCDEFGHJKLMNPRSTVWXYZ';

/** A bijection on 0..999,999 (7,919 is prime to 10^6): unique numbers that do not look sequential. */
const spread = (n: number) => (n * 7_919 + 104_729) % 1_000_000;

/**
 * Identifiers unique across every synthetic record, because each is built from the record's own
 * reference number: PNC, CRO, CRN, prison and NI numbers, each in canonical form and valid.
 */
export function identifiersFor(faker: Faker, n: number, yearOfBirth: number, today: Date) {
  const s = spread(n % 1_000_000);
  const hi = Math.floor(n / 1_000_000);
  const firstYear = Math.min(today.getUTCFullYear(), yearOfBirth + 18 + faker.number.int({ min: 0, max: 20 }));
  return {
    pnc: makePnc(firstYear, s + hi * 1_000_000),
    cro: makeCro(s, firstYear),
    crn: `${CRN_LETTERS[hi % CRN_LETTERS.length]}${String(s).padStart(6, '0')}`,
    'prison-number': `${'AG'[hi % 2]}${String(s % 10_000).padStart(4, '0')}${LETTERS[Math.floor(s / 10_000) % 23]}${LETTERS[(Math.floor(s / 230_000) + hi * 5) % 23]}`,
    'ni-number': `${NI_PREFIXES[hi % NI_PREFIXES.length]}${String(s).padStart(6, '0')}${'ABCD'[n % 4]}`,
  } as const;
}

/** Blank fields are left out of an item's data, as the register's own validation stores them. */
const filled = (data: Record<string, unknown>) => Object.fromEntries(Object.entries(data).filter(([, v]) => v !== '' && v !== null && v !== undefined));

const PHOTOS = Array.from({ length: 8 }, (_, i) => {
  const bytes = silhouettePng(i * 5);
  return { bytes, sha256: sha256Hex(bytes), base64: bytes.toString('base64') };
});

const KIND_DEFS = new Map(ITEM_KINDS.map((k) => [k.kind, k]));
const FULL_KINDS = ITEM_KINDS.map((k) => k.kind).filter((k) => !KINDS_WITH_REQUIRED_FILES.includes(k));

/** Builds `numbers.length` synthetic people with everything a record holds, ready to insert. */
export function makePeople(o: PeopleOptions): RegisterBatch {
  const { faker, today } = o;
  const batch: RegisterBatch = { nominals: [], names: [], identifiers: [], relationships: [], exclusions: [], restrictions: [], files: [], items: [], history: [] };
  const iso = (d: Date) => d.toISOString().slice(0, 10);
  const police = o.owners.filter((u) => u.kind === 'police-force');
  const probation = o.owners.filter((u) => u.kind === 'probation-region');
  const prisons = o.owners.filter((u) => u.kind === 'prison');
  const pools = [police, probation, prisons].filter((p) => p.length);
  const whenBuilt = new Date(today.getTime() - 86_400_000);

  for (const n of o.numbers) {
    const sex = faker.helpers.weightedArrayElement([{ value: 'male' as const, weight: 90 }, { value: 'female' as const, weight: 10 }]);
    const given = faker.person.firstName(sex);
    const middle = faker.datatype.boolean(0.4) ? ` ${faker.person.firstName(sex)}` : '';
    const family = faker.person.lastName();
    const dob = faker.date.birthdate({ mode: 'age', min: 19, max: 78, refDate: today });
    const type = faker.helpers.weightedArrayElement<NominalType>([{ value: 'rso', weight: 45 }, { value: 'violent-other-sexual', weight: 30 }, { value: 'other-dangerous', weight: 10 }, { value: 'pdp', weight: 10 }, { value: 'terrorist', weight: 5 }]);
    const pool = faker.helpers.weightedArrayElement(pools.map((p) => ({ value: p, weight: p === prisons ? 1 : 3 })));
    const owner = faker.helpers.arrayElement(pool);
    const officer = faker.helpers.arrayElement(owner.officers);
    const id = fastUuid(faker);
    batch.nominals.push({
      id,
      reference: `${owner.agencyCode}-${String(n).padStart(6, '0')}`,
      nominal_type: type,
      status: faker.helpers.weightedArrayElement([{ value: 'active', weight: 96 }, { value: 'archived', weight: 3 }, { value: 'deceased', weight: 1 }]),
      family_name: family,
      given_names: given + middle,
      date_of_birth: iso(dob),
      gender: faker.datatype.boolean(0.01) ? 'not-known' : sex,
      owning_unit_id: owner.unitId,
      managing_officer_id: officer.id,
      wanted_since: faker.datatype.boolean(0.02) ? iso(faker.date.recent({ days: 60, refDate: today })) : null,
      missing_since: faker.datatype.boolean(0.02) ? iso(faker.date.recent({ days: 90, refDate: today })) : null,
    });
    batch.names.push({ nominal_id: id, name_type: 'primary', family_name: family, given_names: given + middle });
    if (faker.datatype.boolean(0.3)) batch.names.push({ nominal_id: id, name_type: 'alias', family_name: faker.datatype.boolean(0.5) ? family : faker.person.lastName(), given_names: faker.person.firstName(sex) });
    if (faker.datatype.boolean(0.08)) batch.names.push({ nominal_id: id, name_type: 'previous', family_name: faker.person.lastName(), given_names: given });

    const ids = identifiersFor(faker, n, dob.getUTCFullYear(), today);
    const has = { pnc: 0.97, cro: 0.7, crn: owner.kind === 'probation-region' ? 1 : 0.6, 'prison-number': owner.kind === 'prison' ? 1 : 0.3, 'ni-number': 0.75 } as const;
    for (const kind of Object.keys(ids) as (keyof typeof ids)[]) {
      if (faker.datatype.boolean(has[kind])) batch.identifiers.push({ nominal_id: id, kind, value: ids[kind] });
    }

    // Most records are shared: police with probation, and prisons with both before release.
    const partners = o.owners.filter((u) => u.agencyId !== owner.agencyId);
    const partnerCount = faker.helpers.weightedArrayElement([{ value: 0, weight: 30 }, { value: 1, weight: 50 }, { value: 2, weight: 20 }]);
    const chosen = partners.length ? faker.helpers.arrayElements(partners, Math.min(partnerCount, partners.length)) : [];
    for (const p of chosen) {
      const role = faker.helpers.weightedArrayElement([{ value: 'partner', weight: 80 }, { value: 'restricted-partner', weight: 8 }, { value: 'supervisor', weight: 6 }, { value: 'view-only', weight: 6 }]);
      batch.relationships.push({ nominal_id: id, unit_id: p.unitId, role });
    }
    // A few named exclusions (a colleague who knows the person) and, rarer, records restricted to named officers.
    const colleague = chosen[0]?.officers[0] ?? owner.officers.find((x) => x.id !== officer.id);
    if (colleague && faker.datatype.boolean(0.01)) batch.exclusions.push({ nominal_id: id, user_id: colleague.id, message: 'Declared a personal connection to this person: do not view or discuss the record.' });
    else if (faker.datatype.boolean(0.004)) {
      const named = [officer.id, ...owner.officers.filter((x) => x.id !== officer.id).slice(0, 1).map((x) => x.id)];
      for (const user_id of named) batch.restrictions.push({ nominal_id: id, user_id, message: 'Restricted at the request of the SIO while an operation is live.' });
    }

    const ctx: ItemContext = { faker, today, dateOfBirth: iso(dob), mappaCategory: MAPPA_CATEGORY[type], leadAgency: LEAD[owner.kind] ?? 'police', officerName: officer.name };
    const kinds = o.detail === 'full' ? ['mappa', 'address', ...faker.helpers.arrayElements(FULL_KINDS, { min: 1, max: 6 })] : ['mappa', 'address', ...(faker.datatype.boolean(0.5) ? ['activity'] : [])];
    // A synthetic silhouette photograph on about one record in five, stored like any upload.
    if (o.detail === 'full' && faker.datatype.boolean(0.2)) {
      const fileId = fastUuid(faker);
      const png = PHOTOS[faker.number.int(PHOTOS.length - 1)]!;
      batch.files.push({ id: fileId, nominal_id: id, content_type: 'image/png', byte_size: png.bytes.length, sha256: png.sha256, content: png.base64, created_by: officer.id });
      const data = { takenOn: iso(faker.date.recent({ days: 700, refDate: today })), subject: 'face', description: 'Custody photograph (synthetic silhouette: not a real person)', fileId };
      batch.items.push({ id: fastUuid(faker), nominal_id: id, kind: 'photo', sensitivity: 'standard', data, version: 1, created_by: officer.id, created_at: whenBuilt });
    }
    for (const kind of kinds) {
      const def = KIND_DEFS.get(kind)!;
      const sensitivity = def.sensitivity === 'choose' ? (faker.datatype.boolean(0.1) ? 'restricted' : 'standard') : def.sensitivity;
      const itemId = fastUuid(faker);
      // MAPPA carries its history: earlier screenings at other levels, then the current one.
      const versions = kind === 'mappa' && o.detail === 'full' ? faker.number.int({ min: 1, max: 3 }) : 1;
      const at = (v: number) => new Date(whenBuilt.getTime() - (versions - v) * 90 * 86_400_000);
      let data = filled(ITEM_MAKERS[kind]!(ctx));
      for (let v = 1; v < versions; v++) {
        batch.history.push({ item_id: itemId, version: v, data, sensitivity, changed_at: at(v), changed_by: officer.id });
        data = { ...filled(ITEM_MAKERS[kind]!(ctx)), category: data.category };
      }
      batch.items.push({ id: itemId, nominal_id: id, kind, sensitivity, data, version: versions, created_by: officer.id, created_at: at(1), updated_at: at(versions) });
    }
  }
  return batch;
}
