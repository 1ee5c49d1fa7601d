import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTransaction } from '../../db/transaction.ts';
import { systemContext, type Role } from '../../shared/context.ts';
import { createTestApp, createTestUser, csrfOf, eventsOf, seedOrganisations, signIn, type Agent, type TestApp } from '../../testing/test-app.ts';
import * as org from '../identity/identity.organisation.repository.ts';
import { insertNominal } from './register.repository.ts';

let t: TestApp;
let orgs: Awaited<ReturnType<typeof seedOrganisations>>;
let third: string;
const ids: Record<string, string> = {};
const agents: Record<string, Agent> = {};
let id: string;

const logged = (action: string) => t.database.db.selectFrom('audit_entry').selectAll().where('action', '=', action).orderBy('id', 'desc').execute();

async function change(agent: Agent, what: string, body: Record<string, string>) {
  const csrf = await csrfOf(agent, '/account');
  return agent.post(`/nominals/${id}/access/${what}`).type('form').send({ _csrf: csrf, ...body });
}

beforeAll(async () => {
  t = await createTestApp({ demo: true });
  orgs = await seedOrganisations(t);
  third = await withTransaction(t.database, systemContext(t.clock.now()), (tx) => org.upsertUnit(tx.db, orgs.agencyA, 'U9', 'Unit A9'));
  const people: [string, string, Role[]][] = [
    ['owner', orgs.unitA, ['practitioner']],
    ['colleague', orgs.unitA, ['practitioner']],
    ['partner', orgs.unitB, ['practitioner']],
    ['stranger', third, ['practitioner']],
  ];
  for (const [name, unitId, roles] of people) {
    ids[name] = await createTestUser(t, { username: `sh.${name}`, unitId, roles, demo: true });
    await withTransaction(t.database, systemContext(t.clock.now()), (tx) =>
      tx.db.insertInto('clearance').values({ user_id: ids[name]!, level: 'NPPV3', granted_at: new Date(t.clock.now().getTime() - 86_400_000), expires_at: new Date(t.clock.now().getTime() + 300 * 86_400_000) }).execute(),
    );
    agents[name] = await signIn(t, `sh.${name}`);
  }
  id = await withTransaction(t.database, systemContext(t.clock.now()), (tx) =>
    insertNominal(tx.db, { reference: 'AGA-000777', nominalType: 'pdp', familyName: 'Sharewell', givenNames: 'Test', dateOfBirth: null, gender: 'female', owningUnitId: orgs.unitA, managingOfficerId: ids.owner!, identifiers: [] }),
  );
});
afterAll(() => t?.close());

describe('the record\'s access page', () => {
  it('401 without a session', async () => {
    expect((await request(t.app).get(`/nominals/${id}/access`)).status).toBe(401);
  });

  it('404: a stranger, and a partner who may read but not manage access, get "not found"; logged with the reason', async () => {
    expect((await agents.stranger!.get(`/nominals/${id}/access`)).status).toBe(404);
    expect((await logged('register.access-viewed'))[0]).toMatchObject({ decision: 'denied', policy_ids: ['register.no-permit'] });
    await withTransaction(t.database, systemContext(t.clock.now()), (tx) => tx.db.insertInto('nominal_relationship').values({ nominal_id: id, unit_id: orgs.unitB, role: 'partner' }).execute());
    expect((await agents.partner!.get(`/nominals/${id}/access`)).status).toBe(404);
    const denied = await change(agents.partner!, 'add-exclusion', { excludeUsername: 'sh.colleague', excludeMessage: 'x' });
    expect(denied.status).toBe(404);
    expect((await logged('register.add-exclusion-refused'))[0]).toMatchObject({ kind: 'alteration', decision: 'denied', policy_ids: ['register.no-permit'] });
  });

  it('200: the owning unit sees partners, exclusions and restrictions, and the view is logged', async () => {
    const res = await agents.owner!.get(`/nominals/${id}/access`);
    expect(res.status).toBe(200);
    expect(res.text).toContain('Who may see this record');
    expect(res.text).toContain('Unit B1, Agency B Probation');
    expect((await logged('register.access-viewed'))[0]).toMatchObject({ decision: 'allowed', policy_ids: ['register.manage-access'], subject_id: id });
    expect((await agents.owner!.get(`/nominals/${id}`)).text).toContain(`href="/nominals/${id}/access"`);
  });
});

describe('partner units', () => {
  it('400: says what to fix, and changes nothing', async () => {
    const res = await change(agents.owner!, 'add-partner', { partnerUnit: '', partnerRole: '' });
    expect(res.status).toBe(400);
    expect(res.text).toContain('Select the unit to add as a partner');
    expect(res.text).toContain('Select the partner unit&#39;s role');
    const owning = await change(agents.owner!, 'add-partner', { partnerUnit: orgs.unitA, partnerRole: 'partner' });
    expect(owning.text).toContain('That is the owning unit, which already has full access');
    const twice = await change(agents.owner!, 'add-partner', { partnerUnit: orgs.unitB, partnerRole: 'view-only' });
    expect(twice.text).toContain('Unit B1 is already a partner (Partner): change its role in the table instead');
    expect(await eventsOf(t, 'register.partner-added')).toHaveLength(0);
  });

  it('303: adds, changes the role of, and removes a partner unit, each an alteration in the log', async () => {
    const added = await change(agents.owner!, 'add-partner', { partnerUnit: third, partnerRole: 'supervisor' });
    expect(added.status).toBe(303);
    expect(added.headers.location).toBe(`/nominals/${id}/access`);
    expect((await logged('register.partner-added'))[0]).toMatchObject({ kind: 'alteration', subject_id: id, actor_user_id: ids.owner, policy_ids: ['register.manage-access'] });
    expect((await agents.stranger!.get(`/nominals/${id}`)).status).toBe(200);

    const changed = await change(agents.owner!, 'change-partner-role', { unitId: third, currentRole: 'supervisor', role: 'view-only' });
    expect(changed.status).toBe(303);
    expect((await logged('register.partner-role-changed'))[0]).toMatchObject({ kind: 'alteration' });
    // A second form opened before that change is refused, not applied over it.
    const stale = await change(agents.owner!, 'change-partner-role', { unitId: third, currentRole: 'supervisor', role: 'partner' });
    expect(stale.status).toBe(409);
    expect(stale.text).toContain('Someone changed this unit&#39;s role to view only after you opened this page');

    const removed = await change(agents.owner!, 'remove-partner', { unitId: third });
    expect(removed.status).toBe(303);
    expect((await logged('register.partner-removed'))[0]).toMatchObject({ kind: 'alteration' });
    expect((await agents.stranger!.get(`/nominals/${id}`)).status).toBe(404);
  });
});

