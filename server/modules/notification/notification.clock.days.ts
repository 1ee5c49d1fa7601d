/**
 * Date arithmetic for the notification clock on integer day numbers (days since 1970-01-01),
 * so the daily job can run the clock for the whole register without a Date object per step.
 * Calendar conversions follow Howard Hinnant's civil-date algorithms (proleptic Gregorian). Also the
 * counting of periods of days with time in custody, hospital or abroad disregarded (ADR 0014).
 */
import type { IsoDate } from './notification.types.ts';

export type Day = number;

/** Inclusive run of days. */
export interface Run {
  from: Day;
  to: Day;
}

/** A day later than any real date: the end of an indefinite period. */
export const NEVER: Day = Number.MAX_SAFE_INTEGER;

export function dayFromYmd(year: number, month: number, day: number): Day {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = month > 2 ? month - 3 : month + 9;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** 'YYYY-MM-DD' (anything after the tenth character is ignored) to a day number. */
// A module-level helper, not a closure per call: the loader names every closure it creates
// (Object.defineProperty per call), which cost more than the parsing in the daily recompute.
const digit = (iso: string, i: number) => iso.charCodeAt(i) - 48;

export function dayOf(iso: IsoDate): Day {
  const year = digit(iso, 0) * 1000 + digit(iso, 1) * 100 + digit(iso, 2) * 10 + digit(iso, 3);
  const month = digit(iso, 5) * 10 + digit(iso, 6);
  const day = digit(iso, 8) * 10 + digit(iso, 9);
  return dayFromYmd(year, month, day);
}

export function ymdOf(dayNumber: Day): [number, number, number] {
  const z = dayNumber + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return [year, month, day];
}

const pad2 = (n: number) => (n < 10 ? '0' : '') + n;

function format(dayNumber: Day): IsoDate {
  const [year, month, day] = ymdOf(dayNumber);
  return `${String(year).padStart(4, '0')}-${pad2(month)}-${pad2(day)}`;
}

// Days from 1970 to 2243 are formatted once and remembered: the daily job formats the same few
// thousand dates millions of times. A cache of a pure function keeps the clock deterministic.
const CACHED_DAYS = 100_000;
const isoCache: string[] = new Array<string>(CACHED_DAYS).fill('');
const yearCache = new Int32Array(CACHED_DAYS);

export function isoOf(dayNumber: Day): IsoDate {
  if (dayNumber >= 0 && dayNumber < CACHED_DAYS) {
    const hit = isoCache[dayNumber] as string;
    if (hit !== '') return hit;
    return (isoCache[dayNumber] = format(dayNumber));
  }
  return format(dayNumber);
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/**
 * The date `months` later with the same day of the month or, when that month is too short
 * (29 February in a common year, 31 April), its last day: one year from 29 February 2024 is
 * 28 February 2025, never 1 March, so a deadline is never shown a day later than the law's.
 * `clamped` says the corresponding date did not exist.
 */
export function addMonths(from: Day, months: number): { day: Day; clamped: boolean } {
  const [y, m, d] = ymdOf(from);
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = index - year * 12 + 1;
  const last = daysInMonth(year, month);
  return d > last ? { day: dayFromYmd(year, month, last), clamped: true } : { day: dayFromYmd(year, month, d), clamped: false };
}

/** Whole years of age on a day; someone born on 29 February turns a year older on 1 March in a common year. */
export function ageOn(birth: Day, on: Day): number {
  const [by, bm, bd] = ymdOf(birth);
  const [y, m, d] = ymdOf(on);
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

/** The same date a year later, 28 February for 29 February (addMonths by 12, remembered). */
export function yearOn(from: Day): Day {
  if (from >= 0 && from < CACHED_DAYS) {
    const hit = yearCache[from] as number;
    if (hit !== 0) return hit;
    return (yearCache[from] = addMonths(from, 12).day);
  }
  return addMonths(from, 12).day;
}

/** Merge runs (sorted by start) that overlap or touch. */
export function merge(runs: Run[]): Run[] {
  runs.sort((a, b) => a.from - b.from || a.to - b.to);
  const out: Run[] = [];
  for (const run of runs) {
    const last = out[out.length - 1];
    if (last && run.from <= last.to + 1) {
      if (run.to > last.to) last.to = run.to;
    } else out.push({ from: run.from, to: run.to });
  }
  return out;
}

/**
 * The last day of the period of `days` days beginning with `start`, days inside uncounted runs
 * disregarded (custody, hospital, abroad: s.83(6), applied to every s.84(1) period by s.84(5)).
 * `start` is the first day when it counts; when it is inside a run, the first day after the run is.
 * Disregarding only ever moves the day later.
 */
export function lastDayOf(start: Day, days: number, uncounted: Run[]): Day {
  let cur = start - 1;
  let remaining = days;
  for (const run of uncounted) {
    if (run.to <= cur) continue;
    if (run.from > cur + remaining) break;
    if (run.from - 1 > cur) remaining -= run.from - 1 - cur;
    cur = run.to;
  }
  return cur + remaining;
}

/**
 * s.85(3)-(4): a periodic window is not lengthened by time inside; but where its last day falls
 * while the person is inside, it runs on to the end of the period of 3 days beginning with the day
 * they come out (the release day + 2). A spell that starts and ends inside the window changes nothing.
 */
export function periodicEnd(end: Day, uncounted: Run[]): Day {
  for (const run of uncounted) {
    if (run.from > end) break;
    // run.to is the last day wholly inside: out on run.to + 1, which is the first of the 3 days.
    if (run.to >= end) return run.to + 1 + 2;
  }
  return end;
}
