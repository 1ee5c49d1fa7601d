import { sql } from 'kysely';
import type { Services } from '../app.ts';
import type { Database } from '../db/database.ts';
import { NAMED_USERS } from '../modules/seed/seed.world.ts';
import { systemContext, type RequestContext } from '../shared/context.ts';

/**
 * Real things of the demo world that the walk fills path parameters with, found with SQL after the
 * world is seeded. A few the demo world does not hold (a transfer, a relative's link, an API client,
 * checks) are made through the app's own operations, acting as the people who would make them.
 */

export interface Person {
  id: string;
  username: string;
  agencyCode: string;
  roles: string[];
}

export interface Samples {
  people: Map<string, Person>;
  /** A generated (unnamed) account in Northmoor Police: what administrators open and change. */
  account: Person;
  /** Records managed by police.officer, each holding what some routes need. */
  nominal: { id: string; version: number };
  photo: { nominalId: string; itemId: string; kind: string; fileId: string };
  alias: { nominalId: string; nameId: string };
  period: { nominalId: string; eventId: string } | undefined;
  fact: { nominalId: string; factId: string } | undefined;
  /** A custodial term, whose "how it runs" the officer may still record. */
  term: { nominalId: string; disposalId: string } | undefined;
  /** Another of police.officer's records, by reference, for merge previews. */
  other: { id: string; reference: string };
  meeting: { nominalId: string; meetingId: string } | undefined;
  transfer: { id: string; nominalId: string };
  /** An application at checks, case officer vetting.officer, whose applicant is vetting.second (an officer's own). */
  ownCase: { id: string; applicantId: string; formVersion: string; section: string };
  check: { subject: string; kind: string } | undefined;
  refused: { id: string; applicantId: string };
  granted: { id: string; applicantId: string };
  appeal: { id: string; applicantId: string } | undefined;
  override: { id: string; applicantId: string } | undefined;
  relativeToken: string | undefined;
  /** An API client acting as police.officer: an administrator's page opens it, and the walk's bearer token is another's. */
  apiClient: { id: string; agencyCode: string; actingUserId: string };
  bearerToken: string;
}

const one = <T>(rows: T[]): T | undefined => rows[0];

export async function actorContext(services: Services, userId: string): Promise<RequestContext> {
  const actor = await services.signIn.resolveActor(userId);
  if (!actor) throw new Error(`No active account ${userId}`);
  return { ...systemContext(), system: false, actor };
}

