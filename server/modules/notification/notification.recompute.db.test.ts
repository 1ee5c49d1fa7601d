import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTransaction } from '../../db/transaction.ts';
import { systemContext } from '../../shared/context.ts';
import { createTestApp, createTestUser, seedOrganisations, type TestApp } from '../../testing/test-app.ts';
import { insertNominal } from '../register/register.repository.ts';
import { computeClock } from './notification.clock.ts';
import { toClockInput } from './notification.facts.ts';
import { recomputeClock } from './notification.recompute.ts';
import { statusRows } from './notification.status.ts';

let t: TestApp;
const AS_OF = '2026-06-01';
const nominals: string[] = [];
let formerSubject: string;

type Disposal = { kind: 'imprisonment' | 'life' | 'ipp' | 'hospital-restricted' | 'hospital' | 'caution' | 'conditional-discharge' | 'other'; relevant_date: string; sentence_months?: number; discharge_months?: number; removed?: boolean };
type Event = { type: 'notification' | 'change' | 'spell' | 'no-fixed-address' | 'travel' | 'shpo' | 'review-decision'; kind?: string; on_date?: string; from_date?: string; to_date?: string | null; notified_at?: string; departure_at?: string; details_known_earlier?: boolean };

/** A small register covering each kind of disposal and of event, some overdue, some not yet due. */
const CASES: { dob: string | null; disposals: Disposal[]; events?: Event[]; review?: { outcome: 'refused' | 'discharged'; decided_on: string } }[] = [
  { dob: '1980-03-01', disposals: [{ kind: 'imprisonment', relevant_date: '2025-01-10', sentence_months: 18 }], events: [{ type: 'notification', kind: 'initial', on_date: '2025-01-12' }] },
  { dob: '1975-07-15', disposals: [{ kind: 'life', relevant_date: '2005-02-01' }], events: [{ type: 'notification', kind: 'initial', on_date: '2005-02-02' }, { type: 'notification', kind: 'periodic', on_date: '2025-09-01' }], review: { outcome: 'refused', decided_on: '2021-04-01' } },
  { dob: '1990-01-01', disposals: [{ kind: 'caution', relevant_date: '2026-05-20' }] },
  { dob: '2010-05-05', disposals: [{ kind: 'conditional-discharge', relevant_date: '2026-01-05', discharge_months: 12 }], events: [{ type: 'notification', kind: 'initial', on_date: '2026-01-06' }, { type: 'change', kind: 'change-of-address', on_date: '2026-05-28' }] },
  { dob: null, disposals: [{ kind: 'hospital', relevant_date: '2024-03-03' }], events: [{ type: 'spell', kind: 'hospital', from_date: '2024-03-03', to_date: '2024-09-01' }, { type: 'notification', kind: 'initial', on_date: '2024-09-02' }] },
  { dob: '1985-11-11', disposals: [{ kind: 'ipp', relevant_date: '2010-06-06' }, { kind: 'other', relevant_date: '2020-01-01' }], events: [{ type: 'notification', kind: 'initial', on_date: '2010-06-08' }, { type: 'shpo', from_date: '2015-01-01', to_date: null }, { type: 'no-fixed-address', from_date: '2026-05-01', to_date: null }, { type: 'notification', kind: 'periodic', on_date: '2026-05-02' }] },
  { dob: '1970-02-02', disposals: [{ kind: 'hospital-restricted', relevant_date: '2019-09-09' }], events: [{ type: 'notification', kind: 'initial', on_date: '2019-09-20' }, { type: 'travel', notified_at: '2026-04-01T10:00:00Z', departure_at: '2026-04-05T10:00:00Z', details_known_earlier: true }] },
  { dob: '1988-08-08', disposals: [{ kind: 'other', relevant_date: '2023-12-01' }, { kind: 'imprisonment', relevant_date: '2024-01-01', sentence_months: 40, removed: true }], events: [{ type: 'notification', kind: 'initial', on_date: '2023-12-02' }, { type: 'change', kind: 'change-of-name', on_date: '2026-03-01' }, { type: 'notification', kind: 'change-of-name', on_date: '2026-03-10' }] },
];

