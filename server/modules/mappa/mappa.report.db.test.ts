import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTransaction } from '../../db/transaction.ts';
import { systemContext } from '../../shared/context.ts';
import { createTestApp, createTestUser, grantClearance, seedOrganisations, signIn, type Agent, type TestApp } from '../../testing/test-app.ts';
import { insertItems, updateItem } from '../register/register.items.repository.ts';
import { insertNominal } from '../register/register.repository.ts';
import { defaultReportDate } from './mappa.schemas.ts';

/*
 * A small register whose figures on 31 March 2025 are known, each record testing one rule:
 *   N1 cat 1 level 1 on D, raised to level 2 after D (counts with its old level); wanted since January; two breaches in the year
 *   N2 cat 2 level 2; a breach in the year; an SHPO that ended the day before D; a restraining order given an end date after D
 *   N3 cat 1 level 3, archived before D (not counted, nor its order, nor its wanted flag)
 *   N4 cat 3 level 1, archived and restored before D (counted); missing from D itself
 *   N5 created after D (not counted)
 *   N6 cat 4 level 2, its MAPPA item removed before D (not counted)
 *   N7 cat 2 level 3, screened at 23:30 UK time on D (counted: the day ends at midnight UK time, in summer time)
 *   N8 cat 1 level 1, screened at 00:30 UK time the day after (not counted)
 *   N9 wanted from October and found in February (not counted); missing again since D (counted)
 *   N10 wanted since January and found today, after D (counted: the figure for D does not change)
 *   N11 missing from January, found on D itself (not counted: at the end of D they were not missing)
 */
const D = '2025-03-31';
let t: TestApp;
let coordinator: Agent;
let manager: Agent;
let dpo: Agent;
let practitioner: Agent;

const logged = (action: string) => t.database.db.selectFrom('audit_entry').selectAll().where('action', '=', action).orderBy('id', 'desc').execute();
const mappa = (category: string, level: string) => ({ category, level, leadAgency: 'police', screenedOn: '2024-02-01', reviewOn: '2026-02-01', reason: 'Synthetic' });

beforeAll(async () => {
  t = await createTestApp();
  const orgs = await seedOrganisations(t);
  const officer = await createTestUser(t, { username: 'report.officer', unitId: orgs.unitA });
  const coordinatorId = await createTestUser(t, { username: 'report.coord', unitId: orgs.unitB, roles: ['mappa-coordinator'] });
  await createTestUser(t, { username: 'report.manager', unitId: orgs.unitB, roles: ['manager'] });
  await createTestUser(t, { username: 'report.dpo', unitId: orgs.unitB, roles: ['data-protection-officer'] });
  await grantClearance(t, coordinatorId);
  await withTransaction(t.database, systemContext(t.clock.now()), async (tx) => {
    const db = tx.db;
    let k = 0;
    const person = async (o: { created?: string; status?: 'active' | 'archived'; wanted?: string; missing?: string }) => {
      const id = await insertNominal(db, { reference: `AGA-0002${String(++k).padStart(2, '0')}`, nominalType: 'rso', familyName: 'Figure', givenNames: `Person ${k}`, dateOfBirth: '1970-01-01', gender: 'male', owningUnitId: orgs.unitA, managingOfficerId: officer, identifiers: [] });
      await db.updateTable('nominal').set({ created_at: new Date(o.created ?? '2024-01-01T12:00:00Z'), status: o.status ?? 'active', wanted_since: o.wanted ?? null, missing_since: o.missing ?? null }).where('id', '=', id).execute();
      return id;
    };
    const item = async (nominalId: string, kind: string, data: Record<string, unknown>, at: string) =>
      (await insertItems(db, [{ nominalId, kind, sensitivity: 'standard', data, userId: officer, at: new Date(at) }]))[0]!;
    const change = (id: string, version: number, data: Record<string, unknown>, at: string, remove = false) =>
      updateItem(db, { id, expectedVersion: version, sensitivity: 'standard', data, userId: officer, at: new Date(at), remove });
    const status = (nominalId: string, from: string, to: string, at: string) =>
      db.insertInto('nominal_status_change').values({ nominal_id: nominalId, from_status: from, to_status: to, reason_code: to === 'active' ? 'restored' : 'mappa-ended', changed_at: new Date(at) }).execute();
    const breach = (nominalId: string, on: string) => db.insertInto('notification_breach').values({ nominal_id: nominalId, duty: 'Periodic notification', proven_on: on }).execute();

    const n1 = await person({ wanted: '2025-01-01' });
    const m1 = await item(n1, 'mappa', mappa('1', '1'), '2024-02-01T10:00:00Z');
    await change(m1, 1, mappa('1', '2'), '2025-05-01T10:00:00Z');
    for (const on of ['2025-03-31', '2024-04-01', '2024-03-31', '2025-04-01']) await breach(n1, on);
    await item(n1, 'court-order', { orderType: 'shpo', madeOn: '2024-06-01' }, '2024-06-02T10:00:00Z');

    const n2 = await person({ wanted: '2025-04-05' });
    await item(n2, 'mappa', mappa('2', '2'), '2024-03-01T10:00:00Z');
    await breach(n2, '2024-12-01');
    await item(n2, 'court-order', { orderType: 'shpo', madeOn: '2024-01-01', endsOn: '2025-03-30' }, '2024-01-02T10:00:00Z');
    const ro = await item(n2, 'court-order', { orderType: 'restraining-order', madeOn: '2024-05-01' }, '2024-05-01T10:00:00Z');
    await change(ro, 1, { orderType: 'restraining-order', madeOn: '2024-05-01', endsOn: '2025-01-01' }, '2025-06-01T10:00:00Z');

    const n3 = await person({ status: 'archived', wanted: '2024-06-01' });
    await item(n3, 'mappa', mappa('1', '3'), '2024-03-01T10:00:00Z');
    await item(n3, 'court-order', { orderType: 'shpo', madeOn: '2024-06-01' }, '2024-06-01T10:00:00Z');
    await status(n3, 'active', 'archived', '2025-02-01T10:00:00Z');

    const n4 = await person({ missing: D });
    await item(n4, 'mappa', mappa('3', '1'), '2024-03-01T10:00:00Z');
    await status(n4, 'active', 'archived', '2024-12-01T10:00:00Z');
    await status(n4, 'archived', 'active', '2025-01-10T10:00:00Z');

    const n5 = await person({ created: '2025-06-01T10:00:00Z' });
    await item(n5, 'mappa', mappa('1', '1'), '2025-06-01T10:00:00Z');

    const n6 = await person({});
    const m6 = await item(n6, 'mappa', mappa('4', '2'), '2024-03-01T10:00:00Z');
    await change(m6, 1, mappa('4', '2'), '2025-01-01T10:00:00Z', true);

    await item(await person({}), 'mappa', mappa('2', '3'), '2025-03-31T22:30:00Z');
    await item(await person({}), 'mappa', mappa('1', '1'), '2025-03-31T23:30:00Z');

    const n9 = await person({ missing: D });
    await db.insertInto('nominal_flag_spell').values({ nominal_id: n9, flag: 'wanted', began_on: '2024-10-01', ended_on: '2025-02-01' }).execute();
    const n10 = await person({ wanted: '2025-01-15' });
    await db.updateTable('nominal').set({ wanted_since: null }).where('id', '=', n10).execute();
    const n11 = await person({});
    await db.insertInto('nominal_flag_spell').values({ nominal_id: n11, flag: 'missing', began_on: '2025-01-10', ended_on: D }).execute();
  });
  coordinator = await signIn(t, 'report.coord');
  manager = await signIn(t, 'report.manager');
  dpo = await signIn(t, 'report.dpo');
  practitioner = await signIn(t, 'report.officer');
});
afterAll(() => t?.close());

