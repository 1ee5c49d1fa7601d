import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTransaction } from '../../db/transaction.ts';
import { systemContext } from '../../shared/context.ts';
import { createTestApp, createTestUser, csrfOf, eventsOf, grantClearance, seedOrganisations, signIn, type Agent, type TestApp, testToday } from '../../testing/test-app.ts';
import { upsertUnit } from '../identity/identity.organisation.repository.ts';
import { insertItems, updateItem } from '../register/register.items.repository.ts';
import { insertNominal } from '../register/register.repository.ts';

let t: TestApp;
let owner: Agent;
let colleague: Agent;
let stranger: Agent;
let coordinator: Agent;
let ownerId: string;
let id: string;
let otherId: string;
let agencyA: string;
let agencyB: string;

const today = testToday;
const yearAgo = `${Number(today.slice(0, 4)) - 1}-01-15`;
const dateBoxes = (name: string, iso: string) => {
  const [y, m, d] = iso.split('-');
  return { [`${name}-day`]: String(Number(d)), [`${name}-month`]: String(Number(m)), [`${name}-year`]: y! };
};

const meeting = () => ({
  level: '2',
  ...dateBoxes('heldOn', yearAgo),
  minutes: 'Synthetic minutes: plan reviewed.',
  ...dateBoxes('nextMeetingOn', `${Number(today.slice(0, 4)) + 1}-02-10`),
  'attendee-0-name': 'Pat Chair',
  'attendee-0-agency': agencyA,
  'attendee-0-role': 'Chair',
  'attendee-1-name': 'Lou Probation',
  'attendee-1-agency': agencyB,
  'action-0-description': 'Visit the home address',
  'action-0-owner': 'Lou Probation',
  'action-0-ownerAgency': agencyB,
  ...dateBoxes('action-0-dueOn', `${Number(today.slice(0, 4)) - 1}-02-01`),
});

const logged = (action: string) => t.database.db.selectFrom('audit_entry').selectAll().where('action', '=', action).orderBy('id', 'desc').execute();
const meetingsOf = (nominalId: string) => t.database.db.selectFrom('mappa_meeting').selectAll().where('nominal_id', '=', nominalId).execute();

async function post(agent: Agent, path: string, body: Record<string, string>, page = '/account') {
  const csrf = await csrfOf(agent, page);
  return agent.post(path).type('form').send({ _csrf: csrf, ...body });
}

beforeAll(async () => {
  t = await createTestApp({ demo: true });
  const orgs = await seedOrganisations(t);
  agencyA = orgs.agencyA;
  agencyB = orgs.agencyB;
  const third = await withTransaction(t.database, systemContext(t.clock.now()), (tx) => upsertUnit(tx.db, orgs.agencyA, 'U9', 'Unit A9'));
  ownerId = await createTestUser(t, { username: 'mappa.owner', unitId: orgs.unitA, demo: true });
  const colleagueId = await createTestUser(t, { username: 'mappa.colleague', unitId: orgs.unitA, demo: true });
  const strangerId = await createTestUser(t, { username: 'mappa.stranger', unitId: third, demo: true });
  const coordinatorId = await createTestUser(t, { username: 'mappa.coord', unitId: orgs.unitA, roles: ['mappa-coordinator'], demo: true });
  const otherOfficer = await createTestUser(t, { username: 'mappa.other', unitId: orgs.unitB, demo: true });
  for (const u of [ownerId, colleagueId, strangerId, coordinatorId, otherOfficer]) await grantClearance(t, u);
  [id, otherId] = await withTransaction(t.database, systemContext(t.clock.now()), async (tx) => {
    const base = { nominalType: 'rso' as const, dateOfBirth: '1980-01-01', gender: 'male' as const, identifiers: [] };
    const a = await insertNominal(tx.db, { ...base, reference: 'AGA-000101', familyName: 'Example', givenNames: 'Sam', owningUnitId: orgs.unitA, managingOfficerId: ownerId });
    const b = await insertNominal(tx.db, { ...base, reference: 'AGB-000102', familyName: 'Elsewhere', givenNames: 'Kit', owningUnitId: orgs.unitB, managingOfficerId: otherOfficer });
    const data = { category: '1', level: '1', leadAgency: 'police', screenedOn: '2024-01-10', reviewOn: '2024-07-10', reason: 'Synthetic: screened' };
    const [item] = await insertItems(tx.db, [{ nominalId: a, kind: 'mappa', sensitivity: 'standard', data, userId: ownerId, at: new Date('2024-01-10T10:00:00Z') }]);
    await updateItem(tx.db, { id: item!, expectedVersion: 1, sensitivity: 'standard', data: { ...data, level: '2', reason: 'Synthetic: raised to level 2' }, userId: colleagueId, at: new Date('2024-06-01T10:00:00Z') });
    await insertItems(tx.db, [{ nominalId: b, kind: 'mappa', sensitivity: 'standard', data, userId: otherOfficer, at: new Date('2024-01-10T10:00:00Z') }]);
    return [a, b];
  });
  owner = await signIn(t, 'mappa.owner');
  colleague = await signIn(t, 'mappa.colleague');
  stranger = await signIn(t, 'mappa.stranger');
  coordinator = await signIn(t, 'mappa.coord');
});
afterAll(() => t?.close());

