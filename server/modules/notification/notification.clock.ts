/**
 * The notification clock (Sexual Offences Act 2003, Part 2, England and Wales): from the facts
 * of one record, the notification period, every duty to notify with its deadline and status,
 * foreign travel checks and the review date for indefinite notification. Pure and deterministic:
 * no I/O, no system clock ("today" is input.asOf). The readings chosen where the Act is silent
 * are in docs/decisions/0014-notification-clock-readings.md; docs/notification-clock.md explains
 * them for officers.
 */
import { addMonths, ageOn, dayOf, isoOf, lastDayOf, merge, NEVER, periodicEnd, yearOn, type Day, type Run } from './notification.clock.days.ts';
import { notifiable, periodEnd, periodMonths, readTerms } from './notification.clock.period.ts';
import { qualifyingStays, readAdvance, type Advance, type Stay } from './notification.clock.changes.ts';
import { reviewOf } from './notification.clock.review.ts';
import { checkTravel } from './notification.clock.travel.ts';
import type { AggregateTerm, ClockConfig, ClockWarning, ClockEvent, ClockInput, ClockResult, Disposal, Duty, NotificationKind, TravelCheck } from './notification.types.ts';
import { DEFAULT_CLOCK_CONFIG } from './notification.types.ts';

export { periodEnd, periodMonths } from './notification.clock.period.ts';

interface Term {
  disposal: Disposal;
  start: Day;
  /** null: indefinite. */
  months: number | null;
  /** Last day subject under this disposal (NEVER while indefinite and not discharged). */
  end: Day;
  dischargedOn: Day | null;
  aggregate: AggregateTerm | undefined;
}

/** A continuous time during which the person is subject: overlapping or touching periods merged. */
interface Span {
  start: Day;
  end: Day;
  first: Term;
}

/** A duty on day numbers, before it is turned into dates. */
interface Owed {
  duty: Duty['duty'];
  id: string;
  on: Day;
  dueBy: Day;
  metOn: Day | null;
  section: string;
  changeKind: string | undefined;
}

interface Notice {
  id: string;
  kind: NotificationKind;
  day: Day;
}

/**
 * "Before the end of the period of 3 days beginning with" the event (s.83(1), s.84(1)): the event's
 * own day is the first of the three, so the last day on time is the event's date + 2 (ADR 0014).
 */
const THREE_DAYS = 3;
/** s.84(4)(b): "before the end of the period of 6 days beginning with the date specified". */
const SIX_DAYS = 6;
const byId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const byWarning = (a: ClockWarning, b: ClockWarning) => byId(a.code, b.code) || byId(a.ids.join(), b.ids.join());
const DUTY_ORDER = { initial: 0, change: 1, periodic: 2, travel: 3 } as const;

/** s.84(1): which paragraph each notifiable change falls under. */
const CHANGE_SECTION: Record<string, string> = {
  'change-of-name': 's.84(1)(a)',
  'change-of-address': 's.84(1)(b)',
  'qualifying-stay': 's.84(1)(c)',
  release: 's.84(1)(d)',
  // s.84(1)(ca): "any prescribed change of circumstances", prescribed by the 2012 Regulations.
  'household-with-child': 's.84(1)(ca)',
  'bank-account': 's.84(1)(ca)',
  'payment-card': 's.84(1)(ca)',
  'identity-document': 's.84(1)(ca)',
};

function statusOf(dueBy: Day, metOn: Day | null, asOf: Day): Duty['status'] {
  if (metOn !== null) return metOn <= dueBy ? 'met' : 'late';
  return dueBy < asOf ? 'overdue' : 'due';
}

function toDuty(o: Owed, asOf: Day): Duty {
  const out: Duty = {
    duty: o.duty,
    triggerId: o.id,
    triggeredOn: isoOf(o.on),
    dueBy: isoOf(o.dueBy),
    metOn: o.metOn === null ? null : isoOf(o.metOn),
    status: statusOf(o.dueBy, o.metOn, asOf),
    section: o.section,
  };
  if (o.changeKind !== undefined) out.changeKind = o.changeKind;
  return out;
}

function spanOf(spans: Span[], day: Day): Span | undefined {
  for (const s of spans) if (day >= s.start && day <= s.end) return s;
  return undefined;
}

/** Earliest notification of a kind (any counted kind when `kind` is null) in [from, to]. */
function firstNotice(notices: Notice[], kind: NotificationKind | null, from: Day, to: Day): Day | null {
  for (const n of notices) {
    if (n.day > to) return null;
    if (n.day >= from && (kind === null ? n.kind !== 'travel' : n.kind === kind)) return n.day;
  }
  return null;
}

const EMPTY: ClockResult = {
  subject: false,
  period: null,
  ended: false,
  duties: [],
  nextPeriodicBy: null,
  overdue: [],
  travel: [],
  review: { eligibleFrom: null, blockedBy: null },
  warnings: [],
};