describe('exclusions and restrictions', () => {
  it('400: an exclusion needs a known username and a message; the managing officer cannot be excluded', async () => {
    const empty = await change(agents.owner!, 'add-exclusion', { excludeUsername: '', excludeMessage: '' });
    expect(empty.status).toBe(400);
    expect(empty.text).toContain('Enter the username of the person');
    expect(empty.text).toContain('Enter a message saying why this person must not see the record');
    const unknown = await change(agents.owner!, 'add-exclusion', { excludeUsername: 'nobody.here', excludeMessage: 'Conflict' });
    expect(unknown.text).toContain('No user has that username: check it and try again');
    const manager = await change(agents.owner!, 'add-exclusion', { excludeUsername: 'sh.owner', excludeMessage: 'Conflict' });
    expect(manager.status).toBe(400);
    expect(manager.text).toContain('You cannot exclude Test sh.owner: they are the record&#39;s managing officer.');
  });

  it('303: an excluded colleague gets "not found"; the message is shown to the people managing access', async () => {
    const res = await change(agents.owner!, 'add-exclusion', { excludeUsername: 'SH.Colleague', excludeMessage: 'Lives next door to the subject' });
    expect(res.status).toBe(303);
    expect((await logged('register.exclusion-added'))[0]).toMatchObject({ kind: 'alteration', subject_id: id });
    const page = await agents.colleague!.get(`/nominals/${id}`);
    expect(page.status).toBe(404);
    expect(page.text).not.toContain('Lives next door');
    const accessPage = (await agents.owner!.get(`/nominals/${id}/access`)).text;
    expect(accessPage).toContain('Lives next door to the subject');
    // The remove buttons are rendered by a macro: they carry the CSRF token too.
    expect(accessPage).toMatch(/access\/remove-exclusion" novalidate>\s*<input type="hidden" name="_csrf" value="[^"]{16,}">/);
    expect((await change(agents.owner!, 'remove-exclusion', { userId: ids.colleague! })).status).toBe(303);
    expect((await agents.colleague!.get(`/nominals/${id}`)).status).toBe(200);
    expect((await logged('register.exclusion-removed'))[0]).toMatchObject({ kind: 'alteration' });
  });

  it('400: a restriction must list the managing officer first', async () => {
    const res = await change(agents.owner!, 'add-restriction', { restrictUsername: 'sh.colleague', restrictMessage: 'Witness protection case' });
    expect(res.status).toBe(400);
    expect(res.text).toContain('Add the managing officer, Test sh.owner (sh.owner), to the restriction list first');
    expect(await eventsOf(t, 'register.restriction-added')).toHaveLength(0);
  });

  it('303: restricted to the managing officer and one colleague, the partner unit loses sight of it', async () => {
    expect((await change(agents.owner!, 'add-restriction', { restrictUsername: 'sh.owner', restrictMessage: 'Witness protection case' })).status).toBe(303);
    expect((await change(agents.owner!, 'add-restriction', { restrictUsername: 'sh.colleague', restrictMessage: 'Second officer on the case' })).status).toBe(303);
    expect((await agents.partner!.get(`/nominals/${id}`)).status).toBe(404);
    expect((await agents.colleague!.get(`/nominals/${id}`)).status).toBe(200);
    const lift = await change(agents.owner!, 'remove-restriction', { userId: ids.owner! });
    expect(lift.status).toBe(400);
    expect(lift.text).toContain('The managing officer must stay on the restriction list while anyone else is on it');
    expect((await change(agents.owner!, 'remove-restriction', { userId: ids.colleague! })).status).toBe(303);
    expect((await change(agents.owner!, 'remove-restriction', { userId: ids.owner! })).status).toBe(303);
    expect((await agents.partner!.get(`/nominals/${id}`)).status).toBe(200);
    expect(await eventsOf(t, 'register.restriction-removed')).toHaveLength(2);
  });

  it('303: someone who restricts a record to others is told plainly that they can no longer see it', async () => {
    const res = await change(agents.colleague!, 'add-restriction', { restrictUsername: 'sh.owner', restrictMessage: 'Only the managing officer' });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/nominals/caseload');
    expect((await agents.colleague!.get('/nominals/caseload')).text).toContain('you are not one of them: you can no longer see it');
    expect((await agents.colleague!.get(`/nominals/${id}`)).status).toBe(404);
    expect((await agents.owner!.get(`/nominals/${id}`)).status).toBe(200);
  });
});