describe('MAPPA meetings and history', () => {
  it('401: every page and action asks for sign-in', async () => {
    for (const path of [`/nominals/${id}/mappa`, `/nominals/${id}/mappa/meetings/new`, `/nominals/${id}/mappa/meetings/00000000-0000-4000-8000-000000000000`, '/mappa', '/mappa/report', '/mappa/report.csv']) {
      expect((await request(t.app).get(path)).status, path).toBe(401);
    }
  });

  it('400: says what to fix, keeps every answer, and saves nothing', async () => {
    const bad = { ...meeting(), 'attendee-0-name': '', 'attendee-0-agency': '', 'attendee-0-role': '', 'attendee-1-name': '', 'attendee-1-agency': '', ...dateBoxes('nextMeetingOn', yearAgo), 'action-0-dueOn-day': '31', 'action-0-dueOn-month': '2' };
    const res = await post(owner, `/nominals/${id}/mappa/meetings`, bad);
    expect(res.status).toBe(400);
    expect(res.text).toContain('Add at least one attendee: their name and agency');
    expect(res.text).toContain('The date of the next meeting must be after the date of this meeting');
    expect(res.text).toContain('Due date of action 1 must be a real date');
    expect(res.text).toContain('Visit the home address');
    expect(res.text).toContain('Synthetic minutes: plan reviewed.');
    expect(await meetingsOf(id)).toHaveLength(0);

    const half = await post(owner, `/nominals/${id}/mappa/meetings`, { ...meeting(), 'attendee-1-agency': '', 'action-0-owner': '' });
    expect(half.status).toBe(400);
    expect(half.text).toContain('Select the agency of attendee 2');
    expect(half.text).toContain('Enter the owner of action 1');

    const future = `${Number(today.slice(0, 4)) + 1}-01-05`;
    const early = await post(owner, `/nominals/${id}/mappa/meetings`, { ...meeting(), ...dateBoxes('heldOn', future) });
    expect(early.status).toBe(400);
    expect(early.text).toContain('Minutes can be recorded only once the meeting has taken place: check the date of the meeting');
    expect(await meetingsOf(id)).toHaveLength(0);
  });

  it('404: a user with no relationship to the record is told "not found", and the log keeps the reason', async () => {
    expect((await stranger.get(`/nominals/${id}/mappa`)).status).toBe(404);
    expect((await logged('mappa.record-viewed'))[0]).toMatchObject({ decision: 'denied', policy_ids: ['register.no-permit'], subject_id: id });
    expect((await post(stranger, `/nominals/${id}/mappa/meetings`, meeting())).status).toBe(404);
    expect((await logged('mappa.meeting-recorded'))[0]).toMatchObject({ decision: 'denied', subject_id: id });
    expect(await meetingsOf(id)).toHaveLength(0);
    expect((await owner.get(`/nominals/${id}/mappa/meetings/not-a-meeting`)).status).toBe(404);
    expect((await stranger.get(`/nominals/${id}/mappa/meetings/new`)).status).toBe(404);
    expect((await logged('mappa.meeting-form-viewed'))[0]).toMatchObject({ decision: 'denied', subject_id: id });
  });

  it('200: the meeting form offers the agencies to choose from, and its view is logged', async () => {
    const res = await owner.get(`/nominals/${id}/mappa/meetings/new`);
    expect(res.status).toBe(200);
    expect(res.text).toContain(`<option value="${agencyB}">Agency B Probation</option>`);
    expect(res.text.match(/data-testid="attendee-row"/g)).toHaveLength(8);
    expect((await logged('mappa.meeting-form-viewed'))[0]).toMatchObject({ kind: 'consultation', decision: 'allowed', subject_id: id });
  });

  it('200: the history page shows every version of the category and level, with who changed it and when', async () => {
    const res = await owner.get(`/nominals/${id}/mappa`);
    expect(res.status).toBe(200);
    const history = res.text.slice(res.text.indexOf('data-testid="mappa-history"'));
    expect(history).toContain('Test mappa.colleague');
    expect(history).toContain('Synthetic: raised to level 2');
    expect(history).toContain('Test mappa.owner');
    expect(history.indexOf('raised to level 2')).toBeLessThan(history.indexOf('Synthetic: screened'));
    expect((await logged('mappa.record-viewed'))[0]).toMatchObject({ kind: 'consultation', decision: 'allowed', subject_type: 'nominal', subject_id: id, purpose_code: 'mappa-meeting' });
  });

  it('screening is recorded on the MAPPA item itself: "not to be managed at level 2 or 3" must go with level 1', async () => {
    const screening = { category: '2', leadAgency: 'probation', ...dateBoxes('screenedOn', yearAgo), ...dateBoxes('reviewOn', today), reason: 'Synthetic: screened out', screening: 'not-level-2-3' };
    const wrong = await post(owner, `/nominals/${otherId}/items/mappa`, { ...screening, level: '2' });
    expect(wrong.status).toBe(404); // not their record
    const bad = await post(owner, `/nominals/${id}/items/mappa`, { ...screening, level: '2' });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('A case screened as not to be managed at level 2 or 3 is managed at level 1: choose level 1, or another outcome');
    const ok = await post(owner, `/nominals/${id}/items/mappa`, { ...screening, level: '1' });
    expect(ok.status).toBe(303);
    const page = await owner.get(`/nominals/${id}/mappa`);
    expect(page.text).toContain('Screened: not to be managed at level 2 or 3');
    // Put back as it was: one MAPPA item, for the lists below.
    const [added] = await t.database.db.selectFrom('nominal_item').select(['id']).where('nominal_id', '=', id).where('kind', '=', 'mappa').orderBy('created_at', 'desc').execute();
    expect((await post(owner, `/nominals/${id}/items/mappa/${added!.id}/remove`, { version: '1' })).status).toBe(303);
  });

  it('200: the owning unit records a meeting with attendees and an action; the log has a collection entry', async () => {
    const res = await post(owner, `/nominals/${id}/mappa/meetings`, meeting());
    expect(res.status).toBe(303);
    const [m] = await meetingsOf(id);
    expect(res.headers.location).toBe(`/nominals/${id}/mappa/meetings/${m!.id}`);
    expect(m).toMatchObject({ level: 2, held_on: yearAgo, version: 1 });
    const attendees = await t.database.db.selectFrom('mappa_meeting_attendee').selectAll().where('meeting_id', '=', m!.id).orderBy('position').execute();
    expect(attendees.map((a) => [a.name, a.agency_id, a.role])).toEqual([['Pat Chair', agencyA, 'Chair'], ['Lou Probation', agencyB, '']]);
    expect(await t.database.db.selectFrom('mappa_action').select(['description', 'owner_agency_id', 'done_on']).where('meeting_id', '=', m!.id).execute()).toEqual([{ description: 'Visit the home address', owner_agency_id: agencyB, done_on: null }]);
    expect((await logged('mappa.meeting-recorded'))[0]).toMatchObject({ kind: 'collection', decision: 'allowed', subject_id: id, purpose_code: 'mappa-meeting' });
    expect(await eventsOf(t, 'mappa.meeting-recorded')).toHaveLength(1);

    const page = await owner.get(res.headers.location!);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Meeting recorded');
    expect(page.text).toContain('value="Pat Chair"');
    expect((await logged('mappa.meeting-viewed'))[0]).toMatchObject({ kind: 'consultation', decision: 'allowed', subject_id: id });
    expect((await stranger.get(res.headers.location!)).status).toBe(404);
  });

  it('409: a stale edit is refused with who changed the meeting and when; nothing of it is saved', async () => {
    const [m] = await meetingsOf(id);
    const path = `/nominals/${id}/mappa/meetings/${m!.id}`;
    const first = await post(colleague, path, { ...meeting(), version: '1', ...dateBoxes('action-0-doneOn', today) }, path);
    expect(first.status).toBe(303);
    expect((await logged('mappa.meeting-changed'))[0]).toMatchObject({ kind: 'alteration', subject_id: id });
    const stale = await post(owner, path, { ...meeting(), version: '1', minutes: 'Stale minutes' }, path);
    expect(stale.status).toBe(303);
    expect(stale.headers.location).toBe(path);
    const shown = await owner.get(path);
    expect(shown.text).toMatch(/This meeting was changed by Test mappa.colleague at \d\d:\d\d on/);
    const [after] = await meetingsOf(id);
    expect(after).toMatchObject({ version: 2, minutes: 'Synthetic minutes: plan reviewed.' });
    expect((await post(owner, path, { ...meeting() }, path)).text).toContain('Reload the page and make your change again');
  });

  it('a change to a meeting: 400 keeps the answers and saves nothing; 404 for a user who may not see the record', async () => {
    const [m] = await meetingsOf(id);
    const path = `/nominals/${id}/mappa/meetings/${m!.id}`;
    const bad = await post(owner, path, { ...meeting(), version: String(m!.version), level: '4', minutes: 'Changed minutes' }, path);
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('Select the level of the meeting');
    expect(bad.text).toContain('Changed minutes');
    expect((await meetingsOf(id))[0]).toMatchObject({ version: m!.version, minutes: m!.minutes });
    expect((await post(stranger, path, { ...meeting(), version: String(m!.version) })).status).toBe(404);
    expect((await logged('mappa.meeting-changed'))[0]).toMatchObject({ decision: 'denied', subject_id: id });
    // Without a session a post is refused before it reaches the meeting (no CSRF token, no sign-in).
    expect([401, 403]).toContain((await request(t.app).post(path).type('form').send({ version: '1' })).status);
    expect((await meetingsOf(id))[0]).toMatchObject({ version: m!.version });
  });
});

