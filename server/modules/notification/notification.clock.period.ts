/**
 * s.82: the notification period each disposal gives, with the terms of imprisonment imposed for
 * Schedule 3 offences added together where the Act says so (s.82(3)-(4)), and what the officer
 * should complete where a fact the period depends on is missing. Pure; day numbers as in
 * notification.clock.days.ts. The readings are in ADR 0014 (points 6, 15 and 16).
 */
import { addMonths, dayOf, type Day } from './notification.clock.days.ts';
import type { AggregateTerm, ClockWarning, Disposal, WarningCode } from './notification.types.ts';

/** A custodial term as the court gave it: whole months and days (a week is 7 days). */
export interface TermLength {
  months: number;
  days: number;
}

/** The term each fixed-term disposal is read as (its own, or the aggregate), null when none is recorded. */
export interface TermReading {
  terms: Map<string, TermLength | null>;
  /** For disposals whose term was added to others: the aggregate they share. */
  aggregates: Map<string, AggregateTerm>;
  warnings: ClockWarning[];
}

/**
 * An absolute discharge is not a conviction for Part 2 (s.134 keeps only conditional discharges;
 * Sentencing Act 2020 s.82), and an offence not listed in Schedule 3 makes no one subject (s.80).
 */
export const notifiable = (d: Disposal): boolean => d.kind !== 'absolute-discharge' && d.schedule3 !== false;

/** The day a term was imposed: the occasion whose terms may be added together. */
export const occasionOf = (d: Disposal): string => d.sentencedOn ?? d.relevantDate;

const ownTerm = (d: Disposal): TermLength | null =>
  d.sentenceMonths === undefined && d.sentenceDays === undefined ? null : { months: d.sentenceMonths ?? 0, days: d.sentenceDays ?? 0 };

/** The last day of a term of `t` beginning with `from`, as a day count from `from` (calendar months). */
const lengthInDays = (t: TermLength, from: Day): number => addMonths(from, t.months).day + t.days - from;

/**
 * How a term compares with `months` calendar months beginning with the day it was imposed: below 0
 * shorter, 0 the same, above 0 longer. A term in months is compared in months; one with days is
 * set against the calendar from that day (28 weeks is more than 6 months from any day).
 */
export function compareTerm(t: TermLength, months: number, from: Day): number {
  if (t.days === 0) return t.months - months;
  return lengthInDays(t, from) - (addMonths(from, months).day - from);
}

// s.82(2): the fixed figures are halved for someone under 18 on the relevant date; halving in
// months keeps odd years exact (7 years: 42 months).
const fixed = (months: number, under18: boolean) => (under18 ? months / 2 : months);

/**
 * s.82(1) table: the period in months for one notifiable disposal, or null for indefinite. `term`
 * is what a fixed term is read as (its own or the s.82(4) aggregate); absent, its own.
 */
export function periodMonths(disposal: Disposal, under18: boolean, term: TermLength | null = ownTerm(disposal)): number | null {
  switch (disposal.kind) {
    case 'life':
    case 'ipp':
    case 'hospital-restricted':
      return null;
    case 'imprisonment': {
      // An imprisonment with no term recorded is read as the longest (ADR 0014): a missing figure
      // must not take anyone off the register early.
      if (term === null) return null;
      const from = dayOf(occasionOf(disposal));
      if (compareTerm(term, 30, from) >= 0) return null;
      return fixed(compareTerm(term, 6, from) > 0 ? 120 : 84, under18);
    }
    case 'hospital':
      return fixed(84, under18);
    case 'caution':
      return fixed(24, under18);
    case 'conditional-discharge':
      // The period of the discharge itself: not one of the s.82 figures, so never halved. With no
      // period recorded, the longest a court can order (3 years).
      return disposal.dischargeMonths ?? 36;
    default:
      return fixed(60, under18);
  }
}

/**
 * The last day of a fixed period of `months` beginning with `start` (s.82(1) "beginning with the
 * relevant date"): the day before the corresponding date or, when there is none (29 February in
 * a common year), the last day of that month, so two years from 29 February 2024 end on 28 February 2026.
 */
export function periodEnd(start: Day, months: number): Day {
  const { day, clamped } = addMonths(start, months);
  return clamped ? day : day - 1;
}

const byId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const warn = (warnings: ClockWarning[], code: WarningCode, ids: string[], section: string) => warnings.push({ code, ids: ids.sort(byId), section });

/** Days either side of 6 or 30 months within which a term in weeks or days is flagged for checking. */
const NEAR_THRESHOLD_DAYS = 3;

/**
 * s.82(3)-(4): where terms of imprisonment for two or more Schedule 3 offences are consecutive or
 * partly concurrent, each offence is read as sentenced to the aggregate: consecutive terms added
 * in full, partly concurrent ones (X and Y overlapping by Z) as X + Y - Z. Terms imposed on the
 * same day with no answer on how they run are read as consecutive, the longer reading, and flagged.
 * `disposals` is every disposal on the record, notifiable or not.
 */
