/**
 * s.84(2)-(4): changes notified before they happen. Pure; day numbers as in
 * notification.clock.days.ts. The readings are in ADR 0014 (point 20).
 */
import type { Day } from './notification.clock.days.ts';
import type { NotificationKind } from './notification.types.ts';

/** A notification given before the change, with the date the person said it is expected (s.84(2)). */
export interface Advance {
  id: string;
  kind: NotificationKind;
  day: Day;
  expected: Day;
}

export interface ChangeDay {
  id: string;
  kind: string;
  day: Day;
}

export interface AdvanceReading {
  /** Changes an advance notification stands for: nothing more is owed for them. */
  covered: Set<string>;
  /** Advance notifications that stand: each counts as a notification under s.84(1) from the day given. */
  stood: Advance[];
  /** Advance notifications whose change had not happened by the third day beginning with the date given (s.84(4)). */
  unfulfilled: Advance[];
}

/**
 * s.84(2)-(3): an advance notification stands for a change of its kind that happens after it was
 * given and no more than 2 days before or after the date given (the "3 days beginning with" that
 * date, and the 2 days before it). A change more than 2 days early is owed as if nothing had been
 * notified (s.84(3)). s.84(4): where the change has not happened by the end of the 3 days
 * beginning with the date given, the notification does not count for it, and the person must
 * notify that it did not happen.
 */
export function readAdvance(advance: readonly Advance[], changes: readonly ChangeDay[]): AdvanceReading {
  const covered = new Set<string>();
  const stood: Advance[] = [];
  const unfulfilled: Advance[] = [];
  for (const a of advance) {
    let stands = false;
    let happened = false;
    for (const c of changes) {
      if (c.kind !== a.kind || c.day < a.day || c.day > a.expected + 2) continue;
      happened = true;
      if (c.day >= a.expected - 2) {
        stands = true;
        covered.add(c.id);
      }
    }
    if (stands) stood.push(a);
    else if (!happened) unfulfilled.push(a);
  }
  return { covered, stood, unfulfilled };
}

/** A stay at premises other than the home address; `to` is the last day stayed (today while it lasts). */
export interface Stay {
  id: string;
  premises: string;
  from: Day;
  to: Day;
}

/** The day a qualifying period at one premises was reached, and the stay it was reached in. */
export interface Qualifying {
  stayId: string;
  day: Day;
}

/** Stays at the same premises are added up, however the address was typed: case, spaces and punctuation aside. */
export const premisesKey = (premises: string): string =>
  premises
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();

/**
 * s.84(1)(c) and (6): a qualifying period is 7 days at one premises, or two or more stays there
 * adding up to 7 days within any 12 months. Every calendar day of a stay counts, the first and
 * the last (the earlier reading of when the 7 days are reached). Only days from `from` (the start
 * of the period of notification) count. One qualifying day per premises: once reached, the
 * address is what must be notified, and a later stay there adds no new duty.
 */
export function qualifyingStays(stays: readonly Stay[], from: Day, yearBefore: (day: Day) => Day): Qualifying[] {
  const byPremises = new Map<string, Stay[]>();
  for (const s of stays) {
    const key = premisesKey(s.premises);
    const list = byPremises.get(key);
    if (list) list.push(s);
    else byPremises.set(key, [s]);
  }
  const out: Qualifying[] = [];
  for (const list of byPremises.values()) {
    const days = new Set<Day>();
    for (const s of list) for (let d = Math.max(s.from, from); d <= s.to; d++) days.add(d);
    const sorted = [...days].sort((a, b) => a - b);
    // The earliest day on which the days stayed within the 12 months ending that day reach 7.
    let lo = 0;
    for (let hi = 0; hi < sorted.length; hi++) {
      const day = sorted[hi]!;
      while (sorted[lo]! <= yearBefore(day)) lo++;
      if (hi - lo + 1 < QUALIFYING_DAYS) continue;
      const stay = list.filter((s) => day >= s.from && day <= s.to).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))[0]!;
      out.push({ stayId: stay.id, day });
      break;
    }
  }
  return out;
}

/** s.84(6)(a): "a period of 7 days". */
const QUALIFYING_DAYS = 7;