export async function findSamples(database: Database, services: Services): Promise<Samples> {
  const db = database.db;
  const peopleRows = await sql<Person>`
    select u.id, u.username, a.code as "agencyCode", coalesce(array_agg(r.role::text) filter (where r.role is not null), '{}') as roles
    from app_user u join unit n on n.id = u.unit_id join agency a on a.id = n.agency_id left join user_role r on r.user_id = u.id
    group by u.id, a.code`.execute(db);
  const people = new Map(peopleRows.rows.map((p) => [p.username, p]));
  const named = new Set(NAMED_USERS.map((u) => u.username));
  const idOf = (username: string) => people.get(username)?.id ?? '';
  const account = peopleRows.rows.find((p) => p.agencyCode === 'NPF' && !named.has(p.username) && !p.username.startsWith('vetting.') && p.roles.includes('practitioner'))!;

  const officer = idOf('police.officer');
  const managed = (extra: string) => sql.raw(`n.managing_officer_id = '${officer}' and n.status = 'active' and ${extra}`);
  const photo = one((await sql<{ nominalId: string; itemId: string; kind: string; fileId: string }>`
    select n.id as "nominalId", i.id as "itemId", i.kind, i.data ->> 'fileId' as "fileId" from nominal n join nominal_item i on i.nominal_id = n.id
    where ${managed("i.kind = 'photo' and i.removed_at is null")} order by n.reference limit 1`.execute(db)).rows)!;
  const alias = one((await sql<{ nominalId: string; nameId: string }>`
    select n.id as "nominalId", a.id as "nameId" from nominal n join nominal_name a on a.nominal_id = n.id
    where ${managed("a.name_type <> 'primary'")} order by n.reference limit 1`.execute(db)).rows)!;
  const period = one((await sql<{ nominalId: string; eventId: string }>`
    select n.id as "nominalId", e.id as "eventId" from nominal n join notification_event e on e.nominal_id = n.id
    where ${managed("e.type in ('spell', 'no-fixed-address', 'shpo') and e.to_date is null and e.removed_at is null")} order by n.reference limit 1`.execute(db)).rows);
  const fact = one((await sql<{ nominalId: string; factId: string }>`
    select n.id as "nominalId", d.id as "factId" from nominal n join notification_disposal d on d.nominal_id = n.id
    where ${managed('d.removed_at is null')} order by n.reference limit 1`.execute(db)).rows);
  const term = one((await sql<{ nominalId: string; disposalId: string }>`
    select n.id as "nominalId", d.id as "disposalId" from nominal n join notification_disposal d on d.nominal_id = n.id
    where ${managed("d.removed_at is null and d.kind = 'imprisonment'")} order by n.reference limit 1`.execute(db)).rows);
  const meeting = one((await sql<{ nominalId: string; meetingId: string }>`
    select n.id as "nominalId", m.id as "meetingId" from nominal n join mappa_meeting m on m.nominal_id = n.id
    where ${managed('true')} order by n.reference limit 1`.execute(db)).rows);
  const nominal = (await db.selectFrom('nominal').select(['id', 'version']).where('id', '=', photo.nominalId).executeTakeFirstOrThrow());

  const other = (await sql<{ id: string; reference: string }>`
    select n.id, n.reference from nominal n where ${managed('true')} and n.id <> ${photo.nominalId} order by n.reference limit 1`.execute(db)).rows[0]!;

  // A record of police.officer's that no other sample uses, to be transferred to probation.
  const moving = (await sql<{ id: string; version: number }>`
    select n.id, n.version from nominal n where ${managed('true')} and n.id not in (${sql.join([photo.nominalId, alias.nominalId, period?.nominalId ?? photo.nominalId, fact?.nominalId ?? photo.nominalId, meeting?.nominalId ?? photo.nominalId])})
    order by n.reference desc limit 1`.execute(db)).rows[0]!;
  const pdu = (await sql<{ id: string }>`select n.id from unit n join agency a on a.id = n.agency_id where a.code = 'PNE' and n.code = 'PDU-A'`.execute(db)).rows[0]!;
  await services.transfers.requestTransfer(await actorContext(services, officer), moving.id, { toUnitId: pdu.id, reason: 'Moving to the probation area for work', version: moving.version });
  const transfer = (await db.selectFrom('nominal_transfer').select(['id', 'nominal_id as nominalId']).where('nominal_id', '=', moving.id).executeTakeFirstOrThrow());

  // The officer's own application: one at checks becomes vetting.second's, as if they had applied.
  const caseRow = (await sql<{ id: string; formVersion: string }>`
    select id, form_version as "formVersion" from vetting_application where state = 'checks' and case_officer_id = ${idOf('vetting.officer')} order by reference limit 1`.execute(db)).rows[0]!;
  await db.updateTable('vetting_application').set({ applicant_user_id: idOf('vetting.second') }).where('id', '=', caseRow.id).execute();
  const ownCase = { id: caseRow.id, applicantId: idOf('vetting.second'), formVersion: caseRow.formVersion, section: 'personal' };
  await services.vettingChecks.runAllChecks(await actorContext(services, idOf('vetting.officer')), ownCase.id).catch(() => undefined);
  const check = one((await sql<{ subject: string; kind: string }>`select subject_key as subject, kind from vetting_check where application_id = ${ownCase.id} order by id limit 1`.execute(db)).rows);

  const application = async (state: string) => (await sql<{ id: string; applicantId: string }>`
    select id, applicant_user_id as "applicantId" from vetting_application where state = ${state} order by reference limit 1`.execute(db)).rows[0]!;
  const appeal = one((await sql<{ id: string; applicantId: string }>`
    select p.id, a.applicant_user_id as "applicantId" from vetting_appeal p join vetting_application a on a.id = p.application_id where p.state = 'lodged' order by a.reference limit 1`.execute(db)).rows);
  // The panel member hears it, so their part (the hearer's view) is walked too.
  if (appeal) await db.updateTable('vetting_appeal').set({ hearer_user_id: idOf('appeal.panel') }).where('id', '=', appeal.id).execute();
  const override = one((await sql<{ id: string; applicantId: string }>`
    select o.id, a.applicant_user_id as "applicantId" from vetting_override o join vetting_application a on a.id = o.application_id order by a.reference limit 1`.execute(db)).rows);

  // A relative's link, made by an applicant still filling in the form.
  const filling = await application('in-progress');
  const link = await services.vettingRelatives.createLink(await actorContext(services, filling.applicantId), filling.id, { relationship: 'parent' }).catch(() => undefined);

  const client = await services.apiClients.createClient(systemContext(), { name: 'walk-page-client', scopes: ['register:read'], days: 30, actingUsername: 'police.officer' });
  const bearer = await services.apiClients.createClient(systemContext(), { name: 'walk-bearer-client', scopes: ['register:read', 'register:write'], days: 30, actingUsername: 'police.officer' });

  return {
    people, account, nominal, photo, alias, period, fact, term, other, meeting, transfer, ownCase, check,
    refused: await application('refused'), granted: await application('granted'), appeal, override,
    relativeToken: link?.token,
    apiClient: { id: client.id, agencyCode: 'NPF', actingUserId: officer },
    bearerToken: bearer.token,
  };
}

/** An id no row has: for parameters the demo world holds nothing for (the page is then "not found" for everyone). */
export const NOTHING = '0a0a0a0a-0a0a-4a0a-8a0a-0a0a0a0a0a0a';