describe('MAPPA annual-report figures', () => {
  it('400: an impossible or future date, or a population that is not a number, says what to fix', async () => {
    const bad = await coordinator.get('/mappa/report?date=2025-02-30');
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('Enter a real date, like 2026-03-31');
    expect(bad.text).toContain('value="2025-02-30"');
    const future = await coordinator.get('/mappa/report?date=2999-03-31');
    expect(future.status).toBe(400);
    expect(future.text).toContain('The date must be today or in the past');
    const population = await coordinator.get(`/mappa/report?date=${D}&population=lots`);
    expect(population.status).toBe(400);
    expect(population.text).toContain('Enter the population as a whole number, like 1200000, or leave it blank');
    expect((await coordinator.get('/mappa/report.csv?date=31-03-2025')).status).toBe(400);
  });

  it('403: a practitioner without a reporting role is refused, and the refusal is logged', async () => {
    expect((await practitioner.get(`/mappa/report?date=${D}`)).status).toBe(403);
    expect((await practitioner.get(`/mappa/report.csv?date=${D}`)).status).toBe(403);
    expect((await logged('mappa.report-viewed'))[0]).toMatchObject({ decision: 'denied', subject_type: 'mappa-report', policy_ids: ['mappa.report-roles'] });
  });

  it('200: the figures on 31 March are those of the register as it stood then', async () => {
    const figures = await t.services.mappaReports.annualFigures({ ...systemContext(t.clock.now()), actor: { userId: '00000000-0000-4000-8000-000000000000', username: 'x', displayName: 'x', unitId: '00000000-0000-4000-8000-000000000000', agencyId: '00000000-0000-4000-8000-000000000000', roles: ['mappa-coordinator'] } } as never, { date: D, population: '200000' });
    expect(figures.counts).toEqual({ 1: { 1: 1, 2: 0, 3: 0 }, 2: { 1: 0, 2: 1, 3: 1 }, 3: { 1: 1, 2: 0, 3: 0 }, 4: { 1: 0, 2: 0, 3: 0 } });
    expect(figures).toMatchObject({ total: 4, level2And3: 2, levelTotals: { 1: 2, 2: 1, 3: 1 }, categoryTotals: { 1: 1, 2: 2, 3: 1, 4: 0 } });
    expect(figures.breaches).toEqual({ breaches: 3, people: 2, from: '2024-04-01' });
    expect(figures.orders.map((o) => [o.orderType, o.n])).toEqual([['restraining-order', 1], ['shpo', 1]]);
    expect(figures).toMatchObject({ wanted: 2, missing: 2, population: 200000, rsoPer100k: 0.5 });
  });

  it('every wanted spell is kept: a corrected start moves the open spell, clearing ends it today, a new spell starts apart', async () => {
    const db = t.database.db;
    const [{ id }] = await db.selectFrom('nominal').select('id').where('reference', '=', 'AGA-000201').execute() as [{ id: string }];
    const spells = () => db.selectFrom('nominal_flag_spell').select(['began_on', 'ended_on']).where('nominal_id', '=', id).where('flag', '=', 'wanted').orderBy('began_on').execute();
    const day = (v: unknown) => (v instanceof Date ? v.toISOString().slice(0, 10) : v);
    await db.updateTable('nominal').set({ wanted_since: '2024-12-20' }).where('id', '=', id).execute();
    expect((await spells()).map((r) => [day(r.began_on), r.ended_on])).toEqual([['2024-12-20', null]]);
    // The trigger ends the spell on the database's UK day (its now()), so the day expected is read in
    // the same transaction: the test's own clock may be on another day (ADR 0028).
    const today = await db.transaction().execute(async (trx) => {
      await trx.updateTable('nominal').set({ wanted_since: null }).where('id', '=', id).execute();
      return (await sql<{ day: string }>`select (now() at time zone 'Europe/London')::date::text as day`.execute(trx)).rows[0]!.day;
    });
    expect((await spells()).map((r) => [day(r.began_on), day(r.ended_on)])).toEqual([['2024-12-20', today]]);
    await db.updateTable('nominal').set({ wanted_since: today }).where('id', '=', id).execute();
    expect((await spells()).map((r) => [day(r.began_on), day(r.ended_on)])).toEqual([['2024-12-20', today], [today, null]]);
    // Put back as the other tests expect it.
    await db.deleteFrom('nominal_flag_spell').where('nominal_id', '=', id).execute();
    await db.updateTable('nominal').set({ wanted_since: '2025-01-01' }).where('id', '=', id).execute();
  });

  it('200: co-ordinators, managers and data protection officers see the page; one log entry per view', async () => {
    for (const agent of [coordinator, manager, dpo]) {
      const before = (await logged('mappa.report-viewed')).length;
      const res = await agent.get(`/mappa/report?date=${D}&population=200000`);
      expect(res.status).toBe(200);
      expect(res.text).toMatch(/data-testid="cell-1-1">1</);
      expect(res.text).toMatch(/data-testid="total">4</);
      expect(res.text).toContain('0.5 (population 200000, as entered)');
      const entries = await logged('mappa.report-viewed');
      expect(entries).toHaveLength(before + 1);
      expect(entries[0]).toMatchObject({ kind: 'consultation', decision: 'allowed', subject_type: 'mappa-report', purpose_code: 'mappa-meeting' });
    }
  });

  it('200: the CSV holds the same figures, one row each, and is logged as a download', async () => {
    const res = await coordinator.get(`/mappa/report.csv?date=${D}`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    expect(res.headers['content-disposition']).toContain(`mappa-figures-${D}.csv`);
    expect(res.text).toContain(`"MAPPA-eligible people","2","3","1","${D}"`);
    expect(res.text).toContain(`"MAPPA-eligible people","all","all","4","${D}"`);
    expect(res.text).toContain(`"Managed at level 2 or 3","all","2 and 3","2","${D}"`);
    expect(res.text).toContain(`"Court orders in force: Sexual harm prevention order","","","1","${D}"`);
    expect(res.text).toContain(`"Wanted","","","2","${D}"`);
    expect(res.text).toContain(`"Missing","","","2","${D}"`);
    expect(res.text).not.toContain('per 100,000');
    expect((await logged('mappa.report-downloaded'))[0]).toMatchObject({ kind: 'consultation', decision: 'allowed', subject_type: 'mappa-report' });
  });

  it('without a date, shows 31 March of the latest year ending before today', async () => {
    expect(defaultReportDate(new Date('2026-12-02T00:00:00Z'))).toBe('2026-03-31');
    expect(defaultReportDate(new Date('2026-03-31T10:00:00Z'))).toBe('2025-03-31');
    // 23:30 UTC on 31 March is already 1 April in the UK (BST): the year to 31 March has ended.
    expect(defaultReportDate(new Date('2026-03-31T23:30:00Z'))).toBe('2026-03-31');
    const res = await coordinator.get('/mappa/report');
    expect(res.status).toBe(200);
    expect(res.text).toContain(`value="${defaultReportDate(t.clock.now())}"`);
  });
});
