import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTransaction } from '../../db/transaction.ts';
import { ukMidday } from '../../shared/clock.ts';
import { systemContext } from '../../shared/context.ts';
import { createTestApp, createTestUser, csrfOf, grantClearance, seedOrganisations, signIn, type Agent, type TestApp, testToday } from '../../testing/test-app.ts';
import { insertNominal } from '../register/register.repository.ts';
import { dayText } from './notification.presenter.ts';

let t: TestApp;
let owner: Agent;
let stranger: Agent;
let ownerId: string;
let id: string;
let bare: string;

const today = testToday;
const addDays = (iso: string, n: number) => new Date(Date.parse(`${iso}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
// The same day n years on; 29 February falls back to 28 February in a year without one.
const addYears = (iso: string, n: number) => {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y + n, m - 1, d));
  if (date.getUTCMonth() !== m - 1) date.setUTCDate(0);
  return date.toISOString().slice(0, 10);
};
// The last day of n years from a day: the day before the anniversary, or 28 February itself when the anniversary is a missing 29 February.
const periodEnd = (iso: string, n: number) => (iso.slice(5) === '02-29' && addYears(iso, n).slice(5) === '02-28' ? addYears(iso, n) : addDays(addYears(iso, n), -1));
const boxes = (name: string, iso: string) => {
  const [y, m, d] = iso.split('-');
  return { [`${name}-day`]: String(Number(d)), [`${name}-month`]: String(Number(m)), [`${name}-year`]: y! };
};

const logged = (action: string) => t.database.db.selectFrom('audit_entry').selectAll().where('action', '=', action).orderBy('id', 'desc').execute();
const statusOf = (nominalId: string) => t.database.db.selectFrom('notification_status').selectAll().where('nominal_id', '=', nominalId).executeTakeFirst();
const dutiesOf = (nominalId: string) => t.database.db.selectFrom('notification_duty').selectAll().where('nominal_id', '=', nominalId).orderBy('due_by').execute();

async function post(agent: Agent, path: string, body: Record<string, string>, page = '/account') {
  const csrf = await csrfOf(agent, page);
  return agent.post(path).type('form').send({ _csrf: csrf, ...body });
}

beforeAll(async () => {
  t = await createTestApp({ demo: true });
  const orgs = await seedOrganisations(t);
  ownerId = await createTestUser(t, { username: 'notify.owner', unitId: orgs.unitA, demo: true });
  const strangerId = await createTestUser(t, { username: 'notify.stranger', unitId: orgs.unitB, demo: true });
  await grantClearance(t, ownerId);
  await grantClearance(t, strangerId);
  [id, bare] = await withTransaction(t.database, systemContext(t.clock.now()), async (tx) => {
    const common = { nominalType: 'rso' as const, givenNames: 'Sam', dateOfBirth: '1980-01-01', gender: 'male' as const, owningUnitId: orgs.unitA, managingOfficerId: ownerId, identifiers: [] };
    return [await insertNominal(tx.db, { ...common, reference: 'AGA-000101', familyName: 'Example' }), await insertNominal(tx.db, { ...common, reference: 'AGA-000102', familyName: 'Sample' })];
  });
  owner = await signIn(t, 'notify.owner');
  stranger = await signIn(t, 'notify.stranger');
});
afterAll(() => t?.close());

describe('the notification page and its forms', () => {
  it('401: asks for sign-in', async () => {
    for (const path of [`/nominals/${id}/notification`, `/nominals/${id}/notification/record/disposal`, `/nominals/${id}/notification/periods/${id}/end`]) {
      expect((await request(t.app).get(path)).status, path).toBe(401);
    }
  });

  it('400: says what to fix, keeps the answers, saves nothing', async () => {
    const res = await post(owner, `/nominals/${id}/notification/record/disposal`, { kind: 'imprisonment', 'relevantDate-day': '31', 'relevantDate-month': '2', 'relevantDate-year': '2025', court: 'Exampleton Crown Court' });
    expect(res.status).toBe(400);
    expect(res.text).toContain('Relevant date must be a real date');
    expect(res.text).toContain('Enter the length of the custodial term');
    expect(res.text).toContain('Select whether the term is in months, weeks or days');
    expect(res.text).toContain('value="Exampleton Crown Court"');
    const future = await post(owner, `/nominals/${id}/notification/record/disposal`, { kind: 'caution', ...boxes('relevantDate', addDays(today, 2)) });
    expect(future.status).toBe(400);
    expect(future.text).toContain('Relevant date must be today or in the past');
    const notice = await post(owner, `/nominals/${id}/notification/record/notification`, { kind: 'initial', ...boxes('date', today), place: '', takenBy: 'PC 1' });
    expect(notice.status).toBe(400);
    expect(notice.text).toContain('Enter the place where it was taken');
    expect(await t.database.db.selectFrom('notification_disposal').select('id').where('nominal_id', '=', id).execute()).toHaveLength(0);
  });

  it('400: nothing but a disposal can be recorded before the disposal', async () => {
    const res = await post(owner, `/nominals/${bare}/notification/record/notification`, { kind: 'initial', ...boxes('date', today), place: 'Exampleton police station', takenBy: 'PC 1' });
    expect(res.status).toBe(400);
    expect(res.text).toContain('Record the disposal that makes the person subject to notification first');
    expect(await t.database.db.selectFrom('notification_event').select('id').where('nominal_id', '=', bare).execute()).toHaveLength(0);
  });

  it('404: a user with no relationship to the record is told "not found", and the log keeps the reason', async () => {
    expect((await stranger.get(`/nominals/${id}/notification`)).status).toBe(404);
    expect((await logged('notification.viewed'))[0]).toMatchObject({ decision: 'denied', policy_ids: ['register.no-permit'], subject_id: id });
    expect((await post(stranger, `/nominals/${id}/notification/record/disposal`, { kind: 'caution', ...boxes('relevantDate', today) })).status).toBe(404);
    expect((await logged('notification.disposal-recorded'))[0]).toMatchObject({ decision: 'denied', subject_id: id });
    expect((await stranger.get(`/nominals/${id}/notification/record/disposal`)).status).toBe(404);
    expect(await statusOf(id)).toBeUndefined();
  });

  it('200: the page for the owning unit, one consultation entry per view', async () => {
    const res = await owner.get(`/nominals/${id}/notification`);
    expect(res.status).toBe(200);
    expect(res.text).toContain('No disposal is recorded');
    const [entry] = await logged('notification.viewed');
    expect(entry).toMatchObject({ kind: 'consultation', decision: 'allowed', subject_id: id, actor_user_id: ownerId });
  });

  it('a caution for an adult: a fixed 2-year period and an initial duty due by the third day beginning with the relevant date, stored for the work lists', async () => {
    const relevant = addDays(today, -1);
    const res = await post(owner, `/nominals/${id}/notification/record/disposal`, { kind: 'caution', ...boxes('relevantDate', relevant), court: 'Exampleton police' }, `/nominals/${id}/notification/record/disposal`);
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`/nominals/${id}/notification`);
    // The period's last day: two years from the relevant date, that day not included.
    expect(await statusOf(id)).toMatchObject({ period_kind: 'fixed', period_ends_on: periodEnd(relevant, 2), overdue_count: 0, computed_for: today });
    expect((await dutiesOf(id)).map((d) => [d.duty, d.due_by, d.status])).toEqual([['initial', addDays(relevant, 2), 'due']]);
    expect((await logged('notification.disposal-recorded'))[0]).toMatchObject({ kind: 'collection', decision: 'allowed', subject_id: id });
    const page = await owner.get(`/nominals/${id}/notification`);
    expect(page.text).toContain(`2 years, ending on ${dayText(periodEnd(relevant, 2))}`);
    expect(page.text).toContain(`Due by ${dayText(addDays(relevant, 2))}`);
    expect(page.text).toContain('Due soon');
  });

  it('recording the initial notification meets the duty and sets the next periodic date one year later', async () => {
    const res = await post(owner, `/nominals/${id}/notification/record/notification`, { kind: 'initial', ...boxes('date', today), place: 'Exampleton police station', takenBy: 'PC 1234 Example' });
    expect(res.status).toBe(303);
    expect(await statusOf(id)).toMatchObject({ next_periodic_by: addYears(today, 1), next_due_by: addYears(today, 1) });
    expect((await dutiesOf(id)).map((d) => [d.duty, d.due_by])).toEqual([['periodic', addYears(today, 1)]]);
    const page = await owner.get(`/nominals/${id}/notification`);
    expect(page.text).toContain(`By ${dayText(addYears(today, 1))}`);
    expect(page.text).toContain('Exampleton police station');
    expect(page.text).toContain('PC 1234 Example');
    expect(page.text).toMatch(/govuk-tag--green[^>]*>\s*Met/);
  });

  it('a change of address not yet notified becomes a duty due by the third day beginning with it; overdue shows at the top', async () => {
    const res = await post(owner, `/nominals/${id}/notification/record/change`, { kind: 'change-of-address', ...boxes('date', addDays(today, -1)) });
    expect(res.status).toBe(303);
    expect((await dutiesOf(id)).find((d) => d.duty === 'change')).toMatchObject({ change_kind: 'change-of-address', due_by: addDays(today, 1), status: 'due' });
    // A change of name ten days ago, under a caution of a month ago, never notified: overdue.
    await withTransaction(t.database, systemContext(t.clock.now()), (tx) => tx.db.updateTable('notification_disposal').set({ relevant_date: addDays(today, -30) }).where('nominal_id', '=', id).execute());
    await post(owner, `/nominals/${id}/notification/record/change`, { kind: 'change-of-name', ...boxes('date', addDays(today, -10)) });
    await post(owner, `/nominals/${id}/notification/record/breach`, { duty: 'change', ...boxes('provenOn', today) });
    expect((await statusOf(id))!.overdue_count).toBe(1);
    const page = await owner.get(`/nominals/${id}/notification`);
    expect(page.text).toContain('data-testid="overdue-warning"');
    expect(page.text).toContain('1 overdue: notification of a change: change of name was due by');
  });

  it('breaches show whether they were recorded within 24 hours of the date proven', async () => {
    await withTransaction(t.database, systemContext(t.clock.now()), (tx) =>
      tx.db.insertInto('notification_breach').values({ nominal_id: id, duty: 'periodic', proven_on: addDays(today, -3), recorded_at: ukMidday(today), recorded_by: ownerId }).execute(),
    );
    const page = await owner.get(`/nominals/${id}/notification`);
    expect(page.text).toContain('Recorded within 24 hours');
    // Three days and twelve hours after the day proven began: an hour more or less if the clocks changed between.
    expect(page.text).toMatch(/Recorded after 8[3-5] hours/);
    expect((await logged('notification.breach-recorded'))[0]).toMatchObject({ kind: 'collection', subject_id: id });
  });

  it('a spell in custody is recorded open, then ended; an end before the start is refused', async () => {
    expect((await post(owner, `/nominals/${id}/notification/record/spell`, { kind: 'custody', ...boxes('from', addDays(today, -5)), ...boxes('to', addDays(today, -6)) })).text).toContain(
      'Date it ended must be the same as or after date it started',
    );
    expect((await post(owner, `/nominals/${id}/notification/record/spell`, { kind: 'custody', ...boxes('from', addDays(today, -5)) })).status).toBe(303);
    const spell = await t.database.db.selectFrom('notification_event').select('id').where('nominal_id', '=', id).where('type', '=', 'spell').executeTakeFirstOrThrow();
    const path = `/nominals/${id}/notification/periods/${spell.id}/end`;
    expect((await owner.get(path)).status).toBe(200);
    const early = await post(owner, path, boxes('to', addDays(today, -6)), path);
    expect(early.status).toBe(400);
    expect(early.text).toContain('Date it ended must be the same as or after the date it started');
    expect((await post(owner, path, boxes('to', today), path)).status).toBe(303);
    expect((await t.database.db.selectFrom('notification_event').select('to_date').where('id', '=', spell.id).executeTakeFirstOrThrow()).to_date).toBe(today);
    expect((await logged('notification.period-ended'))[0]).toMatchObject({ kind: 'alteration', subject_id: id });
    expect((await owner.get(path)).status).toBe(404);
  });

  it('foreign travel is recorded with its times, and checked against the 7-day rule', async () => {
    const res = await post(owner, `/nominals/${id}/notification/record/travel`, {
      ...boxes('notifiedOn', today),
      notifiedTime: '09:30',
      ...boxes('departureOn', addDays(today, 2)),
      departureTime: '25:00',
      detailsKnownEarlier: 'yes',
      place: 'Exampleton police station',
      takenBy: 'PC 1',
    });
    expect(res.status).toBe(400);
    expect(res.text).toContain('Time of departure must be a time like 14:30');
    const travel = {
      ...boxes('notifiedOn', today),
      notifiedTime: '09:30',
      ...boxes('departureOn', addDays(today, 2)),
      departureTime: '10:00',
      detailsKnownEarlier: 'yes',
      place: 'Exampleton police station',
      takenBy: 'PC 1',
    };
    const ok = await post(owner, `/nominals/${id}/notification/record/travel`, {
      ...boxes('notifiedOn', today),
      notifiedTime: '09:30',
      ...boxes('departureOn', addDays(today, 2)),
      departureTime: '10:00',
      detailsKnownEarlier: 'yes',
      place: 'Exampleton police station',
      takenBy: 'PC 1',
    });
    expect(ok.status).toBe(400);
    expect(ok.text).toContain('Select where the person is travelling to');
    expect((await post(owner, `/nominals/${id}/notification/record/travel`, { ...travel, destination: 'other-country' })).status).toBe(303);
    expect((await t.database.db.selectFrom('notification_event').select('destination').where('nominal_id', '=', id).where('type', '=', 'travel').executeTakeFirstOrThrow()).destination).toBe('other-country');
    const page = await owner.get(`/nominals/${id}/notification`);
    expect(page.text).toContain('data-testid="travel"');
    expect(page.text).toMatch(/09:30 on/);
    // Leaving in 2 days with the details known: notice was due by the end of the day 7 days before the date of leaving.
    expect(page.text).toContain(`23:59 on ${dayText(addDays(today, -5))}`);
    expect(page.text).toContain('not less than 7 days before the date of departure, so by the end of the day 7 days before it');
  });

  it('an entry recorded in error is removed with the reason: kept, but no longer counted', async () => {
    const change = await t.database.db.selectFrom('notification_event').select('id').where('nominal_id', '=', id).where('kind', '=', 'change-of-name').executeTakeFirstOrThrow();
    const path = `/nominals/${id}/notification/facts/${change.id}/remove`;
    expect((await request(t.app).get(path)).status).toBe(401);
    expect((await stranger.get(path)).status).toBe(404);
    expect((await post(stranger, path, { reason: 'Wrong record' })).status).toBe(404);
    expect((await logged('notification.fact-removed'))[0]).toMatchObject({ decision: 'denied', subject_id: id });
    const form = await owner.get(path);
    expect(form.status).toBe(200);
    expect(form.text).toContain('The change (change-of-name)');
    const empty = await post(owner, path, { reason: ' ' }, path);
    expect(empty.status).toBe(400);
    expect(empty.text).toContain('Enter why it is being removed');
    expect((await post(owner, path, { reason: 'Recorded on the wrong record' }, path)).status).toBe(303);
    expect((await t.database.db.selectFrom('notification_event').select('removed_at').where('id', '=', change.id).executeTakeFirstOrThrow()).removed_at).not.toBeNull();
    expect((await dutiesOf(id)).some((d) => d.trigger_id === change.id)).toBe(false);
    expect((await statusOf(id))!.overdue_count).toBe(0);
    expect((await logged('notification.fact-removed'))[0]).toMatchObject({ kind: 'alteration', decision: 'allowed', subject_id: id });
    expect((await post(owner, path, { reason: 'Again' }, '/account')).status).toBe(404);
  });

  it('a move notified in advance (s.84(2)) stands when it happens on the day given: no duty for it; an advance date is refused where it cannot apply', async () => {
    const given = { kind: 'change-of-address', ...boxes('date', addDays(today, -3)), place: 'Exampleton police station', takenBy: 'PC 1' };
    const initial = await post(owner, `/nominals/${id}/notification/record/notification`, { ...given, kind: 'initial', ...boxes('expectedOn', today) });
    expect(initial.status).toBe(400);
    expect(initial.text).toContain('only a change (of name, home address, a stay, a household with a child, an account, a card or an identity document) can be notified in advance');
    const before = await post(owner, `/nominals/${id}/notification/record/notification`, { ...given, ...boxes('expectedOn', addDays(today, -4)) });
    expect(before.text).toContain('Date the change is expected must be after the date of the notification');
    expect((await post(owner, `/nominals/${id}/notification/record/notification`, { ...given, ...boxes('expectedOn', addDays(today, -1)) })).status).toBe(303);
    expect((await post(owner, `/nominals/${id}/notification/record/change`, { kind: 'change-of-address', ...boxes('date', addDays(today, -1)) })).status).toBe(303);
    const change = await t.database.db.selectFrom('notification_event').select('id').where('nominal_id', '=', id).where('type', '=', 'change').where('on_date', '=', addDays(today, -1)).where('removed_at', 'is', null).execute();
    const duties = await dutiesOf(id);
    expect(change.length).toBeGreaterThan(0);
    expect(duties.filter((d) => change.some((c) => c.id === d.trigger_id))).toEqual([]);
    expect((await owner.get(`/nominals/${id}/notification`)).text).toContain(`given in advance: expected on ${dayText(addDays(today, -1))}`);
  });

  it('stays at another address are added up: the seventh day at the same premises is a duty to notify within 3 days (s.84(1)(c), (6))', async () => {
    const premises = { premises: '12 Sample Lane', details: '' };
    expect((await post(owner, `/nominals/${id}/notification/record/stay`, { ...boxes('from', addDays(today, -20)) })).text).toContain('Enter the address stayed at');
    expect((await post(owner, `/nominals/${id}/notification/record/stay`, { ...premises, ...boxes('from', addDays(today, -29)), ...boxes('to', addDays(today, -26)) })).status).toBe(303);
    expect((await dutiesOf(id)).filter((d) => d.change_kind === 'qualifying-stay')).toEqual([]);
    // Three more days there, typed differently, and still there: seven in all, reached on the third
    // (before the custody recorded above, from 5 days ago).
    expect((await post(owner, `/nominals/${id}/notification/record/stay`, { premises: '12 sample lane', ...boxes('from', addDays(today, -15)) })).status).toBe(303);
    expect((await dutiesOf(id)).filter((d) => d.change_kind === 'qualifying-stay').map((d) => [d.section, d.triggered_on, d.due_by])).toEqual([['s.84(1)(c)', addDays(today, -13), addDays(today, -11)]]);
    const page = await owner.get(`/nominals/${id}/notification`);
    expect(page.text).toContain('Stay at 12 Sample Lane');
    expect(page.text).toContain('Record the end<span class="govuk-visually-hidden"> of stay at 12 sample lane');
  });

  it('a new bank account is a change to notify within 3 days (s.84(1)(ca), the 2012 Regulations)', async () => {
    const form = await owner.get(`/nominals/${id}/notification/record/change`);
    expect(form.text).toContain('A bank, building society or other account opened, closed or changed');
    expect(form.text).toContain('A passport or other identity document obtained, lost or changed');
    expect((await post(owner, `/nominals/${id}/notification/record/change`, { kind: 'bank-account', ...boxes('date', today) })).status).toBe(303);
    expect((await dutiesOf(id)).find((d) => d.change_kind === 'bank-account')).toMatchObject({ section: 's.84(1)(ca)', due_by: addDays(today, 2), status: 'due' });
  });

  it('the record page offers Notification for a registered sex offender', async () => {
    const page = await owner.get(`/nominals/${id}`);
    expect(page.text).toContain(`href="/nominals/${id}/notification"`);
  });
});
