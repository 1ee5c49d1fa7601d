import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTransaction } from '../../db/transaction.ts';
import { systemContext } from '../../shared/context.ts';
import { createTestApp, createTestUser, csrfOf, grantClearance, seedOrganisations, signIn, type Agent, type TestApp, testToday } from '../../testing/test-app.ts';
import { insertNominal } from '../register/register.repository.ts';
import { FACTORS } from './notification.review.schemas.ts';

let t: TestApp;
let owner: Agent;
let colleague: Agent;
let stranger: Agent;
let ownerId: string;
let life: string;
let cautioned: string;
let withOrder: string;

const today = testToday;
const addDays = (iso: string, n: number) => new Date(Date.parse(`${iso}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
const boxes = (name: string, iso: string) => {
  const [y, m, d] = iso.split('-');
  return { [`${name}-day`]: String(Number(d)), [`${name}-month`]: String(Number(m)), [`${name}-year`]: y! };
};
const logged = (action: string) => t.database.db.selectFrom('audit_entry').selectAll().where('action', '=', action).orderBy('id', 'desc').execute();
const reviewsOf = (nominalId: string) => t.database.db.selectFrom('notification_review').selectAll().where('nominal_id', '=', nominalId).execute();

async function post(agent: Agent, path: string, body: Record<string, string>) {
  const csrf = await csrfOf(agent, '/account');
  return agent.post(path).type('form').send({ _csrf: csrf, ...body });
}

beforeAll(async () => {
  t = await createTestApp({ demo: true });
  const orgs = await seedOrganisations(t);
  ownerId = await createTestUser(t, { username: 'review.owner', unitId: orgs.unitA, demo: true });
  const colleagueId = await createTestUser(t, { username: 'review.colleague', unitId: orgs.unitA, demo: true });
  const strangerId = await createTestUser(t, { username: 'review.stranger', unitId: orgs.unitB, demo: true });
  for (const u of [ownerId, colleagueId, strangerId]) await grantClearance(t, u);
  [life, cautioned, withOrder] = await withTransaction(t.database, systemContext(t.clock.now()), async (tx) => {
    const common = { nominalType: 'rso' as const, givenNames: 'Alex', dateOfBirth: '1960-01-01', gender: 'male' as const, owningUnitId: orgs.unitA, managingOfficerId: ownerId, identifiers: [] };
    const ids: string[] = [];
    for (const [reference, familyName, kind] of [
      ['AGA-000201', 'Lifer', 'life'],
      ['AGA-000202', 'Cautioned', 'caution'],
      ['AGA-000203', 'Ordered', 'life'],
    ] as const) {
      const nominalId = await insertNominal(tx.db, { ...common, reference, familyName });
      await tx.db.insertInto('notification_disposal').values({ nominal_id: nominalId, kind, relevant_date: kind === 'life' ? '2005-01-10' : addDays(today, -1), sentence_months: null, discharge_months: null }).execute();
      await tx.db.insertInto('notification_event').values({ nominal_id: nominalId, type: 'notification', kind: 'initial', on_date: kind === 'life' ? '2005-01-11' : today }).execute();
      // On remand until sentence (time served): the initial notification is the first after release (s.91B(2)).
      if (kind === 'life') await tx.db.insertInto('notification_event').values({ nominal_id: nominalId, type: 'spell', kind: 'custody', from_date: '2004-10-01', to_date: '2005-01-10' }).execute();
      ids.push(nominalId);
    }
    await tx.db.insertInto('notification_event').values({ nominal_id: ids[2]!, type: 'shpo', from_date: '2010-01-01' }).execute();
    return ids as [string, string, string];
  });
  owner = await signIn(t, 'review.owner');
  colleague = await signIn(t, 'review.colleague');
  stranger = await signIn(t, 'review.stranger');
});
afterAll(() => t?.close());

describe('review of indefinite notification', () => {
  let reviewId: string;
  const path = () => `/nominals/${life}/notification/reviews/${reviewId}`;

  it('401: asks for sign-in', async () => {
    expect((await request(t.app).get(`/nominals/${life}/notification/reviews/new`)).status).toBe(401);
    expect((await request(t.app).get(`/nominals/${life}/notification/reviews/${life}`)).status).toBe(401);
  });

  it('the clock page shows from when the person may apply', async () => {
    const page = await owner.get(`/nominals/${life}/notification`);
    expect(page.text).toContain('Indefinite');
    expect(page.text).toMatch(/The person may apply from \d+ January 2020/);
  });

  it('400: an application is refused with the reason when it cannot be made', async () => {
    const empty = await post(owner, `/nominals/${life}/notification/reviews`, {});
    expect(empty.status).toBe(400);
    expect(empty.text).toContain('Enter the date the application was received');
    const early = await post(owner, `/nominals/${life}/notification/reviews`, boxes('appliedOn', '2019-06-01'));
    expect(early.status).toBe(400);
    expect(early.text).toMatch(/The person cannot apply before \d+ January 2020: an application received on 1 June 2019 is too early/);
    const fixed = await post(owner, `/nominals/${cautioned}/notification/reviews`, boxes('appliedOn', today));
    expect(fixed.status).toBe(400);
    expect(fixed.text).toContain('Review applies only to someone subject to notification indefinitely');
    const order = await post(owner, `/nominals/${withOrder}/notification/reviews`, boxes('appliedOn', '2025-06-01'));
    expect(order.status).toBe(400);
    expect(order.text).toContain('A sexual harm prevention order is in force: the person cannot apply while it lasts');
    expect([...(await reviewsOf(life)), ...(await reviewsOf(cautioned)), ...(await reviewsOf(withOrder))]).toHaveLength(0);
  });

  it('400: no date to apply from while the custody for the sentence is not recorded, or the first notification after release (s.91B(2))', async () => {
    const unrecorded = await withTransaction(t.database, systemContext(t.clock.now()), async (tx) => {
      const manager = await tx.db.selectFrom('nominal').select(['owning_unit_id', 'managing_officer_id']).where('id', '=', life).executeTakeFirstOrThrow();
      const nominalId = await insertNominal(tx.db, { nominalType: 'rso', givenNames: 'Alex', dateOfBirth: '1960-01-01', gender: 'male', owningUnitId: manager.owning_unit_id, managingOfficerId: manager.managing_officer_id!, identifiers: [], reference: 'AGA-000204', familyName: 'Onbail' });
      await tx.db.insertInto('notification_disposal').values({ nominal_id: nominalId, kind: 'ipp', relevant_date: '2005-01-10' }).execute();
      // Notified on bail, the day after conviction: not the relevant notification once imprisoned.
      await tx.db.insertInto('notification_event').values({ nominal_id: nominalId, type: 'notification', kind: 'initial', on_date: '2005-01-11' }).execute();
      return nominalId;
    });
    const missing = await post(owner, `/nominals/${unrecorded}/notification/reviews`, boxes('appliedOn', today));
    expect(missing.status).toBe(400);
    expect(missing.text).toContain('No time in custody or in hospital is recorded for the sentence that makes notification indefinite');
    expect((await owner.get(`/nominals/${unrecorded}/notification`)).text).toContain('data-warning="custody-not-recorded"');
    // Imprisoned from March 2005 to June 2013: released, but the notification after release is not recorded.
    await post(owner, `/nominals/${unrecorded}/notification/record/spell`, { kind: 'custody', ...boxes('from', '2005-03-01'), ...boxes('to', '2013-06-01') });
    const notYet = await post(owner, `/nominals/${unrecorded}/notification/reviews`, boxes('appliedOn', today));
    expect(notYet.text).toContain('The first notification after release is not recorded');
    await post(owner, `/nominals/${unrecorded}/notification/record/notification`, { kind: 'release', ...boxes('date', '2013-06-02'), place: 'Exampleton police station', takenBy: 'PC 1' });
    const early = await post(owner, `/nominals/${unrecorded}/notification/reviews`, boxes('appliedOn', today));
    expect(early.text).toContain('The person cannot apply before 2 June 2028');
    expect(await reviewsOf(unrecorded)).toHaveLength(0);
  });

  it('404: a user with no relationship to the record', async () => {
    expect((await post(stranger, `/nominals/${life}/notification/reviews`, boxes('appliedOn', '2025-06-01'))).status).toBe(404);
    expect((await logged('notification.review-applied'))[0]).toMatchObject({ decision: 'denied', subject_id: life });
    expect(await reviewsOf(life)).toHaveLength(0);
  });

  it('200: the application is recorded and logged', async () => {
    expect((await owner.get(`/nominals/${life}/notification/reviews/new`)).status).toBe(200);
    const res = await post(owner, `/nominals/${life}/notification/reviews`, boxes('appliedOn', '2025-06-01'));
    expect(res.status).toBe(303);
    const [review] = await reviewsOf(life);
    reviewId = review!.id;
    expect(res.headers.location).toBe(path());
    expect((await logged('notification.review-applied'))[0]).toMatchObject({ kind: 'collection', decision: 'allowed', subject_id: life, actor_user_id: ownerId });
    const page = await owner.get(path());
    expect(page.status).toBe(200);
    expect(page.text).toContain('Received, not yet acknowledged');
    expect((await logged('notification.review-viewed'))[0]).toMatchObject({ kind: 'consultation', subject_id: life });
    const again = await post(owner, `/nominals/${life}/notification/reviews`, boxes('appliedOn', '2025-07-01'));
    expect(again.text).toContain('The application received on 1 June 2025 has not been decided: record its decision first');
  });

  it('404: the review page for a stranger, logged as denied', async () => {
    expect((await stranger.get(path())).status).toBe(404);
    expect((await logged('notification.review-viewed'))[0]).toMatchObject({ decision: 'denied', subject_id: life });
  });

  it('steps out of order are refused with the reason', async () => {
    const decide = await post(owner, `${path()}/decision`, { version: '1', outcome: 'refused', ...boxes('decidedOn', '2025-08-01'), reasons: 'Synthetic reasons.' });
    expect(decide.status).toBe(400);
    expect(decide.text).toContain('Record the acknowledgement of the application before the decision');
    const appeal = await post(owner, `${path()}/appeal`, { version: '1', ...boxes('appealLodgedOn', '2025-08-02') });
    expect(appeal.text).toContain('Record the decision before an appeal');
    const ackEarly = await post(owner, `${path()}/acknowledge`, { version: '1', ...boxes('acknowledgedOn', '2025-05-01') });
    expect(ackEarly.status).toBe(400);
    expect(ackEarly.text).toContain('Date the application was acknowledged must be on or after the date the application was received (1 June 2025)');
    expect((await reviewsOf(life))[0]).toMatchObject({ version: 1, acknowledged_on: null, outcome: null });
  });

  it('acknowledgement, then the factors; a decision needs every factor', async () => {
    expect((await post(owner, `${path()}/acknowledge`, { version: '1', ...boxes('acknowledgedOn', '2025-06-03') })).status).toBe(303);
    const missing = await post(owner, `${path()}/decision`, { version: '2', outcome: 'refused', ...boxes('decidedOn', '2025-08-01'), reasons: 'Synthetic reasons.' });
    expect(missing.status).toBe(400);
    expect(missing.text).toContain('Record what was considered under every statutory factor before the decision. Missing: the seriousness of the offence;');
    const factors = Object.fromEntries(FACTORS.map((f) => [f.name, `Synthetic ${f.name}`]));
    expect((await post(owner, `${path()}/factors`, { version: '2', ...factors })).status).toBe(303);
    expect((await reviewsOf(life))[0]!.factors).toMatchObject({ seriousness: 'Synthetic seriousness', other: 'Synthetic other' });
    expect((await logged('notification.review-factors'))[0]).toMatchObject({ kind: 'alteration', subject_id: life });
  });

  it('409: a stale form is refused with who changed the review and when', async () => {
    const stale = await post(colleague, `${path()}/factors`, { version: '2', seriousness: 'Older' });
    expect(stale.status).toBe(303);
    expect(stale.headers.location).toBe(path());
    const shown = await colleague.get(path());
    expect(shown.text).toMatch(/This review was changed by Test review\.owner at \d\d:\d\d on \d+ \w+ \d{4}\. Nothing of yours has been saved/);
    expect((await reviewsOf(life))[0]!.factors).toMatchObject({ seriousness: 'Synthetic seriousness' });
  });

  it('a refusal records who decided and sets the next eligible date 8 years on; the appeal follows it', async () => {
    const res = await post(owner, `${path()}/decision`, { version: '3', outcome: 'refused', ...boxes('decidedOn', '2025-08-01'), reasons: 'Synthetic reasons for refusal.' });
    expect(res.status).toBe(303);
    const [review] = await reviewsOf(life);
    expect(review).toMatchObject({ outcome: 'refused', decided_on: '2025-08-01', decided_by: ownerId, next_eligible_on: '2033-08-01', version: 4 });
    expect((await t.database.db.selectFrom('notification_status').select('review_eligible_from').where('nominal_id', '=', life).executeTakeFirst())?.review_eligible_from).toBe('2033-08-01');
    const page = await owner.get(path());
    expect(page.text).toContain('Refused on 1 August 2025 by Test review.owner');
    expect(page.text).toContain('1 August 2033');
    const appealEarly = await post(owner, `${path()}/appeal`, { version: '4', ...boxes('appealLodgedOn', '2025-07-01') });
    expect(appealEarly.text).toContain('Date the appeal was lodged must be on or after the decision (1 August 2025)');
    expect((await post(owner, `${path()}/appeal`, { version: '4', ...boxes('appealLodgedOn', '2025-08-10') })).status).toBe(303);
    expect((await post(owner, `${path()}/appeal-decision`, { version: '5', appealOutcome: 'dismissed', ...boxes('appealDecidedOn', '2025-10-01') })).status).toBe(303);
    expect((await reviewsOf(life))[0]).toMatchObject({ appeal_outcome: 'dismissed', next_eligible_on: '2033-08-01' });
    const next = await post(owner, `/nominals/${life}/notification/reviews`, boxes('appliedOn', '2026-01-05'));
    expect(next.text).toContain('The person cannot apply before 1 August 2033');
  });
});