describe("a co-ordinator's MAPPA work", () => {
  beforeAll(async () => {
    // An overdue action on a record the co-ordinator cannot read: it must not be listed.
    await withTransaction(t.database, systemContext(t.clock.now()), async (tx) => {
      const row = await tx.db.insertInto('mappa_meeting').values({ nominal_id: otherId, level: 3, held_on: yearAgo, minutes: '' }).returning('id').executeTakeFirstOrThrow();
      await tx.db.insertInto('mappa_meeting_attendee').values({ meeting_id: row.id, position: 0, name: 'Hidden Person', agency_id: agencyB }).execute();
      await tx.db.insertInto('mappa_action').values({ meeting_id: row.id, nominal_id: otherId, position: 0, description: 'Hidden action', owner_name: 'Hidden Owner', due_on: yearAgo }).execute();
    });
    // A second, still open action on the readable record.
    const [m] = await meetingsOf(id);
    await t.database.db.insertInto('mappa_action').values({ meeting_id: m!.id, nominal_id: id, position: 5, description: 'Open synthetic action', owner_name: 'Pat Chair', due_on: yearAgo }).execute();
  });

  it('403: a practitioner without the role is refused, and the refusal is logged', async () => {
    expect((await owner.get('/mappa')).status).toBe(403);
    expect((await logged('mappa.work-viewed'))[0]).toMatchObject({ decision: 'denied', subject_type: 'mappa-work', policy_ids: ['mappa.coordinator-role'] });
  });

  it('200: lists meetings, overdue actions and reviews due on the records they may read only', async () => {
    const res = await coordinator.get('/mappa');
    expect(res.status).toBe(200);
    expect(res.text).toContain('Open synthetic action');
    expect(res.text).not.toContain('Visit the home address'); // done
    expect(res.text).not.toContain('Hidden action');
    expect(res.text).not.toContain('AGB-000102');
    const upcoming = res.text.slice(res.text.indexOf('data-testid="upcoming-meetings"'), res.text.indexOf('data-testid="overdue-actions"'));
    expect(upcoming).toContain('AGA-000101');
    const reviews = res.text.slice(res.text.indexOf('data-testid="reviews-due"'));
    expect(reviews).toContain('AGA-000101');
    expect(reviews).toContain('Overdue');
    expect((await logged('mappa.work-viewed'))[0]).toMatchObject({ kind: 'consultation', decision: 'allowed', subject_type: 'mappa-work' });
  });
});
