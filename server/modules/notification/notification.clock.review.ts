/**
 * s.91A-91F: from when a person subject to notification indefinitely may apply for a review.
 * Pure; day numbers as in notification.clock.days.ts. The readings are in ADR 0014 (points 13 and 19).
 */
import { ageOn, isoOf, lastDayOf, type Day, type Run } from './notification.clock.days.ts';
import { periodEnd } from './notification.clock.period.ts';
import type { ClockResult, ClockWarning, Disposal, NotificationKind } from './notification.types.ts';

export interface ReviewFacts {
  /** The disposal that makes the period indefinite, with its relevant date; months null when indefinite. */
  governing: { disposal: Disposal; start: Day; months: number | null; dischargedOn: Day | null };
  /** The continuous period it falls in. */
  span: { start: Day; end: Day };
  /** Notifications in day order. */
  notices: readonly { kind: NotificationKind; day: Day }[];
  /** Time in custody or detained in hospital (not abroad): `to` null while it lasts. */
  detention: readonly { from: Day; to: Day | null }[];
  uncounted: Run[];
  refusals: readonly Day[];
  shpos: readonly Run[];
  birth: Day | null;
  asOf: Day;
}

/**
 * s.91B(2): the qualifying date is the day after the end of the 15 years (8 if under 18 on the
 * relevant date) beginning with the day the person gives **the relevant notification**: the first
 * notification after release from the custody or detention the indefinite disposal brought. A
 * person notified on bail before being imprisoned counts from the first notification after
 * release, not from that first one. s.91B(3): after a refusal, 8 years from the decision.
 * s.91A(2): no application while a sexual harm prevention order is in force.
 */
export function reviewOf(f: ReviewFacts): { review: ClockResult['review']; warning: ClockWarning | null } {
  const g = f.governing;
  if (g.months !== null || g.dischargedOn !== null) return { review: { eligibleFrom: null, blockedBy: 'not-indefinite' }, warning: null };
  const shpo = f.shpos.some((r) => f.asOf >= r.from && f.asOf <= r.to);
  const refused = f.refusals.filter((d) => d >= f.span.start).reduce<Day | undefined>((a, b) => (a === undefined || b > a ? b : a), undefined);
  if (refused !== undefined) {
    const eligible = periodEnd(refused, 96) + 1;
    return { review: { eligibleFrom: isoOf(eligible), blockedBy: shpo ? 'shpo' : f.asOf < eligible ? 'not-yet' : null }, warning: null };
  }
  // Every indefinite disposal is a custodial one (life, IPP, 30 months or more, hospital with a
  // restriction order): the custody or detention that began with it, or was already running on
  // the relevant date, is the one whose release counts. The earliest such spell is taken.
  let inside: { from: Day; to: Day | null } | undefined;
  for (const s of f.detention) {
    if (s.to !== null && s.to < g.start) continue;
    if (!inside || s.from < inside.from || (s.from === inside.from && (s.to ?? Infinity) < (inside.to ?? Infinity))) inside = s;
  }
  if (!inside) {
    const warning: ClockWarning = { code: 'custody-not-recorded', ids: [g.disposal.id], section: 's.91B(2)' };
    return { review: { eligibleFrom: null, blockedBy: 'custody-not-recorded' }, warning };
  }
  if (inside.to === null || inside.to > f.asOf) return { review: { eligibleFrom: null, blockedBy: 'not-released' }, warning: null };
  const release = inside.to;
  const relevant = f.notices.find((n) => n.day >= release && n.day <= f.span.end && (n.kind === 'initial' || n.kind === 'release'));
  // Not yet given: the years are counted from the last day it was due (the day of release + 2),
  // the earliest the date can be, and no application is taken until it is recorded.
  const from = relevant ? relevant.day : lastDayOf(release, 3, f.uncounted);
  const under18 = f.birth !== null && ageOn(f.birth, g.start) < 18;
  const eligible = periodEnd(from, under18 ? 96 : 180) + 1;
  const blockedBy = shpo ? 'shpo' : !relevant ? 'no-relevant-notification' : f.asOf < eligible ? 'not-yet' : null;
  return { review: { eligibleFrom: isoOf(eligible), blockedBy }, warning: null };
}