async function createCase(unitId: string, officerId: string, i: number, c: (typeof CASES)[number]) {
  return withTransaction(t.database, systemContext(t.clock.now()), async (tx) => {
    const id = await insertNominal(tx.db, { reference: `RCP-${String(i).padStart(6, '0')}`, nominalType: 'rso', familyName: `Case${i}`, givenNames: 'Test', dateOfBirth: c.dob, gender: 'male', owningUnitId: unitId, managingOfficerId: officerId, identifiers: [] } as never);
    for (const d of c.disposals) {
      await tx.db.insertInto('notification_disposal').values({ nominal_id: id, kind: d.kind, relevant_date: d.relevant_date, sentence_months: d.sentence_months ?? null, discharge_months: d.discharge_months ?? null, removed_at: d.removed ? t.clock.now() : null }).execute();
    }
    for (const e of c.events ?? []) {
      await tx.db.insertInto('notification_event').values({ nominal_id: id, type: e.type, kind: e.kind ?? null, on_date: e.on_date ?? null, from_date: e.from_date ?? null, to_date: e.to_date ?? null, notified_at: e.notified_at ?? null, departure_at: e.departure_at ?? null, details_known_earlier: e.details_known_earlier ?? null }).execute();
    }
    if (c.review) await tx.db.insertInto('notification_review').values({ nominal_id: id, applied_on: '2021-01-01', outcome: c.review.outcome, decided_on: c.review.decided_on }).execute();
    return id;
  });
}

/** What the clock gives for one nominal, read row by row: the answer the bulk recompute must match. */
async function expectedFor(nominalId: string, asOf = AS_OF) {
  const db = t.database.db;
  const n = await db.selectFrom('nominal').select('date_of_birth').where('id', '=', nominalId).executeTakeFirstOrThrow();
  const disposals = await db.selectFrom('notification_disposal').selectAll().where('nominal_id', '=', nominalId).execute();
  const events = await db.selectFrom('notification_event').selectAll().where('nominal_id', '=', nominalId).execute();
  const reviews = await db.selectFrom('notification_review').selectAll().where('nominal_id', '=', nominalId).execute();
  return statusRows(nominalId, computeClock(toClockInput(n.date_of_birth, disposals, events, reviews, asOf)), asOf);
}

async function storedFor(nominalId: string) {
  const db = t.database.db;
  const status = await db.selectFrom('notification_status').selectAll().where('nominal_id', '=', nominalId).executeTakeFirst();
  const duties = await db.selectFrom('notification_duty').selectAll().where('nominal_id', '=', nominalId).orderBy('duty').orderBy('trigger_id').execute();
  return { status, duties };
}

const sortDuties = <T extends { duty: string; trigger_id: string }>(d: T[]) => [...d].sort((a, b) => a.duty.localeCompare(b.duty) || a.trigger_id.localeCompare(b.trigger_id));

beforeAll(async () => {
  t = await createTestApp();
  const orgs = await seedOrganisations(t);
  const officer = await createTestUser(t, { username: 'rc.officer', unitId: orgs.unitA });
  for (const [i, c] of CASES.entries()) nominals.push(await createCase(orgs.unitA, officer, i, c));
  // Had status rows once; its only disposal since removed as recorded in error.
  formerSubject = await createCase(orgs.unitA, officer, 99, { dob: '1980-01-01', disposals: [{ kind: 'other', relevant_date: '2026-01-01' }] });
  await recomputeClock(t.database, { asOf: AS_OF, nominalIds: [formerSubject] });
  await withTransaction(t.database, systemContext(t.clock.now()), (tx) => tx.db.updateTable('notification_disposal').set({ removed_at: t.clock.now() }).where('nominal_id', '=', formerSubject).execute());
});

afterAll(async () => {
  await t?.close();
});

