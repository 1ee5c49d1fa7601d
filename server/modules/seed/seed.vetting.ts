import type { Faker } from '@faker-js/faker';
import type { Tx } from '../../db/transaction.ts';
import { PREFER_NOT, QUESTIONS } from '../equality/equality.questions.ts';
import { clearanceExpiry, DEFAULT_CLEARANCE_YEARS } from '../vetting/vetting.clearance.ts';
import { DEFAULT_CRITERIA, REASON_CODES } from '../vetting/vetting.criteria.ts';
import { CURRENT_FORM_VERSION } from '../vetting/vetting.form.definition.ts';
import { anyApplication } from '../vetting/vetting.repository.ts';
import { nextState, type ApplicationEvent, type ApplicationState } from '../vetting/vetting.states.ts';
import { fastUuid } from './seed.faker.ts';
import { insertVettingBatch, reserveVettingReferences, type VettingBatch } from './seed.vetting.repository.ts';
import { REGISTER_UNITS, type World } from './seed.world.ts';

const DAY = 86_400_000;
export const DEMO_APPLICATIONS = 300;

/** The moves from a new application to each state, in order (each checked against the state machine). */
const TO_CHECKS: ApplicationEvent[] = ['start', 'submit', 'take-case'];
const REFUSE: ApplicationEvent[] = [...TO_CHECKS, 'propose-refusal', 'agree-refusal'];
const PATHS: Record<ApplicationState, ApplicationEvent[]> = {
  sponsored: [],
  'in-progress': ['start'],
  submitted: ['start', 'submit'],
  returned: ['start', 'submit', 'return-for-information'],
  checks: TO_CHECKS,
  'refusal-proposed': [...TO_CHECKS, 'propose-refusal'],
  granted: [...TO_CHECKS, 'grant'],
  'granted-with-conditions': [...TO_CHECKS, 'grant-with-conditions'],
  refused: REFUSE,
  discontinued: [...TO_CHECKS, 'discontinue'],
  withdrawn: ['start', 'withdraw'],
  appealed: [...REFUSE, 'lodge-appeal'],
  'appeal-allowed': [...REFUSE, 'lodge-appeal', 'allow-appeal'],
  'appeal-dismissed': [...REFUSE, 'lodge-appeal', 'dismiss-appeal'],
};
const WEIGHTS: Record<ApplicationState, number> = {
  sponsored: 12, 'in-progress': 20, submitted: 15, returned: 6, checks: 20, 'refusal-proposed': 5, granted: 110, 'granted-with-conditions': 25,
  refused: 35, discontinued: 8, withdrawn: 14, appealed: 6, 'appeal-allowed': 8, 'appeal-dismissed': 16,
};
const GRANTS: ApplicationState[] = ['granted', 'granted-with-conditions', 'appeal-allowed'];
const DECIDING: Partial<Record<ApplicationEvent, 'granted' | 'granted-with-conditions' | 'refused' | 'discontinued'>> = { grant: 'granted', 'grant-with-conditions': 'granted-with-conditions', 'agree-refusal': 'refused', discontinue: 'discontinued' };
const CONDITIONS = 'Invented: no access to restricted records';

/** Equality answers as people give them: most answer, some prefer not to say to a question. */
function equalityRow(faker: Faker, applicationId: string, at: Date) {
  const pick = (key: string) => (faker.number.float() < 0.08 ? PREFER_NOT : faker.helpers.arrayElement(QUESTIONS.find((q) => q.key === key)!.choices).value);
  return { application_id: applicationId, ethnicity: pick('ethnicity'), sex: pick('sex'), gender_same_as_birth: pick('genderSameAsBirth'), age_band: pick('ageBand'), disability: pick('disability'), religion: pick('religion'), religion_other: '', sexual_orientation: pick('sexualOrientation'), recorded_at: at, updated_at: at };
}

/**
 * About 300 invented vetting applications, one applicant each (new demo staff in the register
 * units), across every state with its history of moves, answers, decisions with reason codes,
 * appeal windows, a few overrides, clearances (some expiring within the reminder window) and
 * equality answers for most (some "prefer not to say", some objections): the data outcome
 * monitoring reads. Skipped when any application exists.
 */
