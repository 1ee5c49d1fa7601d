/**
 * The life of a vetting application, as the vetting code of practice describes it, and the only
 * moves between its states. Pure: every operation asks `nextState` before it changes anything,
 * so an action out of order is refused with the reason, whoever asks and however.
 */
export const APPLICATION_STATES = [
  'sponsored', // a manager asked for vetting, for a stated need; the applicant is invited
  'in-progress', // the applicant has started the form (saves and resumes)
  'submitted', // waiting for a vetting officer
  'returned', // returned once for information, with the list of what is missing
  'checks', // a vetting officer has taken the case and is recording checks
  'refusal-proposed', // an officer proposes refusal; a second officer must agree (four eyes)
  'granted',
  'granted-with-conditions',
  'refused',
  'discontinued', // e.g. the applicant is under investigation
  'withdrawn', // by the applicant or the sponsor, before a decision
  'appealed', // a refusal under appeal
  'appeal-allowed', // the refusal was overturned: clearance follows
  'appeal-dismissed',
] as const;
export type ApplicationState = (typeof APPLICATION_STATES)[number];

export const APPLICATION_EVENTS = [
  'start', // the applicant opens the form for the first time
  'submit',
  'return-for-information',
  'resubmit',
  'take-case', // a vetting officer starts checks
  'grant',
  'grant-with-conditions',
  'propose-refusal',
  'agree-refusal', // the second officer agrees
  'reject-refusal', // the second officer does not agree: back to checks
  'discontinue',
  'withdraw',
  'lodge-appeal',
  'allow-appeal',
  'dismiss-appeal',
] as const;
export type ApplicationEvent = (typeof APPLICATION_EVENTS)[number];

const DECIDED: ApplicationState[] = ['granted', 'granted-with-conditions', 'refused', 'discontinued', 'appeal-allowed', 'appeal-dismissed'];

/** From each state, the events allowed and where they lead. Anything else is refused. */
const MOVES: Record<ApplicationState, Partial<Record<ApplicationEvent, ApplicationState>>> = {
  sponsored: { start: 'in-progress', withdraw: 'withdrawn' },
  'in-progress': { submit: 'submitted', withdraw: 'withdrawn' },
  submitted: { 'take-case': 'checks', 'return-for-information': 'returned', withdraw: 'withdrawn' },
  returned: { resubmit: 'submitted', withdraw: 'withdrawn' },
  checks: { grant: 'granted', 'grant-with-conditions': 'granted-with-conditions', 'propose-refusal': 'refusal-proposed', discontinue: 'discontinued', withdraw: 'withdrawn' },
  'refusal-proposed': { 'agree-refusal': 'refused', 'reject-refusal': 'checks', withdraw: 'withdrawn' },
  granted: {},
  'granted-with-conditions': {},
  refused: { 'lodge-appeal': 'appealed' },
  discontinued: {},
  withdrawn: {},
  appealed: { 'allow-appeal': 'appeal-allowed', 'dismiss-appeal': 'appeal-dismissed' },
  'appeal-allowed': {},
  'appeal-dismissed': {},
};

/** Why an event cannot happen in a state, in words for the person who tried. */
const REASONS: Partial<Record<ApplicationEvent, string>> = {
  submit: 'Only an application being filled in can be submitted.',
  'return-for-information': 'An application can be returned for information once, and only after it is submitted and before checks start.',
  resubmit: 'Only an application returned for information can be sent back.',
  'take-case': 'Only a submitted application can be taken for checks.',
  grant: 'A decision can only be made once the case is in checks.',
  'grant-with-conditions': 'A decision can only be made once the case is in checks.',
  'propose-refusal': 'Refusal can only be proposed once the case is in checks.',
  'agree-refusal': 'There is no proposed refusal to agree with.',
  'reject-refusal': 'There is no proposed refusal to reject.',
  discontinue: 'Only a case in checks can be discontinued.',
  withdraw: 'An application that has been decided cannot be withdrawn.',
  'lodge-appeal': 'Only a refusal can be appealed.',
  'allow-appeal': 'There is no appeal waiting for a decision.',
  'dismiss-appeal': 'There is no appeal waiting for a decision.',
  start: 'The form has already been started.',
};

export type Move = { ok: true; to: ApplicationState } | { ok: false; reason: string };

/** What the table alone cannot know: whether the application was returned before (it may be, once). */
export interface MoveContext {
  returnedBefore?: boolean;
}

export function nextState(from: ApplicationState, event: ApplicationEvent, context: MoveContext = {}): Move {
  if (event === 'return-for-information' && context.returnedBefore) {
    return { ok: false, reason: 'This application has already been returned for information once. Decide it on what you have, or discontinue it with a reason.' };
  }
  const to = MOVES[from][event];
  if (to) return { ok: true, to };
  return { ok: false, reason: REASONS[event] ?? 'That cannot be done at this stage of the application.' };
}

export const isDecided = (state: ApplicationState) => DECIDED.includes(state);

/** Every (state, event) pair the table allows: for the test that refuses all the others. */
export const allowedMoves = (): [ApplicationState, ApplicationEvent, ApplicationState][] =>
  APPLICATION_STATES.flatMap((s) => Object.entries(MOVES[s]).map(([e, to]) => [s, e as ApplicationEvent, to as ApplicationState] as [ApplicationState, ApplicationEvent, ApplicationState]));

/** How the states read to people. */
export const STATE_NAMES: Record<ApplicationState, string> = {
  sponsored: 'Invited',
  'in-progress': 'In progress',
  submitted: 'Submitted',
  returned: 'Returned for information',
  checks: 'Checks',
  'refusal-proposed': 'Refusal proposed',
  granted: 'Granted',
  'granted-with-conditions': 'Granted with conditions',
  refused: 'Refused',
  discontinued: 'Discontinued',
  withdrawn: 'Withdrawn',
  appealed: 'Under appeal',
  'appeal-allowed': 'Appeal allowed',
  'appeal-dismissed': 'Appeal dismissed',
};
