import { NOTHING, type Samples } from './routes.fixtures.ts';
import { patternMatches, type Route } from './routes.table.ts';

/**
 * Who may open what: the route table's access expectations, read from each module's service
 * authorisation. A walker the rule allows MAY get 2xx/3xx (the record's own rules, such as Cedar's,
 * can still say "not found"); a walker it does not allow MUST be refused (401, 403 or 404), and
 * nobody may ever get a 500.
 *
 * Every route the app has must match a row of EXPECTATIONS (the first that matches wins), and every
 * route with path parameters a row of SUBJECTS: a new route fails the walk until it is given both.
 * Rows marked "closes hole" state the intended rule where the code did not yet keep it: they are
 * expected to fail until that code lands, and must not be weakened to pass.
 */

/** Who walks: anonymous (no userId), a named demo account (by session), or an API client (by bearer token). */
export interface Walker {
  name: string;
  userId: string | null;
  agencyCode: string | null;
  roles: readonly string[];
  bearer?: string;
}

/** What a route's parameters point at, and whose it is, for rules that depend on it. */
export interface Subject {
  params: Record<string, string>;
  /** A query string some routes need before they answer at all. */
  query?: string;
  /** Whose it is: the vetting applicant of an application, appeal or override; the user an API client acts as. */
  ownerId?: string;
  /** The agency of the account or API client an administrator opens. */
  agencyCode?: string;
}

export type Allow = (w: Walker, x: Subject) => boolean;

const session = (w: Walker) => !!w.userId && !w.bearer;
const anyone: Allow = () => true;
const signedIn: Allow = (w) => session(w);
const roles = (...names: string[]): Allow => (w) => session(w) && names.some((r) => w.roles.includes(r));
const and = (...rules: Allow[]): Allow => (w, x) => rules.every((r) => r(w, x));
const or = (...rules: Allow[]): Allow => (w, x) => rules.some((r) => r(w, x));
const owner: Allow = (w, x) => session(w) && w.userId === x.ownerId;
const notOwner: Allow = (w, x) => w.userId !== x.ownerId;
const sameAgency: Allow = (w, x) => !!w.agencyCode && w.agencyCode === x.agencyCode;
const bearer: Allow = (w) => !!w.bearer;

/** Register records: Cedar decides on clearance, unit and partners; only practitioners and managers hold clearance in the demo world. */
const REGISTER = roles('practitioner', 'manager');
/** An agency's administrator for the agency's own accounts; a national administrator for any agency. */
const ACCOUNT_ADMIN = or(roles('national-administrator'), and(roles('administrator'), sameAgency));
const OFFICER = and(roles('vetting-officer'), notOwner);

