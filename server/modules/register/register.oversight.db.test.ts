import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTransaction } from '../../db/transaction.ts';
import { systemContext, type RequestContext, type Role } from '../../shared/context.ts';
import { type Agent, createTestApp, createTestUser, csrfOf, grantClearance, seedOrganisations, signIn, type TestApp } from '../../testing/test-app.ts';
import * as org from '../identity/identity.organisation.repository.ts';
import { insertNominal } from './register.repository.ts';

let t: TestApp;
let orgs: Awaited<ReturnType<typeof seedOrganisations>>;
let third: string;
const ids: Record<string, string> = {};
const agents: Record<string, Agent> = {};
let record: { id: string; reference: string };
let other: { id: string; reference: string };

const JUSTIFICATION = 'Caller reports him at a school gate now; need risk details to deploy.';

const clear = (userId: string) => grantClearance(t, userId);

async function nominal(owningUnitId: string, managingOfficerId: string, familyName: string, pnc?: string) {
  return withTransaction(t.database, systemContext(t.clock.now()), async (tx) => {
    const reference = `AGA-${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}`;
    const id = await insertNominal(tx.db, {
      reference, nominalType: 'rso', familyName, givenNames: 'Test', dateOfBirth: '1980-01-01', gender: 'male', owningUnitId, managingOfficerId,
      identifiers: pnc ? [{ kind: 'pnc', value: pnc }] : [],
    });
    return { id, reference };
  });
}

const logged = (action: string) => t.database.db.selectFrom('audit_entry').selectAll().where('action', '=', action).orderBy('id', 'desc').execute();

async function breakGlass(agent: Agent, body: Record<string, string>) {
  const csrf = await csrfOf(agent, '/nominals/break-glass');
  return agent.post('/nominals/break-glass').type('form').send({ _csrf: csrf, ...body });
}

/** A request context as the server builds it, at a time the test chooses. */
async function contextOf(userId: string, now: Date): Promise<RequestContext> {
  const user = await t.database.db.selectFrom('app_user').innerJoin('unit', 'unit.id', 'app_user.unit_id').select(['app_user.id', 'username', 'display_name', 'unit_id', 'unit.agency_id']).where('app_user.id', '=', userId).executeTakeFirstOrThrow();
  return { correlationId: randomUUID(), actor: { userId, username: user.username, displayName: user.display_name, unitId: user.unit_id, agencyId: user.agency_id, roles: ['practitioner'] }, ip: null, userAgent: null, now, system: false };
}

beforeAll(async () => {
  t = await createTestApp({ demo: true });
  orgs = await seedOrganisations(t);
  third = await withTransaction(t.database, systemContext(t.clock.now()), (tx) => org.upsertUnit(tx.db, orgs.agencyA, 'U9', 'Unit A9'));
  const people: [string, string, Role[], boolean][] = [
    ['owner', orgs.unitA, ['practitioner'], true],
    ['boss', orgs.unitA, ['manager'], true],
    ['colleague', orgs.unitA, ['practitioner'], true],
    ['partner', orgs.unitB, ['practitioner'], true],
    ['stranger', third, ['practitioner'], true],
    ['shut-out', third, ['practitioner'], true],
    ['uncleared', third, ['practitioner'], false],
  ];
  for (const [name, unitId, roles, cleared] of people) {
    ids[name] = await createTestUser(t, { username: `ov.${name}`, unitId, roles, demo: true });
    if (cleared) await clear(ids[name]!);
    agents[name] = await signIn(t, `ov.${name}`);
  }
  record = await nominal(orgs.unitA, ids.owner!, 'Glasswell', '2012/0052834Q'.replace('Q', 'K'));
  other = await nominal(orgs.unitA, ids.colleague!, 'Otherby');
  await withTransaction(t.database, systemContext(t.clock.now()), async (tx) => {
    await tx.db.insertInto('nominal_relationship').values({ nominal_id: record.id, unit_id: orgs.unitB, role: 'view-only' }).execute();
    await tx.db.insertInto('nominal_exclusion').values({ nominal_id: record.id, user_id: ids['shut-out']!, message: 'Related to the victim' }).execute();
  });
});
afterAll(() => t?.close());

