import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTransaction } from '../../db/transaction.ts';
import { systemContext } from '../../shared/context.ts';
import { createTestApp, createTestUser, csrfOf, grantClearance, seedOrganisations, signIn, type Agent, type TestApp, testToday } from '../../testing/test-app.ts';
import { insertNominal } from '../register/register.repository.ts';

// Recording terms of imprisonment: in months, weeks or days, and how they run with one another
// (s.82(3)-(4)); an absolute discharge. Synthetic records only.
let t: TestApp;
let owner: Agent;
let stranger: Agent;
let ids: string[];

const today = testToday;
const addDays = (iso: string, n: number) => new Date(Date.parse(`${iso}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
const boxes = (name: string, iso: string) => {
  const [y, m, d] = iso.split('-');
  return { [`${name}-day`]: String(Number(d)), [`${name}-month`]: String(Number(m)), [`${name}-year`]: y! };
};
const relevant = addDays(today, -20);
// The last day of 10 years from a day: the day before the anniversary, or 28 February itself for 29 February.
const tenYearsOn = (iso: string) => (iso.slice(5) === '02-29' ? `${Number(iso.slice(0, 4)) + 10}-02-28` : addDays(`${Number(iso.slice(0, 4)) + 10}${iso.slice(4)}`, -1));

const logged = (action: string) => t.database.db.selectFrom('audit_entry').selectAll().where('action', '=', action).orderBy('id', 'desc').execute();
const statusOf = (nominalId: string) => t.database.db.selectFrom('notification_status').selectAll().where('nominal_id', '=', nominalId).executeTakeFirst();
const disposalsOf = (nominalId: string) => t.database.db.selectFrom('notification_disposal').selectAll().where('nominal_id', '=', nominalId).orderBy('recorded_at').execute();

async function post(agent: Agent, path: string, body: Record<string, string>, page = '/account') {
  const csrf = await csrfOf(agent, page);
  return agent.post(path).type('form').send({ _csrf: csrf, ...body });
}
const recordTerm = (nominalId: string, body: Record<string, string>) =>
  post(owner, `/nominals/${nominalId}/notification/record/disposal`, { kind: 'imprisonment', ...boxes('relevantDate', relevant), ...body });

beforeAll(async () => {
  t = await createTestApp({ demo: true });
  const orgs = await seedOrganisations(t);
  const ownerId = await createTestUser(t, { username: 'terms.owner', unitId: orgs.unitA, demo: true });
  const strangerId = await createTestUser(t, { username: 'terms.stranger', unitId: orgs.unitB, demo: true });
  await grantClearance(t, ownerId);
  await grantClearance(t, strangerId);
  ids = await withTransaction(t.database, systemContext(t.clock.now()), async (tx) => {
    const common = { nominalType: 'rso' as const, givenNames: 'Sam', dateOfBirth: '1980-01-01', gender: 'male' as const, owningUnitId: orgs.unitA, managingOfficerId: ownerId, identifiers: [] };
    const out: string[] = [];
    for (const n of [1, 2, 3, 4]) out.push(await insertNominal(tx.db, { ...common, reference: `AGA-00030${n}`, familyName: `Termwell${n}` }));
    return out;
  });
  owner = await signIn(t, 'terms.owner');
  stranger = await signIn(t, 'terms.stranger');
});
afterAll(() => t?.close());

describe('terms of imprisonment and how they run (s.82(3)-(4))', () => {
  it('400: a term needs its length and its unit; "runs with" needs one of the record\'s own terms', async () => {
    const res = await recordTerm(ids[0]!, {});
    expect(res.status).toBe(400);
    expect(res.text).toContain('Enter the length of the custodial term');
    expect(res.text).toContain('Select whether the term is in months, weeks or days');
    const noOther = await recordTerm(ids[0]!, { sentenceLength: '12', sentenceUnit: 'months', runs: 'consecutive' });
    expect(noOther.text).toContain('Select the other term this one runs with');
    const foreign = await recordTerm(ids[0]!, { sentenceLength: '12', sentenceUnit: 'months', runs: 'consecutive', runsWith: '00000000-0000-4000-8000-000000000000' });
    expect(foreign.status).toBe(400);
    expect(foreign.text).toContain('Select the other term this one runs with, from the terms recorded on this record');
    expect(await disposalsOf(ids[0]!)).toHaveLength(0);
  });

  it('two terms imposed the same day with no answer: added together (indefinite) and flagged; answering "concurrent" gives 10 years', async () => {
    expect((await recordTerm(ids[0]!, { sentenceLength: '18', sentenceUnit: 'months' })).status).toBe(303);
    expect((await recordTerm(ids[0]!, { sentenceLength: '12', sentenceUnit: 'months' })).status).toBe(303);
    // Indefinite, so the custody the review date runs from is asked for too (s.91B(2)).
    expect(await statusOf(ids[0]!)).toMatchObject({ period_kind: 'indefinite', warnings: 'custody-not-recorded,terms-unanswered' });
    const page = await owner.get(`/nominals/${ids[0]}/notification`);
    expect(page.text).toContain('data-testid="clock-warnings"');
    expect(page.text).toContain('data-warning="terms-unanswered"');
    expect(page.text).toContain('2 terms added together (s.82(3) and (4)): 30 months');

    const [first, second] = await disposalsOf(ids[0]!);
    const path = `/nominals/${ids[0]}/notification/disposals/${second!.id}/runs`;
    expect(page.text).toContain(`href="${path}"`);
    expect((await request(t.app).get(path)).status).toBe(401);
    expect((await stranger.get(path)).status).toBe(404);
    expect((await post(stranger, path, { runs: 'concurrent', runsWith: first!.id })).status).toBe(404);
    const form = await owner.get(path);
    expect(form.status).toBe(200);
    expect(form.text).toContain(`value="${first!.id}"`);
    expect(form.text).toContain('Imprisonment of 18 months, relevant date');
    expect(form.text).not.toContain(`value="${second!.id}"`);
    const empty = await post(owner, path, {}, path);
    expect(empty.status).toBe(400);
    expect(empty.text).toContain('Select how this term runs with the other term');

    expect((await post(owner, path, { runs: 'concurrent', runsWith: first!.id }, path)).status).toBe(303);
    expect(await statusOf(ids[0]!)).toMatchObject({ period_kind: 'fixed', warnings: null });
    expect((await logged('notification.term-runs-recorded'))[0]).toMatchObject({ kind: 'alteration', decision: 'allowed', subject_id: ids[0] });
    // Answered once: the form is not offered again.
    expect((await owner.get(path)).status).toBe(404);
  });

  it('24 and 12 months overlapping by 6 are 30 months: indefinite (s.82(4)(b)); by 7, 29 months: 10 years', async () => {
    await recordTerm(ids[1]!, { sentenceLength: '24', sentenceUnit: 'months' });
    const [a] = await disposalsOf(ids[1]!);
    const res = await recordTerm(ids[1]!, { sentenceLength: '12', sentenceUnit: 'months', runs: 'partly-concurrent', runsWith: a!.id });
    expect(res.status).toBe(400);
    expect(res.text).toContain('Enter how long the two terms overlap');
    expect((await recordTerm(ids[1]!, { sentenceLength: '12', sentenceUnit: 'months', runs: 'partly-concurrent', runsWith: a!.id, overlapLength: '7', overlapUnit: 'months' })).status).toBe(303);
    expect(await statusOf(ids[1]!)).toMatchObject({ period_kind: 'fixed', warnings: null });
    const b = (await disposalsOf(ids[1]!))[1]!;
    expect(b).toMatchObject({ runs: 'partly-concurrent', runs_with: a!.id, overlap_length: 7, overlap_unit: 'months' });
    await withTransaction(t.database, systemContext(t.clock.now()), (tx) => tx.db.updateTable('notification_disposal').set({ removed_at: t.clock.now() }).where('id', '=', b.id).execute());
    await recordTerm(ids[1]!, { sentenceLength: '12', sentenceUnit: 'months', runs: 'partly-concurrent', runsWith: a!.id, overlapLength: '25', overlapUnit: 'weeks' });
    // 25 weeks (175 days) is less than 6 months wherever they fall (6 months is at least 181 days; 26
    // weeks is not, across a February): 24 + 12 months less 175 days is more than 30 months.
    expect(await statusOf(ids[1]!)).toMatchObject({ period_kind: 'indefinite' });
  });

  it('a term in weeks: 28 weeks is more than 6 months, 10 years (s.82(1)); kept as days with its unit', async () => {
    expect((await recordTerm(ids[2]!, { sentenceLength: '28', sentenceUnit: 'weeks' })).status).toBe(303);
    expect((await disposalsOf(ids[2]!))[0]).toMatchObject({ sentence_months: null, sentence_days: 196, sentence_unit: 'weeks' });
    const status = await statusOf(ids[2]!);
    expect(status).toMatchObject({ period_kind: 'fixed', period_ends_on: tenYearsOn(relevant) });
    expect((await owner.get(`/nominals/${ids[2]}/notification`)).text).toContain('28 weeks');
  });

  it('an absolute discharge makes no one subject (s.134): no status, and the page says why', async () => {
    expect((await post(owner, `/nominals/${ids[3]}/notification/record/disposal`, { kind: 'absolute-discharge', ...boxes('relevantDate', relevant) })).status).toBe(303);
    expect(await statusOf(ids[3]!)).toBeUndefined();
    const page = await owner.get(`/nominals/${ids[3]}/notification`);
    expect(page.text).toContain('an absolute discharge does not (s.134)');
  });
});