export const EXPECTATIONS: [pattern: string, allow: Allow][] = [
  // Open to everyone: assets, health, signing in and out, the public pages, and relatives' links (a relative has no account).
  ['GET /stylesheets/**', anyone],
  ['GET /javascripts/**', anyone],
  ['GET /health', anyone],
  ['/sign-in/**', anyone],
  ['POST /sign-out', anyone],
  ['GET /signed-out', anyone],
  ['GET /privacy', anyone],
  ['GET /accessibility', anyone],
  ['GET /cookies', anyone],
  ['GET /vetting/privacy-notice/:formVersion', anyone],
  ['GET /vetting/relative-sent', anyone],
  ['/vetting/relative/:token', anyone],
  ['GET /api/v1/openapi.json', anyone],

  // One's own: home, messages, account, one's own vetting, clearance and data.
  ['GET /', signedIn],
  ['/messages/**', signedIn],
  ['/account/api-clients/:id/**', owner],
  ['/account/**', signedIn],
  ['GET /vetting', signedIn],
  ['/vetting/clearance/**', signedIn],
  ['GET|POST /vetting/aftercare', signedIn],
  ['GET /vetting/my-data', signedIn],
  ['GET /vetting/my-data.json', signedIn],

  // Accounts and API clients.
  // Never one's own roles. The walk's account is nobody's own: the test at the end of the walk posts one's own, and national roles.
  ['POST /admin/users/:id/roles', and(ACCOUNT_ADMIN, (w, x) => w.userId !== x.params.id)],
  ['/admin/users/:id/**', ACCOUNT_ADMIN],
  ['/admin/api-clients/:id/**', ACCOUNT_ADMIN],
  ['/admin/**', roles('administrator', 'national-administrator')],

  // The access log, equality monitoring and MAPPA figures.
  ['/audit/**', roles('data-protection-officer')],
  ['/api/audit/**', roles('data-protection-officer')],
  ['/equality/**', roles('equality-lead')],
  ['GET /mappa/report', roles('mappa-coordinator', 'manager', 'data-protection-officer')],
  ['GET /mappa/report.csv', roles('mappa-coordinator', 'manager', 'data-protection-officer')],
  ['GET /mappa', roles('mappa-coordinator', 'manager')],

  // The register. The lists and blank forms open for anyone signed in and show nothing without clearance.
  ['GET /nominals', signedIn],
  ['GET /nominals/new', signedIn],
  ['GET /nominals/break-glass', signedIn],
  ['GET /nominals/caseload', signedIn],
  ['GET /nominals/unit', signedIn],
  ['GET /transfers', signedIn],
  ['/notifications/**', signedIn],
  ['/nominals/**', REGISTER],
  ['/transfers/:id/**', REGISTER],
  ['/api/v1/**', bearer],

  // Vetting.
  ['/vetting/unit', roles('manager')],
  ['/vetting/sponsor', roles('manager')],
  ['/vetting/applications/:id/restriction/**', and(roles('vetting-officer', 'data-protection-officer'), notOwner)],
  ['/vetting/applications/:id/**', owner],
  ['/vetting/casework/:id/override', and(roles('vetting-authoriser'), notOwner)], // closes hole (issue 12): vetting authorisers only, not managers
  ['/vetting/casework/**', OFFICER], // closes hole (issue 12): never on one's own application (its relatives' page let an officer in)
  ['/vetting/overrides/**', and(roles('vetting-officer', 'vetting-authoriser'), notOwner)], // closes hole (issue 12): managers read named overrides
  ['GET /vetting/overrides.csv', roles('vetting-officer', 'vetting-authoriser')], // closes hole (issue 12): managers read named overrides
  ['GET /vetting/appeals/:id/files/:fileId', or(owner, and(roles('vetting-officer', 'appeal-panel-member'), notOwner))],
  ['/vetting/appeals/**', and(roles('vetting-officer', 'appeal-panel-member'), notOwner)],
  ['/vetting/aftercare/**', OFFICER],
  ['/vetting/renewal/**', owner],
];

const own = (s: Samples, params: Record<string, string> = {}): Subject => ({ params: { id: s.ownCase.id, ...params }, ownerId: s.ownCase.applicantId });
const nominal = (s: Samples, params: Record<string, string> = {}): Subject => ({ params: { id: s.nominal.id, ...params } });

