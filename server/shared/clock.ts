/**
 * The one place product code learns the time. Operations read `ctx.now`, which the request context
 * takes from the app's clock; jobs, commands and seeding take a clock too. Tests give the app a
 * clock they set, so nothing depends on the hour the suite happens to run at (ADR 0028).
 */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock a test sets. It moves on with real time from where it was set, so readings still differ and increase. */
export interface TestClock extends Clock {
  set(at: Date | string): void;
  advance(ms: number): void;
}

export function testClock(at: Date | string): TestClock {
  let offset = 0;
  const set = (when: Date | string) => {
    offset = new Date(when).getTime() - Date.now();
  };
  set(at);
  return {
    now: () => new Date(Date.now() + offset),
    set,
    advance(ms: number) {
      offset += ms;
    },
  };
}

/** A clock that always reads the same instant. */
export function fixedClock(at: Date | string): Clock {
  const ms = new Date(at).getTime();
  return { now: () => new Date(ms) };
}

const LONDON_DAY = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' });

/** The day in the UK at `now`, as 'YYYY-MM-DD' (Europe/London, so BST and GMT both count). */
export function ukToday(now: Date): string {
  const parts = Object.fromEntries(LONDON_DAY.formatToParts(now).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day}`;
}

/**
 * A calendar day `days` after `iso` ('YYYY-MM-DD'). Counted on the calendar, not in 24-hour steps
 * from an instant, which would land on the wrong day near midnight when the clocks change between.
 */
export function addDays(iso: string, days: number): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/**
 * Midday in the UK on a UK day: as far from either midnight as a day allows, so that a test clock
 * set here reads the same UK day after whole days are added or taken away in 24-hour steps.
 * The clocks change at 01:00 UTC, never near midday, so the offset at noon UTC is the day's.
 */
export function ukMidday(iso: string): Date {
  const noonUtc = new Date(`${iso}T12:00:00Z`);
  const londonHour = Number(new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hour: '2-digit', hourCycle: 'h23' }).format(noonUtc));
  return new Date(noonUtc.getTime() - (londonHour - 12) * 3_600_000);
}