export function readTerms(disposals: readonly Disposal[]): TermReading {
  const warnings: ClockWarning[] = [];
  const terms = new Map<string, TermLength | null>();
  const aggregates = new Map<string, AggregateTerm>();
  const fixedTerms: Disposal[] = [];
  for (const d of disposals) {
    if (!notifiable(d)) continue;
    if (d.kind === 'conditional-discharge' && d.dischargeMonths === undefined) warn(warnings, 'discharge-period-missing', [d.id], 's.82(1)');
    if (d.kind !== 'imprisonment') continue;
    fixedTerms.push(d);
    const own = ownTerm(d);
    terms.set(d.id, own);
    if (own === null) warn(warnings, 'term-missing', [d.id], 's.82(1)');
  }
  // The daily job's common case: one term, nothing to add. A term may run with any disposal on the
  // record (one for an offence outside Schedule 3 is not added, s.82(3)); only one not there is flagged.
  if (fixedTerms.length > 1 || fixedTerms.some((d) => d.runsWith !== undefined)) aggregate(fixedTerms, new Set(disposals.map((d) => d.id)), terms, aggregates, warnings);
  for (const d of fixedTerms) {
    const t = terms.get(d.id);
    if (!t || t.days === 0 || aggregates.has(d.id)) continue;
    const from = dayOf(occasionOf(d));
    const near = [6, 30].some((m) => Math.abs(compareTerm(t, m, from)) <= NEAR_THRESHOLD_DAYS);
    if (near) warn(warnings, 'term-near-threshold', [d.id], 's.82(1)');
  }
  warnings.sort((a, b) => byId(a.code, b.code) || byId(a.ids.join(), b.ids.join()));
  return { terms, aggregates, warnings };
}

function aggregate(fixedTerms: Disposal[], recorded: Set<string>, terms: Map<string, TermLength | null>, aggregates: Map<string, AggregateTerm>, warnings: ClockWarning[]) {
  const byKey = new Map(fixedTerms.map((d) => [d.id, d]));
  // Union-find over the terms that are added together.
  const parent = new Map(fixedTerms.map((d) => [d.id, d.id]));
  const root = (id: string): string => {
    let r = id;
    while (parent.get(r) !== r) r = parent.get(r)!;
    parent.set(id, r);
    return r;
  };
  const join = (a: string, b: string) => {
    const [ra, rb] = [root(a), root(b)];
    if (ra !== rb) parent.set(ra < rb ? rb : ra, ra < rb ? ra : rb);
  };
  const overlaps: { id: string; months: number; days: number; withId: string }[] = [];
  const referenced = new Set<string>();
  for (const d of fixedTerms) {
    if (d.runsWith === undefined) continue;
    const other = byKey.get(d.runsWith);
    if (!other || other.id === d.id) {
      if (!recorded.has(d.runsWith) || d.runsWith === d.id) warn(warnings, 'runs-with-unknown', [d.id], 's.82(3)');
      continue;
    }
    referenced.add(other.id);
    if (d.runs === 'consecutive' || d.runs === 'partly-concurrent') join(d.id, other.id);
    if (d.runs === 'partly-concurrent' && (d.overlapMonths || d.overlapDays)) overlaps.push({ id: d.id, months: d.overlapMonths ?? 0, days: d.overlapDays ?? 0, withId: other.id });
  }
  // Terms imposed on the same day with no answer on how they run: read as consecutive with one another.
  const occasions = new Map<string, Disposal[]>();
  for (const d of fixedTerms) {
    const list = occasions.get(occasionOf(d));
    if (list) list.push(d);
    else occasions.set(occasionOf(d), [d]);
  }
  for (const group of occasions.values()) {
    if (group.length < 2) continue;
    const unanswered = group.filter((d) => d.runs === undefined && !referenced.has(d.id));
    if (!unanswered.length) continue;
    // With every other term answered, the one left unanswered is read as consecutive with them.
    const joined = unanswered.length > 1 ? unanswered : [unanswered[0]!, ...group.filter((d) => d.runs !== 'concurrent' && d !== unanswered[0])];
    for (const d of joined.slice(1)) join(joined[0]!.id, d.id);
    warn(warnings, 'terms-unanswered', group.map((d) => d.id), 's.82(3)-(4)');
  }
  const members = new Map<string, Disposal[]>();
  for (const d of fixedTerms) {
    const r = root(d.id);
    const list = members.get(r);
    if (list) list.push(d);
    else members.set(r, [d]);
  }
  for (const group of members.values()) {
    if (group.length < 2) continue;
    const ids = group.map((d) => d.id).sort(byId);
    const inGroup = new Set(ids);
    let total: TermLength | null = { months: 0, days: 0 };
    for (const d of group) {
      const t = terms.get(d.id);
      total = t && total ? { months: total.months + t.months, days: total.days + t.days } : null;
    }
    if (total) {
      const from = dayOf(occasionOf(group.reduce((a, b) => (occasionOf(b) < occasionOf(a) ? b : a))));
      for (const o of overlaps) {
        if (!inGroup.has(o.id)) continue;
        const overlap = { months: o.months, days: o.days };
        const shorter = Math.min(lengthInDays(terms.get(o.id)!, from), lengthInDays(terms.get(o.withId)!, from));
        // An overlap as long as a whole term cannot be: the longer reading is kept, and the officer told.
        if (lengthInDays(overlap, from) >= shorter) warn(warnings, 'overlap-too-long', [o.id, o.withId], 's.82(4)(b)');
        else total = { months: total.months - overlap.months, days: total.days - overlap.days };
      }
    }
    for (const d of group) {
      terms.set(d.id, total);
      if (total) aggregates.set(d.id, { disposalIds: ids, months: total.months, days: total.days });
    }
  }
}
