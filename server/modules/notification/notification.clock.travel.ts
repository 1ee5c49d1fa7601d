/**
 * s.86 and the Travel Notification Requirements Regulations 2004 (SI 2004/1220, as amended by
 * SI 2012/1876): when foreign travel had to be notified, counted as the regulations count it,
 * and travel abroad that was never notified. Pure; the readings are in ADR 0014 (points 14 and 23).
 */
import { dayOf, type Day } from './notification.clock.days.ts';
import type { ClockConfig, ClockEvent, TravelCheck } from './notification.types.ts';

const HOURS = 3_600_000;
const DAY_MS = 86_400_000;

// UK calendar dates of instants, read from the time-zone database: the same instant is the same
// date in every process, so the clock stays deterministic. One formatter each, made once.
const ukDate = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' });
const ukHour = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hour: '2-digit', hourCycle: 'h23' });

/** The UK calendar day an instant falls on. */
export const ukDayOf = (ms: number): Day => dayOf(ukDate.format(ms));

/**
 * The instant a UK calendar day begins. At 00:00 UTC the UK is at 00:00 (GMT) or 01:00 (BST); the
 * clocks change at 01:00 UTC, so midnight is never the hour that is skipped or repeated.
 */
export const ukMidnight = (day: Day): number => day * DAY_MS - (ukHour.format(day * DAY_MS) === '01' ? HOURS : 0);

type Travel = Extract<ClockEvent, { type: 'travel' }>;

/** Whether travel to a destination is foreign travel to be notified (s.86(1): leaving the United Kingdom). */
function needsNotice(destination: Travel['destination'], config: ClockConfig): 'yes' | 'not-foreign' | 'not-required' {
  switch (destination) {
    case 'northern-ireland':
      return 'not-foreign';
    case 'republic-of-ireland':
      return config.irelandNotifiable ? 'yes' : 'not-required';
    case 'crown-dependency':
      return config.crownDependenciesNotifiable ? 'yes' : 'not-required';
    default:
      return 'yes';
  }
}

/**
 * The latest instant a trip could be notified. With the details known 7 days before: not less than
 * 7 days before the date of departure, so by the end of the day 7 days before that date. Otherwise:
 * not less than 12 hours before the date of departure, so by noon (UK time) the day before. With
 * `travelCounting` set to 'departure-time' (the first version's reading), both are counted back
 * from the time of departure instead.
 */
export function latestNotice(departureMs: number, detailsKnownEarlier: boolean, config: ClockConfig): number {
  if (config.travelCounting === 'departure-time') return departureMs - (detailsKnownEarlier ? config.travelLeadDays * 24 : config.travelShortNoticeHours) * HOURS;
  const date = ukDayOf(departureMs);
  return detailsKnownEarlier ? ukMidnight(date - config.travelLeadDays + 1) - 1 : ukMidnight(date) - config.travelShortNoticeHours * HOURS;
}

/** A departure abroad (the start of time abroad) with no notification of travel: the day it had to be notified by. */
export interface Unnotified {
  spellId: string;
  departure: Day;
  dueBy: Day;
}

/**
 * Every notified trip departing while the person was subject, checked; and every spell abroad
 * that began while subject with no trip notified as departing within a day of it (travel never
 * notified), due by the 7-day reading (nothing says the details were not known).
 */
export function checkTravel(
  travels: readonly Travel[],
  abroad: readonly { id: string; from: Day }[],
  subjectOn: (day: Day) => boolean,
  asOf: Day,
  config: ClockConfig,
): { checks: TravelCheck[]; unnotified: Unnotified[] } {
  const checks: TravelCheck[] = [];
  const departures: Day[] = [];
  for (const t of travels) {
    const departure = Date.parse(t.departure);
    // A trip with an unreadable time is left unchecked rather than stopping the daily job.
    if (!Number.isFinite(departure)) continue;
    const day = ukDayOf(departure);
    departures.push(day);
    if (!subjectOn(day)) continue;
    const needs = needsNotice(t.destination, config);
    if (needs !== 'yes') {
      checks.push({ eventId: t.id, requiredBy: null, compliant: true, rule: needs, counting: config.travelCounting });
      continue;
    }
    const requiredBy = latestNotice(departure, t.detailsKnownEarlier, config);
    checks.push({ eventId: t.id, requiredBy: new Date(requiredBy).toISOString(), compliant: Date.parse(t.notifiedAt) <= requiredBy, rule: t.detailsKnownEarlier ? 'seven-days' : 'short-notice', counting: config.travelCounting });
  }
  const unnotified: Unnotified[] = [];
  for (const s of abroad) {
    if (s.from > asOf || !subjectOn(s.from) || departures.some((d) => Math.abs(d - s.from) <= 1)) continue;
    unnotified.push({ spellId: s.id, departure: s.from, dueBy: s.from - config.travelLeadDays });
  }
  return { checks, unnotified };
}