describe('bulk recompute', () => {
  it('gives, for every nominal, exactly what the clock gives for it alone (batches of 3, keyed on id)', async () => {
    expect(await storedFor(formerSubject)).toMatchObject({ status: { nominal_id: formerSubject } });
    const result = await recomputeClock(t.database, { asOf: AS_OF, batchSize: 3, now: new Date('2026-06-01T05:00:00Z') });
    expect(result.nominals).toBe(CASES.length);
    let duties = 0;
    for (const id of nominals) {
      const expected = await expectedFor(id);
      const stored = await storedFor(id);
      const { computed_at: _at, ...status } = expected.status!;
      expect(stored.status).toMatchObject({ ...status, ended: status.ended ?? false, computed_for: AS_OF });
      expect(sortDuties(stored.duties)).toEqual(sortDuties(expected.duties.map((d) => ({ ...d, change_kind: d.change_kind ?? null }))));
      duties += expected.duties.length;
    }
    expect(result.duties).toBe(duties);
    expect(duties).toBeGreaterThan(0);
  });

  it('a nominal whose disposals were all removed loses its status in the full recompute', async () => {
    expect(await storedFor(formerSubject)).toEqual({ status: undefined, duties: [] });
  });

  it('the next day, after a notification is recorded: rows that changed are rewritten, the rest left as they are', async () => {
    await withTransaction(t.database, systemContext(t.clock.now()), (tx) => tx.db.insertInto('notification_event').values({ nominal_id: nominals[2]!, type: 'notification', kind: 'initial', on_date: '2026-06-01' }).execute());
    await recomputeClock(t.database, { asOf: '2026-06-02', batchSize: 4 });
    const computedFor: string[] = [];
    for (const id of nominals) {
      const expected = await expectedFor(id, '2026-06-02');
      const stored = await storedFor(id);
      const { computed_at: _at, computed_for: _for, ...status } = expected.status!;
      expect(stored.status).toMatchObject(status);
      expect(sortDuties(stored.duties)).toEqual(sortDuties(expected.duties.map((d) => ({ ...d, change_kind: d.change_kind ?? null }))));
      computedFor.push(stored.status!.computed_for as string);
    }
    // The record with the new notification was rewritten for the day; records whose rows are
    // the same as the day before were not written at all.
    expect(computedFor[2]).toBe('2026-06-02');
    expect(computedFor).toContain(AS_OF);
    expect(new Set(computedFor)).toEqual(new Set([AS_OF, '2026-06-02']));
  });

  it('records held before a change in the reading of the Act: each whose period or review date changes is listed once, with the reason', async () => {
    const officer = (await t.database.db.selectFrom('nominal').select(['owning_unit_id', 'managing_officer_id']).where('id', '=', nominals[0]!).executeTakeFirstOrThrow());
    // Two terms of 18 and 12 months imposed the same day, no answer on how they run (s.82(3)-(4)),
    // stored as the first version of the clock read them: 10 years.
    const terms = await createCase(officer.owning_unit_id, officer.managing_officer_id!, 50, {
      dob: '1980-01-01',
      disposals: [{ kind: 'imprisonment', relevant_date: '2025-01-10', sentence_months: 18 }, { kind: 'imprisonment', relevant_date: '2025-01-10', sentence_months: 12 }],
      events: [{ type: 'spell', kind: 'custody', from_date: '2024-12-01', to_date: '2025-01-10' }, { type: 'notification', kind: 'initial', on_date: '2025-01-11' }],
    });
    // IPP, notified on bail, then imprisoned until 2018 and notified on release (s.91B(2)), stored
    // with the review date the first version gave: 15 years from the notification on bail.
    const onBail = await createCase(officer.owning_unit_id, officer.managing_officer_id!, 51, {
      dob: '1980-01-01',
      disposals: [{ kind: 'ipp', relevant_date: '2010-03-10' }],
      events: [
        { type: 'notification', kind: 'initial', on_date: '2010-03-12' },
        { type: 'spell', kind: 'custody', from_date: '2010-04-20', to_date: '2018-06-01' },
        { type: 'notification', kind: 'release', on_date: '2018-06-02' },
        { type: 'notification', kind: 'periodic', on_date: '2026-05-01' },
      ],
    });
    await recomputeClock(t.database, { asOf: AS_OF, nominalIds: [terms, onBail] });
    await withTransaction(t.database, systemContext(t.clock.now()), async (tx) => {
      await tx.db.updateTable('notification_status').set({ period_kind: 'fixed', period_ends_on: '2035-01-09', review_eligible_from: null, review_blocked_by: 'not-indefinite' }).where('nominal_id', '=', terms).execute();
      await tx.db.updateTable('notification_status').set({ review_eligible_from: '2025-03-12', review_blocked_by: null }).where('nominal_id', '=', onBail).execute();
    });

    const daily = await recomputeClock(t.database, { asOf: AS_OF, batchSize: 4 });
    expect(daily.dateChanges).toBe(3);
    const listed = await t.database.db.selectFrom('notification_clock_change').select(['nominal_id', 'changed_for', 'field', 'old_value', 'new_value', 'reason']).orderBy('field').orderBy('old_value').execute();
    expect(listed).toEqual([
      { nominal_id: terms, changed_for: AS_OF, field: 'period', old_value: '2035-01-09', new_value: 'indefinite', reason: 'terms-unanswered' },
      { nominal_id: onBail, changed_for: AS_OF, field: 'review', old_value: '2025-03-12', new_value: '2033-06-02', reason: 'relevant-notification' },
      // Indefinite now, with the custody and the notification after it recorded: a review date, 15 years on.
      { nominal_id: terms, changed_for: AS_OF, field: 'review', old_value: 'none', new_value: '2040-01-11', reason: 'period-changed' },
    ]);
    // Run again: nothing differs any more, nothing more is listed.
    expect((await recomputeClock(t.database, { asOf: AS_OF })).dateChanges).toBe(0);
    expect(await t.database.db.selectFrom('notification_clock_change').select('id').execute()).toHaveLength(3);
  });

  it('recomputing a given set rewrites only those, and is the same when run again (ids in either case)', async () => {
    const before = await t.database.db.selectFrom('notification_duty').selectAll().orderBy('nominal_id').orderBy('trigger_id').execute();
    const again = await recomputeClock(t.database, { asOf: AS_OF, nominalIds: [nominals[0]!.toUpperCase(), nominals[3]!] });
    expect(again.nominals).toBe(2);
    expect(await t.database.db.selectFrom('notification_duty').selectAll().orderBy('nominal_id').orderBy('trigger_id').execute()).toEqual(before);
  });
});