describe('emergency access (break-glass)', () => {
  it('401: asks for sign-in', async () => {
    expect((await request(t.app).get('/nominals/break-glass')).status).toBe(401);
    expect((await request(t.app).post('/nominals/break-glass').type('form').send({ reference: record.reference, justification: JUSTIFICATION })).status).toBe(403);
  });

  it('a record the user may not see is "not found", and that page offers emergency access', async () => {
    const res = await agents.stranger!.get(`/nominals/${record.id}`);
    expect(res.status).toBe(404);
    expect(res.text).toContain('href="/nominals/break-glass"');
    expect((await agents.stranger!.get('/nominals')).text).toContain('Emergency access (break-glass)');
  });

  it('400: says what to fix, and grants nothing', async () => {
    const empty = await breakGlass(agents.stranger!, { reference: '', justification: '' });
    expect(empty.status).toBe(400);
    expect(empty.text).toContain('Enter the record&#39;s reference, like NPF-000123, or one of its identifiers');
    expect(empty.text).toContain('Enter why you need emergency access to this record');
    const short = await breakGlass(agents.stranger!, { reference: record.reference, justification: 'Need it now' });
    expect(short.status).toBe(400);
    expect(short.text).toContain('The justification must be at least 20 characters');
    const unknown = await breakGlass(agents.stranger!, { reference: 'AGA-999999', justification: JUSTIFICATION });
    expect(unknown.status).toBe(400);
    expect(unknown.text).toContain('No record has that reference');
    expect((await logged('register.break-glass-refused'))[0]).toMatchObject({ decision: 'denied', policy_ids: ['register.no-such-record'], break_glass: true });
    expect(await t.database.db.selectFrom('break_glass_grant').select('id').execute()).toHaveLength(0);
  });

  it('403: a user without active clearance cannot break glass', async () => {
    const res = await breakGlass(agents.uncleared!, { reference: record.reference, justification: JUSTIFICATION });
    expect(res.status).toBe(403);
    expect(res.text).toContain('You need active register clearance to use emergency access.');
    expect((await logged('register.break-glass-refused'))[0]).toMatchObject({ decision: 'denied', policy_ids: ['register.clearance-required'], actor_user_id: ids.uncleared });
  });

  it('an excluded user is answered as if the record did not exist; the log keeps the real reason', async () => {
    const res = await breakGlass(agents['shut-out']!, { reference: record.reference, justification: JUSTIFICATION });
    expect(res.status).toBe(400);
    expect(res.text).toContain('No record has that reference');
    expect((await logged('register.break-glass-refused'))[0]).toMatchObject({ decision: 'denied', policy_ids: ['register.exclusion'], subject_id: record.id });
  });

  it('303: a cleared stranger states why, reads the record read-only with a banner, and the managing officer is told', async () => {
    const res = await breakGlass(agents.stranger!, { reference: record.reference.toLowerCase(), justification: JUSTIFICATION });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`/nominals/${record.id}`);
    const [granted] = await logged('register.break-glass-granted');
    expect(granted).toMatchObject({ kind: 'consultation', break_glass: true, purpose_code: 'break-glass', purpose_text: JUSTIFICATION, subject_id: record.id, actor_user_id: ids.stranger, policy_ids: ['register.break-glass-read'] });
    const grant = await t.database.db.selectFrom('break_glass_grant').selectAll().executeTakeFirstOrThrow();
    expect(new Date(grant.expires_at).getTime() - new Date(grant.granted_at).getTime()).toBe(60 * 60_000);

    const page = await agents.stranger!.get(`/nominals/${record.id}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Emergency (break-glass) access');
    expect(page.text).toContain('data-testid="break-glass-expiry"');
    expect(page.text).not.toContain('data-testid="record-actions"');
    expect((await logged('register.nominal-viewed'))[0]).toMatchObject({ decision: 'allowed', break_glass: true, policy_ids: ['register.break-glass-read'], actor_user_id: ids.stranger });

    const message = await t.database.db.selectFrom('user_message').selectAll().where('user_id', '=', ids.owner!).executeTakeFirstOrThrow();
    expect(message.subject).toBe(`Emergency access to ${record.reference}`);
    expect(message.body).toContain(JUSTIFICATION);
    expect(message.link).toBe(`/nominals/${record.id}/views`);
  });

  it('break-glass never widens a list: search and the caseload lists do not show the record', async () => {
    expect((await agents.stranger!.get('/nominals?q=Test Glasswell')).text).toContain('0 records found');
    expect((await agents.stranger!.get('/nominals/unit')).text).not.toContain(record.reference);
  });

  it('finds the record by one of its identifiers too', async () => {
    const res = await breakGlass(agents.stranger!, { reference: other.reference, justification: JUSTIFICATION });
    expect(res.status).toBe(303);
    const byPnc = await breakGlass(agents.stranger!, { reference: '2012/0052834K', justification: JUSTIFICATION });
    expect(byPnc.headers.location).toBe(`/nominals/${record.id}`);
  });

  it('a user who already has access is sent to the record, with no grant', async () => {
    const before = (await t.database.db.selectFrom('break_glass_grant').select('id').execute()).length;
    const res = await breakGlass(agents.partner!, { reference: record.reference, justification: JUSTIFICATION });
    expect(res.headers.location).toBe(`/nominals/${record.id}`);
    expect(await t.database.db.selectFrom('break_glass_grant').select('id').execute()).toHaveLength(before);
  });

  it('the grant expires: on a controlled clock the record is readable before its end and "not found" after', async () => {
    const grant = await t.database.db.selectFrom('break_glass_grant').selectAll().where('nominal_id', '=', other.id).executeTakeFirstOrThrow();
    const expires = new Date(grant.expires_at).getTime();
    const before = await t.services.register.viewNominal(await contextOf(ids.stranger!, new Date(expires - 60_000)), other.id);
    expect(before).toMatchObject({ breakGlass: true, canEdit: false, canSeeRestricted: false });
    await expect(t.services.register.viewNominal(await contextOf(ids.stranger!, new Date(expires + 1)), other.id)).rejects.toMatchObject({ status: 404 });
    expect((await logged('register.nominal-viewed'))[0]).toMatchObject({ decision: 'denied', break_glass: false, policy_ids: ['register.no-permit'] });
  });
});

describe('who has viewed a record', () => {
  it('401 without a session; 400 for a bad page number', async () => {
    expect((await request(t.app).get(`/nominals/${record.id}/views`)).status).toBe(401);
    const bad = await agents.owner!.get(`/nominals/${record.id}/views?page=zero`);
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('Page must be a whole number, like 2');
  });

  it('404: a reader who is not answerable for the record, a stranger, and a break-glass reader get "not found"', async () => {
    for (const who of ['partner', 'colleague', 'shut-out']) {
      const res = await agents[who]!.get(`/nominals/${record.id}/views`);
      expect(res.status, who).toBe(404);
    }
    expect((await logged('register.record-views-viewed'))[0]).toMatchObject({ decision: 'denied', policy_ids: ['register.exclusion'] });
    expect((await agents.stranger!.get(`/nominals/${other.id}/views`)).status).toBe(404);
    expect((await logged('register.record-views-viewed'))[0]).toMatchObject({ decision: 'denied', break_glass: true, policy_ids: ['register.no-permit'] });
  });

  it('200: the managing officer and a manager of the owning unit see every entry, newest first, break-glass marked; the visit is logged', async () => {
    const res = await agents.owner!.get(`/nominals/${record.id}/views`);
    expect(res.status).toBe(200);
    expect(res.text).toContain('Who has viewed this record');
    expect(res.text).toContain('Emergency access (break-glass)');
    expect(res.text).toContain('Test ov.stranger');
    expect(res.text).toContain('Break-glass');
    expect(res.text).toContain('Refused');
    // Newest first: this visit comes before the break-glass reads.
    expect(res.text.indexOf('Viewed who has seen the record')).toBeLessThan(res.text.indexOf('Viewed the record'));
    expect((await logged('register.record-views-viewed'))[0]).toMatchObject({ decision: 'allowed', policy_ids: ['register.view-record-log'], actor_user_id: ids.owner, subject_id: record.id, purpose_code: 'audit' });
    expect((await agents.boss!.get(`/nominals/${record.id}/views`)).status).toBe(200);
  });

  it('a supervisor unit sees it too', async () => {
    await withTransaction(t.database, systemContext(t.clock.now()), (tx) => tx.db.updateTable('nominal_relationship').set({ role: 'supervisor' }).where('nominal_id', '=', record.id).execute());
    expect((await agents.partner!.get(`/nominals/${record.id}/views`)).status).toBe(200);
    const page = await agents.partner!.get(`/nominals/${record.id}`);
    expect(page.text).toContain(`href="/nominals/${record.id}/views"`);
    expect(page.text).not.toContain(`href="/nominals/${record.id}/access"`);
  });
});

describe('my caseload and my unit\'s records', () => {
  beforeAll(async () => {
    for (let i = 0; i < 27; i++) await nominal(orgs.unitA, ids.owner!, `Casey${String(i).padStart(2, '0')}`);
  });

  it('401 without a session; 400 for a bad page number', async () => {
    for (const path of ['/nominals/caseload', '/nominals/unit']) {
      expect((await request(t.app).get(path)).status).toBe(401);
      const bad = await agents.owner!.get(`${path}?page=0`);
      expect(bad.status).toBe(400);
      expect(bad.text).toContain('Page must be a whole number, like 2');
    }
  });

  it('200: the records I manage, 25 a page, with GOV.UK pagination; logged', async () => {
    const first = await agents.owner!.get('/nominals/caseload');
    expect(first.status).toBe(200);
    expect(first.text).toContain('28 records, showing 1 to 25');
    expect(first.text).toContain('CASEY00, Test');
    expect(first.text).toContain('govuk-pagination');
    const second = await agents.owner!.get('/nominals/caseload?page=2');
    expect(second.text).toContain('showing 26 to 28');
    expect(second.text).toContain('GLASSWELL, Test');
    expect(second.text).not.toContain('OTHERBY');
    expect((await logged('register.caseload-viewed'))[0]).toMatchObject({ actor_user_id: ids.owner, subject_type: 'nominal-list' });
  });

  it('my unit\'s records: everything the unit owns that I may read; scoped in SQL, so an exclusion hides one', async () => {
    const mine = await agents.colleague!.get('/nominals/unit');
    expect(mine.text).toContain('29 records');
    expect(mine.text).toContain('Unit A1');
    await withTransaction(t.database, systemContext(t.clock.now()), (tx) => tx.db.insertInto('nominal_exclusion').values({ nominal_id: other.id, user_id: ids.colleague!, message: 'Conflict of interest' }).execute());
    expect((await agents.colleague!.get('/nominals/unit')).text).toContain('28 records');
    expect((await agents.colleague!.get('/nominals/caseload')).text).toContain('You do not manage any records.');
    expect((await agents.stranger!.get('/nominals/unit')).text).toContain('Your unit owns no records you can see.');
    expect((await agents.uncleared!.get('/nominals/caseload')).text).toContain('You do not have active register clearance');
    expect((await logged('register.unit-records-viewed')).length).toBeGreaterThanOrEqual(3);
  });
});