const empty = (): ClockResult => ({ ...EMPTY, duties: [], overdue: [], travel: [], review: { ...EMPTY.review }, warnings: [] });

export function computeClock(input: ClockInput, config: ClockConfig = DEFAULT_CLOCK_CONFIG): ClockResult {
  // Only disposals that can make the person subject count (not an absolute discharge, not an
  // offence outside Schedule 3); with none, there is nothing to compute.
  const disposals = input.disposals.every(notifiable) ? input.disposals : input.disposals.filter(notifiable);
  if (disposals.length === 0) return empty();
  const asOf = dayOf(input.asOf);
  const birth = input.dateOfBirth ? dayOf(input.dateOfBirth) : null;

  const notices: Notice[] = [];
  const advance: Advance[] = [];
  const changes: Extract<ClockEvent, { type: 'change' }>[] = [];
  const spells: Extract<ClockEvent, { type: 'spell' }>[] = [];
  const stays: Stay[] = [];
  const noFixedAddress: Run[] = [];
  const travels: Extract<ClockEvent, { type: 'travel' }>[] = [];
  const shpos: Run[] = [];
  const discharges: Day[] = [];
  const refusals: Day[] = [];
  // An open run (to null) is taken to last until today: the deadline shown is the earliest it can
  // be, and moves on day by day while the spell lasts.
  const runOf = (from: string, to: string | null): Run => {
    const f = dayOf(from);
    return { from: f, to: to === null ? Math.max(f, asOf) : Math.max(f, dayOf(to)) };
  };
  for (const e of input.events) {
    switch (e.type) {
      case 'notification': {
        const day = dayOf(e.date);
        // s.84(2): a change notified before it happens is held until the change is recorded.
        // Only a change can be (the form refuses the date for any other kind).
        if (e.expectedOn !== undefined && Object.hasOwn(CHANGE_SECTION, e.kind) && e.kind !== 'release' && dayOf(e.expectedOn) > day) advance.push({ id: e.id, kind: e.kind, day, expected: dayOf(e.expectedOn) });
        else notices.push({ id: e.id, kind: e.kind, day });
        break;
      }
      case 'change':
        changes.push(e);
        break;
      case 'spell':
        spells.push(e);
        break;
      case 'no-fixed-address':
        // s.85(5)-(6): weekly while the last home address notified is a place where the person can
        // be found. The day the spell ends is the first with a home: a notification that day
        // notifies it, and the year resumes from it. An open spell runs to today, inclusive.
        noFixedAddress.push(e.to === null ? { from: dayOf(e.from), to: Math.max(dayOf(e.from), asOf) } : { from: dayOf(e.from), to: dayOf(e.to) - 1 });
        break;
      case 'travel':
        travels.push(e);
        break;
      case 'stay': {
        // An open stay is counted to today: a qualifying period it has reached by then is owed.
        const r = runOf(e.from, e.to);
        stays.push({ id: e.id, premises: e.premises, from: r.from, to: r.to });
        break;
      }
      case 'shpo':
        shpos.push(e.to === null ? { from: dayOf(e.from), to: NEVER } : runOf(e.from, e.to));
        break;
      case 'review-decision':
        (e.outcome === 'discharged' ? discharges : refusals).push(dayOf(e.date));
        break;
    }
  }
  // s.84(2)-(3): an advance notification that stands is a notification under s.84(1) from the day
  // given (it meets nothing else, and moves the periodic year); one that does not stand counts for nothing.
  const advanced = advance.length ? readAdvance(advance, changes.map((c) => ({ id: c.id, kind: c.kind, day: dayOf(c.date) }))) : null;
  if (advanced) for (const a of advanced.stood) notices.push({ id: a.id, kind: a.kind, day: a.day });
  notices.sort((a, b) => a.day - b.day || byId(a.id, b.id));
  discharges.sort((a, b) => a - b);
  // Days inside run from the day a spell began to the day before it ended: the day of release or
  // return is the first of the 3 days beginning with it (s.84(1)(d), s.85(3)), so it counts. A spell
  // that begins and ends on the same day disregards no whole day.
  const uncounted = merge(
    spells.flatMap((s) => {
      const r = runOf(s.from, s.to);
      return r.to > r.from ? [{ from: r.from, to: r.to - 1 }] : [];
    }),
  );

  // s.82: each disposal's period, its term read with any others it is added to (s.82(3)-(4));
  // s.82(2) age on the relevant date, unknown birth read as adult.
  const reading = readTerms(input.disposals);
  const terms: Term[] = disposals.map((disposal) => {
    const start = dayOf(disposal.relevantDate);
    const under18 = birth !== null && ageOn(birth, start) < 18;
    const months = disposal.kind === 'imprisonment' ? periodMonths(disposal, under18, reading.terms.get(disposal.id) ?? null) : periodMonths(disposal, under18);
    let end = months === null ? NEVER : periodEnd(start, months);
    let dischargedOn: Day | null = null;
    if (months === null) {
      // s.91E: a discharge on review ends indefinite notification from the day of the decision.
      const d = discharges.find((day) => day > start);
      if (d !== undefined) {
        dischargedOn = d;
        end = d - 1;
      }
    }
    return { disposal, start, months, end, dischargedOn, aggregate: reading.aggregates.get(disposal.id) };
  });

  // The longest period governs: indefinite beats any fixed; otherwise the latest end. Ties go to the
  // earlier relevant date, then by id, never by the order rows arrive in from the database.
  let governing = terms[0] as Term;
  for (const t of terms) {
    const better =
      t.end > governing.end ||
      (t.end === governing.end && (t.start < governing.start || (t.start === governing.start && t.disposal.id < governing.disposal.id)));
    if (better) governing = t;
  }
  const period: NonNullable<ClockResult['period']> =
    governing.months === null
      ? governing.dischargedOn === null
        ? { kind: 'indefinite', governingDisposalId: governing.disposal.id }
        : { kind: 'indefinite', governingDisposalId: governing.disposal.id, dischargedOn: isoOf(governing.dischargedOn) }
      : { kind: 'fixed', months: governing.months, endsOn: isoOf(governing.end), governingDisposalId: governing.disposal.id };
  if (governing.aggregate) period.aggregate = governing.aggregate;

  const spans: Span[] = [];
  for (const t of [...terms].sort((a, b) => a.start - b.start || byId(a.disposal.id, b.disposal.id))) {
    const last = spans[spans.length - 1];
    // s.83(2): only a disposal while already subject joins the period; one the day after it ends starts anew.
    if (last && t.start <= last.end) {
      if (t.end > last.end) last.end = t.end;
    } else spans.push({ start: t.start, end: t.end, first: t });
  }
  const lastSpan = spans[spans.length - 1] as Span;
  const ended = lastSpan.end < asOf;

  // Duties are worked on day numbers and turned into dates once, at the end.
  const owed: Owed[] = [];
  // A duty whose deadline falls after the period ends, and that was not met while subject, lapses.
  const add = (duty: Duty['duty'], id: string, on: Day, dueBy: Day, span: Span, metOn: Day | null, section: string, changeKind?: string) => {
    if (metOn === null && dueBy > span.end) return null;
    const o: Owed = { duty, id, on, dueBy, metOn, section, changeKind };
    owed.push(o);
    return o;
  };

  let nextPeriodicBy: Day | null = null;
  const chain: Notice[] = [];
  for (const span of spans) {
    // s.83(1): initial notification before the end of the 3 days beginning with the relevant date;
    // s.83(6): time in custody, hospital or abroad disregarded. s.83(2): a later disposal while
    // already subject needs none.
    const initialDue = lastDayOf(span.start, THREE_DAYS, uncounted);
    add('initial', span.first.disposal.id, span.start, initialDue, span, firstNotice(notices, 'initial', span.start, span.end), 's.83(1)');

    // s.85(1): the periodic chain. Each notification (under s.83, s.84 or s.85; travel is not one)
    // starts a window of one year after it, or of one week while there is no fixed address
    // (s.85(5)-(6)), and the next notification closes it (s.85(1): "unless within that period" a
    // change was notified). Time inside does not lengthen it; only a window ending while the person
    // is inside runs on (s.85(3)-(4)). Only the last window can be open, so an unmet periodic duty
    // is reported once, never as a chain of missed years.
    chain.length = 0;
    for (const n of notices) {
      // Travel, and saying a change notified in advance did not happen (s.84(4)(b)), are not s.83, s.84(1) or s.85 notifications.
      if (n.day < span.start || n.kind === 'travel' || n.kind === 'non-occurrence') continue;
      if (n.day > span.end) break;
      if (chain.length === 0 || (chain[chain.length - 1] as Notice).day !== n.day) chain.push(n);
    }
    let last: Owed | null = null;
    for (let i = 0; i < chain.length; i++) {
      const n = chain[i] as Notice;
      const next = chain[i + 1];
      const weekly = noFixedAddress.length > 0 && noFixedAddress.some((r) => n.day >= r.from && n.day <= r.to);
      const dueBy = periodicEnd(weekly ? n.day + 7 : yearOn(n.day), uncounted);
      last = add('periodic', n.id, n.day, dueBy, span, next ? next.day : null, 's.85(1)');
    }
    if (span === lastSpan && !ended && last && last.metOn === null) nextPeriodicBy = last.dueBy;
  }

  // s.84(1): a change to be notified within the 3 days beginning with it, time inside disregarded
  // (s.84(5) applies s.83(6)); met
  // by the earliest notification of the same kind on or after the change.
  for (const c of changes) {
    const on = dayOf(c.date);
    const span = spanOf(spans, on);
    // s.84(2): notified in advance, and it happened within the days allowed: nothing more is owed.
    if (!span || advanced?.covered.has(c.id)) continue;
    add('change', c.id, on, lastDayOf(on, THREE_DAYS, uncounted), span, firstNotice(notices, c.kind, on, span.end), CHANGE_SECTION[c.kind] ?? 's.84(1)', c.kind);
  }
  // s.84(1)(c) and (6): a stay at other premises for a qualifying period, counted from the stays
  // recorded; owed within the 3 days beginning with the day it is reached, like any change.
  for (const span of stays.length ? spans : []) {
    const within = stays.filter((st) => st.to >= span.start && st.from <= span.end);
    for (const q of qualifyingStays(within, span.start, (day) => addMonths(day, -12).day)) {
      if (q.day > span.end || q.day > asOf) continue;
      add('change', q.stayId, q.day, lastDayOf(q.day, THREE_DAYS, uncounted), span, firstNotice(notices, 'qualifying-stay', q.day, span.end), 's.84(1)(c)', 'qualifying-stay');
    }
  }
  // s.84(4)(b): a change notified in advance that has not happened by the end of the 3 days
  // beginning with the date given must be reported as not having happened, before the end of the
  // 6 days beginning with that date (time inside disregarded, s.84(5)). The duty arises the day
  // after the 3 days, and only once that day has come (the change may yet happen until then).
  for (const a of advanced?.unfulfilled ?? []) {
    const on = a.expected + THREE_DAYS;
    const span = spanOf(spans, on);
    if (!span || on > asOf) continue;
    add('change', a.id, on, lastDayOf(a.expected, SIX_DAYS, uncounted), span, firstNotice(notices, 'non-occurrence', on, span.end), 's.84(4)(b)', 'non-occurrence');
  }
  // s.84(1)(d): release from custody or hospital, or return from abroad, within the 3 days beginning
  // with the day of release (so the release day + 2), for a
  // spell that began after the relevant date (one covering it is the initial duty's, s.83(6)).
  for (const s of spells) {
    if (s.to === null) continue;
    const on = dayOf(s.to);
    const span = spanOf(spans, on);
    if (!span || on > asOf || dayOf(s.from) <= span.start) continue;
    add('change', s.id, on, lastDayOf(on, THREE_DAYS, uncounted), span, firstNotice(notices, 'release', on, span.end), 's.84(1)(d)', 'release');
  }

  // s.86 and the 2004 Regulations (as amended in 2012): each trip checked against the rule that
  // applies to it; time abroad with no trip notified is travel never notified, a duty missed.
  const travelRead = travels.length || spells.length ? checkTravel(travels, spells.filter((sp) => sp.kind === 'abroad').map((sp) => ({ id: sp.id, from: dayOf(sp.from) })), (day) => spanOf(spans, day) !== undefined, asOf, config) : null;
  const travel: TravelCheck[] = travelRead?.checks ?? [];
  for (const u of travelRead?.unnotified ?? []) add('travel', u.spellId, u.dueBy, u.dueBy, spanOf(spans, u.departure)!, null, 's.86(1)');

  owed.sort((a, b) => a.on - b.on || DUTY_ORDER[a.duty] - DUTY_ORDER[b.duty] || byId(a.id, b.id));
  const duties: Duty[] = new Array(owed.length);
  const overdue: Duty[] = [];
  for (let i = 0; i < owed.length; i++) {
    const d = toDuty(owed[i] as Owed, asOf);
    duties[i] = d;
    if (d.status === 'overdue') overdue.push(d);
  }
  // Stable sort: equal deadlines keep the order the duties arose in.
  if (overdue.length > 1) overdue.sort((a, b) => byId(a.dueBy, b.dueBy));

  travel.sort((a, b) => byId(a.requiredBy ?? '', b.requiredBy ?? '') || byId(a.eventId, b.eventId));
  const reviewed = reviewOf({
    governing,
    span: spans.find((s) => governing.start >= s.start && governing.start <= s.end) ?? (spans[0] as Span),
    notices,
    detention: spells.filter((s) => s.kind !== 'abroad').map((s) => ({ from: dayOf(s.from), to: s.to === null ? null : Math.max(dayOf(s.from), dayOf(s.to)) })),
    uncounted,
    refusals,
    shpos,
    birth,
    asOf,
  });
  return {
    subject: true,
    period,
    ended,
    duties,
    nextPeriodicBy: nextPeriodicBy === null ? null : isoOf(nextPeriodicBy),
    overdue,
    travel,
    review: reviewed.review,
    warnings: reviewed.warning ? [...reading.warnings, reviewed.warning].sort(byWarning) : reading.warnings,
  };
}
