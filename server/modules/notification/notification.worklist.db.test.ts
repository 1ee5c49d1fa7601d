import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTransaction } from '../../db/transaction.ts';
import { systemContext } from '../../shared/context.ts';
import { type Agent, createTestApp, createTestUser, grantClearance, seedOrganisations, signIn, type TestApp, testToday } from '../../testing/test-app.ts';
import { insertNominal } from '../register/register.repository.ts';
import { recomputeClock } from './notification.recompute.ts';
import { LIST_MESSAGE, SCOPE_MESSAGE } from './notification.worklist.service.ts';

let t: TestApp;
const ids: Record<string, string> = {};
const agents: Record<string, Agent> = {};
const rec: Record<string, { id: string; reference: string }> = {};
const today = testToday;
const day = (n: number) => new Date(Date.parse(`${today}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
let counter = 0;

/** A record with one disposal (and optionally notifications), owned by a unit and managed by an officer. */
async function subject(unitId: string, officerId: string, familyName: string, o: { kind?: 'other' | 'life'; relevant: string; notified?: string[]; dob?: string }) {
  return withTransaction(t.database, systemContext(t.clock.now()), async (tx) => {
    const reference = `WKL-${String(++counter).padStart(6, '0')}`;
    const id = await insertNominal(tx.db, { reference, nominalType: 'rso', familyName, givenNames: 'Test', dateOfBirth: o.dob ?? '1970-01-01', gender: 'male', owningUnitId: unitId, managingOfficerId: officerId, identifiers: [] });
    await tx.db.insertInto('notification_disposal').values({ nominal_id: id, kind: o.kind ?? 'other', relevant_date: o.relevant }).execute();
    // Life: in custody until the relevant date, so the first notification is the first after release (s.91B(2)).
    if (o.kind === 'life') await tx.db.insertInto('notification_event').values({ nominal_id: id, type: 'spell', kind: 'custody', from_date: day(-17 * 366), to_date: o.relevant }).execute();
    for (const [i, on] of (o.notified ?? []).entries()) {
      await tx.db.insertInto('notification_event').values({ nominal_id: id, type: 'notification', kind: i === 0 ? 'initial' : 'periodic', on_date: on }).execute();
    }
    return { id, reference };
  });
}

const logged = (action: string) => t.database.db.selectFrom('audit_entry').selectAll().where('action', '=', action).orderBy('id', 'desc').execute();

beforeAll(async () => {
  t = await createTestApp();
  const orgs = await seedOrganisations(t);
  for (const [name, unit] of [['owner', orgs.unitA], ['colleague', orgs.unitA], ['stranger', orgs.unitB], ['uncleared', orgs.unitA]] as const) {
    ids[name] = await createTestUser(t, { username: `wl.${name}`, unitId: unit });
    if (name !== 'uncleared') await grantClearance(t, ids[name]!);
  }
  // Initial notification never made: overdue since relevant date + 2 days, and no breach recorded.
  rec.overdue = await subject(orgs.unitA, ids.owner!, 'Overdueson', { relevant: day(-100) });
  // Overdue, but a breach has been proven since: overdue, not a breach to record.
  rec.breached = await subject(orgs.unitA, ids.owner!, 'Breachley', { relevant: day(-60) });
  // Convicted two days ago: the initial notification is due today (the third day). A name a spreadsheet would run.
  rec.soon = await subject(orgs.unitA, ids.owner!, '=HYPERLINK("http://x")', { relevant: day(-2) });
  // Initially notified 350 days ago: the periodic notification falls due in about two weeks.
  rec.later = await subject(orgs.unitA, ids.colleague!, 'Laterby', { relevant: day(-360), notified: [day(-350)] });
  // Life, first notified 16 years ago, notified each year since: a review may now be applied for.
  rec.review = await subject(orgs.unitA, ids.colleague!, 'Reviewford', { kind: 'life', relevant: day(-16 * 366), notified: [day(-16 * 366 + 1), day(-10)], dob: '1960-01-01' });
  // IPP, notified on bail the day after conviction, then imprisoned for 8 years and notified on release:
  // the review date runs from the notification after release (s.91B(2)), so not yet, though 16 years have passed.
  rec.onBail = await subject(orgs.unitA, ids.colleague!, 'Bailsworth', { relevant: day(-16 * 366), notified: [day(-16 * 366 + 1), day(-8 * 366 + 1), day(-10)], dob: '1960-01-01' });
  await withTransaction(t.database, systemContext(t.clock.now()), async (tx) => {
    await tx.db.updateTable('notification_disposal').set({ kind: 'ipp' }).where('nominal_id', '=', rec.onBail!.id).execute();
    await tx.db.insertInto('notification_event').values({ nominal_id: rec.onBail!.id, type: 'spell', kind: 'custody', from_date: day(-16 * 366 + 30), to_date: day(-8 * 366) }).execute();
    await tx.db.updateTable('notification_event').set({ kind: 'release' }).where('nominal_id', '=', rec.onBail!.id).where('on_date', '=', day(-8 * 366 + 1)).execute();
  });
  // Another unit's record, overdue: never on unit A's lists.
  rec.elsewhere = await subject(orgs.unitB, ids.stranger!, 'Elsewhere', { relevant: day(-50) });
  // Two terms imposed the same day, with no answer on how they run (s.82(3)-(4)): a fact to complete.
  rec.incomplete = await subject(orgs.unitA, ids.owner!, 'Termsby', { relevant: day(-40), notified: [day(-39)] });
  await withTransaction(t.database, systemContext(t.clock.now()), async (tx) => {
    await tx.db.deleteFrom('notification_disposal').where('nominal_id', '=', rec.incomplete!.id).execute();
    for (const months of [18, 12]) await tx.db.insertInto('notification_disposal').values({ nominal_id: rec.incomplete!.id, kind: 'imprisonment', relevant_date: day(-40), sentence_months: months }).execute();
  });
  await withTransaction(t.database, systemContext(t.clock.now()), (tx) => tx.db.insertInto('notification_breach').values({ nominal_id: rec.breached!.id, duty: 'initial notification', proven_on: day(-55) }).execute());
  // The daily job found two records' dates changed: one 3 days ago, one too long ago to list.
  await withTransaction(t.database, systemContext(t.clock.now()), (tx) =>
    tx.db
      .insertInto('notification_clock_change')
      .values([
        { nominal_id: rec.breached!.id, changed_for: day(-3), field: 'period', old_value: '2030-01-09', new_value: 'indefinite', reason: 'terms-unanswered' },
        { nominal_id: rec.overdue!.id, changed_for: day(-40), field: 'review', old_value: '2025-03-12', new_value: '2033-06-02', reason: 'relevant-notification' },
      ])
      .execute(),
  );
  await recomputeClock(t.database, { asOf: today });
  for (const name of ['owner', 'colleague', 'stranger', 'uncleared']) agents[name] = await signIn(t, `wl.${name}`);
});

afterAll(async () => {
  await t?.close();
});

describe('notification work lists', () => {
  it('401 without a session, for the page and the CSV', async () => {
    expect((await request(t.app).get('/notifications/worklist')).status).toBe(401);
    expect((await request(t.app).get('/notifications/worklist.csv?scope=unit&list=overdue')).status).toBe(401);
  });

  it('400 for an unknown list or scope, with what to choose', async () => {
    const list = await agents.owner!.get('/notifications/worklist?list=soonish');
    expect(list.status).toBe(400);
    expect(list.text).toContain(LIST_MESSAGE);
    const scope = await agents.owner!.get('/notifications/worklist.csv?scope=agency&list=overdue');
    expect(scope.status).toBe(400);
    expect(scope.text).toContain(SCOPE_MESSAGE);
    const page = await agents.owner!.get('/notifications/worklist?page=0');
    expect(page.status).toBe(400);
    expect(page.text).toContain('Page must be a whole number, like 2');
  });

  it('200: my overdue duties, earliest first, linking to the record\'s notification page; logged', async () => {
    const res = await agents.owner!.get('/notifications/worklist');
    expect(res.status).toBe(200);
    expect(res.text).toContain('My notification work list');
    expect(res.text).toContain('Overdue (2)');
    expect(res.text).toContain('Breaches to record (1)');
    expect(res.text).toContain(`href="/nominals/${rec.overdue!.id}/notification"`);
    expect(res.text.indexOf(rec.overdue!.reference)).toBeLessThan(res.text.indexOf(rec.breached!.reference));
    expect(res.text).not.toContain(rec.later!.reference);
    expect((await logged('notification.worklist-viewed'))[0]).toMatchObject({ actor_user_id: ids.owner, kind: 'consultation', subject_type: 'notification-worklist', subject_id: 'mine/overdue', decision: 'allowed' });
  });

  it('each list holds what its name says', async () => {
    const text = async (q: string) => (await agents.owner!.get(`/notifications/worklist?${q}`)).text;
    const breaches = await text('list=breaches');
    expect(breaches).toContain(rec.overdue!.reference);
    expect(breaches).not.toContain(rec.breached!.reference);
    const due7 = await text('list=due-7');
    expect(due7).toContain(rec.soon!.reference);
    expect(due7).not.toContain(rec.overdue!.reference);
    const unit30 = await text('scope=unit&list=due-30');
    expect(unit30).toMatch(/My unit(&#39;|')s notification work list/);
    expect(unit30).toContain(rec.soon!.reference);
    expect(unit30).toContain(rec.later!.reference);
    expect(await text('scope=unit&list=due-7')).not.toContain(rec.later!.reference);
    const reviews = await text('scope=unit&list=reviews');
    expect(reviews).toContain(rec.review!.reference);
    expect(reviews).not.toContain(rec.later!.reference);
    expect(reviews).not.toContain(rec.onBail!.reference);
    const incomplete = await text('list=incomplete');
    expect(incomplete).toContain('Facts to complete (1)');
    expect(incomplete).toContain(rec.incomplete!.reference);
    // Read as consecutive, 30 months: indefinite, so the custody for it is wanted too (s.91B(2)).
    expect(incomplete).toContain('Time in custody for an indefinite sentence; how terms imposed on the same day run');
    expect(incomplete).not.toContain(rec.overdue!.reference);
    const changed = await text('list=changed');
    expect(changed).toContain('Dates changed by the clock (1)');
    expect(changed).toContain(rec.breached!.reference);
    expect(changed).toContain('Notification period: was Ending on 9 January 2030; now Indefinite');
    expect(changed).toContain('Terms imposed on the same day have no answer on how they run');
    expect(changed).not.toContain(rec.overdue!.reference);
    expect((await text('scope=unit&list=changed'))).toContain(rec.breached!.reference);
  });

  it('404 in a list\'s terms: a record I may not see is not on it (scoped in SQL); another unit\'s never is', async () => {
    expect((await agents.colleague!.get('/notifications/worklist?scope=unit&list=overdue')).text).toContain(rec.overdue!.reference);
    await withTransaction(t.database, systemContext(t.clock.now()), (tx) => tx.db.insertInto('nominal_exclusion').values({ nominal_id: rec.overdue!.id, user_id: ids.colleague!, message: 'Conflict of interest' }).execute());
    const after = await agents.colleague!.get('/notifications/worklist?scope=unit&list=overdue');
    expect(after.text).not.toContain(rec.overdue!.reference);
    expect(after.text).toContain('Overdue (1)');
    const stranger = await agents.stranger!.get('/notifications/worklist?scope=unit&list=overdue');
    expect(stranger.text).toContain(rec.elsewhere!.reference);
    expect(stranger.text).not.toContain(rec.breached!.reference);
    expect((await agents.uncleared!.get('/notifications/worklist?scope=unit')).text).toContain('You do not have active register clearance');
  });

  it('CSV: the whole list, formulas defused, logged as an export', async () => {
    const res = await agents.owner!.get('/notifications/worklist.csv?scope=mine&list=due-30');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    expect(res.headers['content-disposition']).toContain(`notification-mine-due-30-${today}.csv`);
    expect(res.text.split('\r\n')[0]).toBe('"Reference","Family name","Given names","Duty","Change","Section","Arose on","Due by"');
    expect(res.text).toContain(`"${rec.soon!.reference}","'=HYPERLINK(""http://x"")","Test","Initial notification"`);
    expect((await logged('notification.worklist-exported'))[0]).toMatchObject({ actor_user_id: ids.owner, kind: 'consultation', subject_type: 'notification-worklist', subject_id: 'mine/due-30' });
    const reviews = await agents.colleague!.get('/notifications/worklist.csv?scope=unit&list=reviews');
    expect(reviews.text).toContain(`"${rec.review!.reference}","Reviewford"`);
    const changed = await agents.owner!.get('/notifications/worklist.csv?scope=mine&list=changed');
    expect(changed.text.split('\r\n')[0]).toBe('"Changed on","Reference","Family name","Given names","What changed","Was","Now","Why"');
    expect(changed.text).toContain(`"${day(-3)}","${rec.breached!.reference}","Breachley","Test","Notification period","Ending on 9 January 2030","Indefinite"`);
    const incomplete = await agents.owner!.get('/notifications/worklist.csv?scope=mine&list=incomplete');
    expect(incomplete.text.split('\r\n')[0]).toBe('"Reference","Family name","Given names","Facts to complete or check"');
    expect(incomplete.text).toContain(`"${rec.incomplete!.reference}","Termsby","Test","time in custody for an indefinite sentence; how terms imposed on the same day run"`);
  });

  it('home page: counts for me and my unit, each a link to its list; none for an uncleared user', async () => {
    const home = await agents.owner!.get('/');
    expect(home.status).toBe(200);
    expect(home.text).toMatch(/data-testid="count-mine-overdue">2</);
    expect(home.text).toMatch(/data-testid="count-mine-due-7">1</);
    expect(home.text).toContain('href="/notifications/worklist?scope=unit&amp;list=due-30"');
    expect((await logged('notification.worklist-counts-viewed'))[0]).toMatchObject({ actor_user_id: ids.owner, subject_type: 'notification-worklist' });
    const uncleared = await agents.uncleared!.get('/');
    expect(uncleared.status).toBe(200);
    expect(uncleared.text).not.toContain('notification-counts');
  });

  it('a controlled clock: the same rows, read 200 days on, are overdue', async () => {
    const actor = (await t.services.signIn.resolveActor(ids.owner!))!;
    const later = new Date(Date.parse(`${day(200)}T12:00:00Z`));
    const view = await t.services.worklists.viewWorklist({ correlationId: 'c', actor, ip: null, userAgent: null, now: later, system: false }, { list: 'overdue' });
    expect(view.today).toBe(day(200));
    expect(view.duties.map((d) => d.reference)).toContain(rec.soon!.reference);
    expect(view.counts['due-7']).toBe(0);
  });
});
