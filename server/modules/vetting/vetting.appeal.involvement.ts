import type { Tx } from '../../db/transaction.ts';
import { forbidden } from '../../errors.ts';
import { Refusal } from '../register/register.editing.ts';
import { involvement, type Part } from './vetting.appeal.repository.ts';

/** What each kind of involvement is called, strongest first: the message names the first that applies. */
const PARTS: [Part, string][] = [
  ['applicant', 'they are the applicant'],
  ['decider', 'they made the decision'],
  ['withdrew', 'they withdrew the clearance'],
  ['second-officer', 'they were the second officer who answered the proposed refusal'],
  ['case-officer', 'they were the case officer'],
  ['sponsor', 'they sponsored the application'],
  ['hearer', 'they heard an appeal on it'],
  ['acted', 'they took part in the case'],
];

/** Why someone had a part in the case, or undefined if they had none. `ignore` leaves out parts that do not count here. */
export async function priorInvolvement(tx: Tx, applicationId: string, userId: string, ignore: Part[] = []): Promise<string | undefined> {
  const parts = new Set((await involvement(tx.db, applicationId)).filter((r) => r.user_id === userId).map((r) => r.part));
  return PARTS.find(([p]) => parts.has(p) && !ignore.includes(p))?.[1];
}

/**
 * Refuses a person with a part in the case (403), naming why, and logs the refusal. The
 * independence of hearers and override authorisers is enforced here and nowhere else.
 */
export async function requireIndependent(tx: Tx, o: { applicationId: string; userId: string; name: string; doing: string; action: string; policy: string; ignore?: Part[] }): Promise<void> {
  const why = await priorInvolvement(tx, o.applicationId, o.userId, o.ignore);
  if (!why) return;
  const who = o.userId === tx.ctx.actor?.userId ? 'You' : o.name;
  const because = who === 'You' ? why.replace(/^they (are|were|made|sponsored|heard|took|withdrew)/, (_m, v: string) => `you ${v === 'are' ? 'are' : v === 'were' ? 'were' : v}`) : why;
  throw new Refusal(forbidden(`${who} cannot ${o.doing}: ${because}. It must be someone with no prior involvement in the case.`), {
    kind: 'consultation',
    action: o.action,
    subjectType: 'vetting-application',
    subjectId: o.applicationId,
    purposeCode: 'vetting',
    decision: 'denied',
    policyIds: [o.policy],
  });
}