/** The real things each route's parameters are filled with (first match wins). */
export const SUBJECTS: [pattern: string, subject: (s: Samples) => Subject][] = [
  ['/admin/users/:id/**', (s) => ({ params: { id: s.account.id }, agencyCode: s.account.agencyCode })],
  ['/admin/api-clients/:id/**', (s) => ({ params: { id: s.apiClient.id }, agencyCode: s.apiClient.agencyCode })],
  ['/account/api-clients/:id/**', (s) => ({ params: { id: s.apiClient.id }, ownerId: s.apiClient.actingUserId })],
  ['/nominals/:id/notification/periods/:eventId/**', (s) => ({ params: { id: s.period?.nominalId ?? s.nominal.id, eventId: s.period?.eventId ?? NOTHING } })],
  ['/nominals/:id/notification/disposals/:disposalId/**', (s) => ({ params: { id: s.term?.nominalId ?? s.nominal.id, disposalId: s.term?.disposalId ?? NOTHING } })],
  ['/nominals/:id/notification/facts/:factId/**', (s) => ({ params: { id: s.fact?.nominalId ?? s.nominal.id, factId: s.fact?.factId ?? NOTHING } })],
  ['/nominals/:id/notification/record/:form', (s) => nominal(s, { form: 'disposal' })],
  ['/nominals/:id/notification/reviews/:reviewId/**', (s) => nominal(s, { reviewId: NOTHING, step: 'acknowledge' })],
  ['/nominals/:id/mappa/meetings/:meetingId', (s) => ({ params: { id: s.meeting?.nominalId ?? s.nominal.id, meetingId: s.meeting?.meetingId ?? NOTHING } })],
  ['/nominals/:id/items/:kind/:itemId/**', (s) => ({ params: { id: s.photo.nominalId, kind: s.photo.kind, itemId: s.photo.itemId } })],
  // An unknown kind of item (hole 9) is walked as the random UUID and junk values of :kind.
  ['/nominals/:id/items/:kind/**', (s) => nominal(s, { kind: 'vehicle' })],
  ['/nominals/:id/files/:fileId', (s) => ({ params: { id: s.photo.nominalId, fileId: s.photo.fileId } })],
  ['/nominals/:id/names/:nameId/**', (s) => ({ params: { id: s.alias.nominalId, nameId: s.alias.nameId } })],
  ['/nominals/:id/section/:section', (s) => nominal(s, { section: 'identity' })],
  ['/nominals/:id/access/:change', (s) => nominal(s, { change: 'add-exclusion' })],
  ['/nominals/:id/**', (s) => nominal(s)],
  ['/transfers/:id/**', (s) => ({ params: { id: s.transfer.id } })],
  ['/api/v1/nominals/:id/items/:itemId', (s) => ({ params: { id: s.photo.nominalId, itemId: s.photo.itemId } })],
  ['/api/v1/nominals/:id/files/:fileId', (s) => ({ params: { id: s.photo.nominalId, fileId: s.photo.fileId } })],
  ['GET /api/v1/nominals/:id/items', (s) => ({ ...nominal(s), query: 'kind=photo' })],
  ['GET /api/v1/nominals/:id/merge', (s) => ({ ...nominal(s), query: `with=${s.other.reference}` })],
  ['/api/v1/nominals/:id/**', (s) => nominal(s)],
  ['/api/v1/transfers/:transferId/**', (s) => ({ params: { transferId: s.transfer.id } })],
  ['GET /api/audit/proof/inclusion', () => ({ params: {}, query: 'index=0&size=1' })],
  ['GET /api/audit/proof/consistency', () => ({ params: {}, query: 'from=1&to=1' })],
  ['/vetting/privacy-notice/:formVersion', (s) => ({ params: { formVersion: s.ownCase.formVersion } })],
  ['/vetting/relative/:token', (s) => ({ params: { token: s.relativeToken ?? 'no-link-was-made' } })],
  ['/vetting/applications/:id/sections/:section', (s) => own(s, { section: s.ownCase.section })],
  ['/vetting/applications/:id/**', (s) => own(s)],
  ['/vetting/casework/:id/checks/:subject/:kind', (s) => own(s, { subject: s.check?.subject ?? 'applicant', kind: s.check?.kind ?? 'pnc' })],
  ['/vetting/casework/:id/files/:fileId', (s) => own(s, { fileId: NOTHING })],
  ['/vetting/casework/:id/override', (s) => ({ params: { id: s.refused.id }, ownerId: s.refused.applicantId })],
  ['/vetting/casework/:id/appeal-window', (s) => ({ params: { id: s.refused.id }, ownerId: s.refused.applicantId })],
  ['/vetting/casework/:id/withdraw-clearance', (s) => ({ params: { id: s.granted.id }, ownerId: s.granted.applicantId })],
  ['/vetting/casework/:id/**', (s) => own(s)],
  ['/vetting/appeals/:id/files/:fileId', (s) => ({ params: { id: s.appeal?.id ?? NOTHING, fileId: NOTHING }, ownerId: s.appeal?.applicantId })],
  ['/vetting/appeals/:id/**', (s) => ({ params: { id: s.appeal?.id ?? NOTHING }, ownerId: s.appeal?.applicantId })],
  ['/vetting/overrides/:id/**', (s) => ({ params: { id: s.override?.id ?? NOTHING }, ownerId: s.override?.applicantId })],
  ['/vetting/aftercare/reports/:id', () => ({ params: { id: NOTHING } })],
  ['/vetting/aftercare/tasks/:id', () => ({ params: { id: NOTHING } })],
  ['/vetting/renewal/:id/**', () => ({ params: { id: NOTHING, section: 'personal' } })],
];

/** GET routes nobody can open in the demo world, with why; every other GET route must be opened by someone. */
export const UNREACHED: Record<string, string> = {
  'GET /vetting/appeals/:id/files/:fileId': 'no appeal in the demo world has a file',
  'GET /vetting/casework/:id/files/:fileId': 'no check in the demo world has a file',
  'GET /vetting/aftercare/reports/:id': 'the demo world holds no aftercare report',
  'GET /vetting/aftercare/tasks/:id': 'the demo world holds no review task',
  'GET /vetting/renewal/:id': 'the demo world holds no renewal',
  'GET /nominals/:id/notification/reviews/:reviewId': 'the demo world holds no notification review',
};

export function expectationFor(route: Route): Allow | undefined {
  return EXPECTATIONS.find(([p]) => patternMatches(p, route))?.[1];
}

export function subjectFor(route: Route, s: Samples): Subject | undefined {
  const row = SUBJECTS.find(([p]) => patternMatches(p, route));
  if (!row && !route.params.length) return { params: {} };
  return row ? row[1](s) : undefined;
}
