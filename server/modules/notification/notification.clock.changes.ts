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