export async function seedVettingDemo(tx: Tx, world: World, faker: Faker, o: { passwordHash: string; now: Date; count?: number }): Promise<number> {
  if (await anyApplication(tx.db)) return 0;
  const id = (username: string) => world.userIds.get(username)!;
  const sponsors = [id('police.manager'), id('probation.manager')];
  const officers = [id('vetting.officer'), id('vetting.second')];
  // Overrides are the vetting authority's authoriser's to make, never a manager's.
  const overrideAuthoriser = id('vetting.authoriser');
  const units = REGISTER_UNITS.map((k) => world.units.get(k)!.id);
  const count = o.count ?? DEMO_APPLICATIONS;
  const references = await reserveVettingReferences(tx.db, count);
  const b: VettingBatch = { users: [], roles: [], applications: [], events: [], answers: [], decisions: [], appeals: [], overrides: [], clearances: [], equality: [], objections: [] };
  const targets = (Object.keys(WEIGHTS) as ApplicationState[]).map((state) => ({ value: state, weight: WEIGHTS[state] }));

  for (let i = 0; i < count; i++) {
    const target = faker.helpers.weightedArrayElement(targets);
    const level = faker.number.float() < 0.2 ? 'NPPV3' : 'NPPV2';
    const [given, family] = [faker.person.firstName(), faker.person.lastName()];
    const username = `vetting.applicant.${String(i + 1).padStart(3, '0')}`;
    const applicant = fastUuid(faker);
    b.users.push({ id: applicant, username, display_name: `${given} ${family}`, email: `${username}@example.org`, unit_id: faker.helpers.arrayElement(units), password_hash: o.passwordHash, password_change_required: false, is_demo: true });
    b.roles.push({ user_id: applicant, role: 'practitioner', granted_by: null });
    const [sponsor, authoriser] = faker.datatype.boolean() ? sponsors : [sponsors[1]!, sponsors[0]!];
    const [officer, second] = faker.datatype.boolean() ? officers : [officers[1]!, officers[0]!];
    const appId = fastUuid(faker);
    const formVersion = CURRENT_FORM_VERSION[level];
    // Started between three years and a fortnight ago; each move a few days after the last.
    const invited = new Date(o.now.getTime() - faker.number.int({ min: 14, max: 3 * 365 }) * DAY);
    let at = invited;
    let state: ApplicationState = 'sponsored';
    const app = { id: appId, reference: references[i]!, applicant_user_id: applicant, sponsor_user_id: sponsor!, level, need: 'Invented: manages MAPPA cases that need the register', state, form_version: formVersion, invited_at: invited, form_due_at: new Date(invited.getTime() + 20 * DAY), created_at: invited, updated_at: invited, updated_by: sponsor!, version: 1 } as VettingBatch['applications'][number] & Record<string, unknown>;
    for (const event of PATHS[target]) {
      at = new Date(Math.min(at.getTime() + faker.number.int({ min: 1, max: 12 }) * DAY, o.now.getTime() - DAY));
      const move = nextState(state, event, { returnedBefore: false });
      if (!move.ok) throw new Error(`demo path for ${target} is not a legal move: ${move.reason}`);
      const actor = ['start', 'submit', 'lodge-appeal'].includes(event) ? applicant : event === 'agree-refusal' ? second! : officer!;
      b.events.push({ application_id: appId, event, from_state: state, to_state: move.to, actor_user_id: actor, reason: '', at });
      if (event === 'start') b.answers.push({ application_id: appId, section: 'personal', answers: JSON.stringify({ familyName: family, givenNames: given, placeOfBirth: faker.location.city() }), form_version: formVersion, version: 1, updated_at: at, updated_by: applicant });
      if (event === 'submit') app.submitted_at = at;
      if (event === 'take-case') app.case_officer_id = officer!;
      if (event === 'return-for-information') Object.assign(app, { returned_at: at, return_items: JSON.stringify(['Invented: the dates of your previous address']) });
      const outcome = DECIDING[event];
      if (outcome) {
        app.decided_at = at;
        const reasons = outcome === 'refused' ? faker.helpers.arrayElements([...REASON_CODES], { min: 1, max: 2 }) : [];
        b.decisions.push({ application_id: appId, outcome, status: outcome === 'refused' ? 'agreed' : 'final', criteria_version: DEFAULT_CRITERIA.version, factors: JSON.stringify([]), two_stage: null, reason_codes: JSON.stringify(reasons), disclosable: JSON.stringify(reasons.filter((r) => r !== 'adverse-information')), rationale: 'Invented rationale for the demo.', conditions: outcome === 'granted-with-conditions' ? CONDITIONS : '', decided_by: officer!, decided_at: at, ...(outcome === 'refused' ? { second_officer_id: second!, second_at: at, second_reason: 'Invented: agreed.' } : {}) });
      }
      if (event === 'lodge-appeal') b.appeals.push({ application_id: appId, subject: 'refusal', state: target === 'appealed' ? 'lodged' : target === 'appeal-allowed' ? 'allowed' : 'dismissed', decision_at: app.decided_at as Date, due_at: new Date((app.decided_at as Date).getTime() + 14 * DAY), grounds: 'Invented grounds of appeal.', lodged_at: at, ...(target === 'appealed' ? {} : { decided_by: authoriser!, decided_at: new Date(at.getTime() + DAY), reasons: 'Invented written reasons.' }) });
      state = move.to;
    }
    Object.assign(app, { state, version: PATHS[target].length + 1, updated_at: at });
    b.applications.push(app);
    if (GRANTS.includes(state)) {
      // Some clearances are close to expiry, so the reminders and renewal have someone to show.
      const expiresAt = faker.number.float() < 0.1 ? new Date(o.now.getTime() + faker.number.int({ min: 5, max: 40 }) * DAY) : clearanceExpiry(at, DEFAULT_CLEARANCE_YEARS[level]);
      if (expiresAt > at) b.clearances.push({ user_id: applicant, level, granted_at: at, expires_at: expiresAt, recorded_by: officer!, source: 'vetting', application_id: appId, conditions: state === 'granted-with-conditions' ? CONDITIONS : '' });
    }
    if (state === 'appeal-dismissed' && faker.number.float() < 0.3) {
      const reviewOn = new Date(o.now.getTime() + 180 * DAY);
      b.overrides.push({ application_id: appId, authoriser_user_id: overrideAuthoriser, risk_assessment: 'Invented: low risk with supervised access', conditions: 'Invented: supervised access only', review_on: reviewOn.toISOString().slice(0, 10), clearance_expires_at: reviewOn, decided_at: at });
      b.clearances.push({ user_id: applicant, level, granted_at: at, expires_at: reviewOn, recorded_by: overrideAuthoriser, source: 'vetting', application_id: appId, conditions: 'Invented: supervised access only' });
    }
    if (state !== 'sponsored') {
      const r = faker.number.float();
      if (r < 0.04) b.objections.push({ user_id: applicant, objected_at: at });
      else if (r < 0.9) b.equality.push(equalityRow(faker, appId, at));
    }
  }
  await insertVettingBatch(tx.db, b);
  return count;
}
