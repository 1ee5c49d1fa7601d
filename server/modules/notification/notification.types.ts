/**
 * The notification clock's inputs and outputs (Sexual Offences Act 2003, Part 2). The clock
 * itself (notification.clock.ts) is pure: it reads these and nothing else, so the same facts
 * always give the same dates, in the record page, the work lists and the daily job alike.
 * Dates are calendar dates in UK time, as ISO strings 'YYYY-MM-DD'; instants are ISO date-times.
 */
export type IsoDate = string;
export type IsoDateTime = string;

/** What the court (or the police, for a caution) did: the s.82 table keys on this. */
export type DisposalKind =
  | 'imprisonment' // a custodial term of sentenceMonths (detention and suspended terms count as imprisonment)
  | 'life' // imprisonment for life
  | 'ipp' // imprisonment for public protection
  | 'hospital-restricted' // hospital order with a restriction order
  | 'hospital' // hospital order without restriction
  | 'caution'
  | 'conditional-discharge' // for dischargeMonths
  | 'absolute-discharge' // not a conviction for Part 2 (s.134; Sentencing Act 2020 s.82): never notifiable
  | 'other'; // any other disposal (community order, fine...)

/** How a custodial term runs with another imposed for a Schedule 3 offence (s.82(3)-(4)). */
export type TermRuns = 'concurrent' | 'consecutive' | 'partly-concurrent';

export interface Disposal {
  id: string;
  kind: DisposalKind;
  /** The relevant date: conviction, finding or caution. The period runs from here. */
  relevantDate: IsoDate;
  /** Length of the custodial term, for 'imprisonment', when the court gave it in months (or years). */
  sentenceMonths?: number;
  /** Length of the custodial term when the court gave it in weeks or days (a week is 7 days). */
  sentenceDays?: number;
  /** The day the term was imposed (the "occasion"); the relevant date when not recorded. */
  sentencedOn?: IsoDate;
  /** Period of the discharge, for 'conditional-discharge'. */
  dischargeMonths?: number;
  /**
   * Whether the offence is listed in Schedule 3 with its conditions met. false: the disposal does
   * not make the person subject (recorded only to say how another term runs); absent: taken as yes.
   */
  schedule3?: boolean;
  /** How this term runs with the term of `runsWith` (another disposal of the same record). */
  runs?: TermRuns;
  runsWith?: string;
  /** For partly concurrent terms: the overlap (Z in s.82(4)(b)), in months and days. */
  overlapMonths?: number;
  overlapDays?: number;
}

/** What the person told the police, as recorded: the duty each kind discharges is in the clock. */
export type NotificationKind =
  | 'initial'
  | 'change-of-name'
  | 'change-of-address'
  | 'qualifying-stay' // a stay elsewhere for a qualifying period
  | 'household-with-child' // residing or staying with a child for 12 hours or more (2012 Regulations, reg. 10)
  // The other information prescribed by the 2012 Regulations (s.83(5)(h)), each change to be notified (s.84(1)(ca)):
  | 'bank-account' // an account with a bank, building society or other banking institution
  | 'payment-card' // a debit or credit card
  | 'identity-document' // a passport or other identity document
  | 'release' // notification after release from custody, hospital or return from abroad
  | 'periodic'
  | 'travel'
  | 'non-occurrence'; // a change notified in advance did not happen within the days allowed (s.84(4)(b))

/** A fact that moves the clock. */
export type ClockEvent =
  /** expectedOn: given before the change (s.84(2)), the date the person said the change is expected. */
  | { type: 'notification'; id: string; kind: NotificationKind; date: IsoDate; expectedOn?: IsoDate }
  /** A change that must be notified (the new name, the move); its deadline runs from `date`. */
  | { type: 'change'; id: string; kind: Exclude<NotificationKind, 'initial' | 'periodic' | 'travel' | 'release' | 'non-occurrence'>; date: IsoDate }
  /** Time that does not count towards the windows; `to` null while it lasts. */
  | { type: 'spell'; id: string; kind: 'custody' | 'hospital' | 'abroad'; from: IsoDate; to: IsoDate | null }
  /** No fixed address: periodic notification becomes weekly while it lasts. */
  | { type: 'no-fixed-address'; id: string; from: IsoDate; to: IsoDate | null }
  /**
   * Foreign travel notified at `notifiedAt`, departing at `departure`; short notice allowed only when
   * the details were not known. destination: absent for another country.
   */
  | { type: 'travel'; id: string; notifiedAt: IsoDateTime; departure: IsoDateTime; detailsKnownEarlier: boolean; destination?: TravelDestination }
  /** A sexual harm prevention order in force: no review of indefinite notification while it lasts. */
  | { type: 'shpo'; id: string; from: IsoDate; to: IsoDate | null }
  /** A stay at premises other than the home address (s.84(1)(c)); `to` null while it lasts. */
  | { type: 'stay'; id: string; premises: string; from: IsoDate; to: IsoDate | null }
  /** A decision on an application for review of indefinite notification. */
  | { type: 'review-decision'; id: string; date: IsoDate; outcome: 'discharged' | 'refused' };

export interface ClockInput {
  dateOfBirth: IsoDate | null;
  disposals: Disposal[];
  events: ClockEvent[];
  /** "Today" for overdue and due-soon: always passed in, never read from the system clock. */
  asOf: IsoDate;
}

/** Where a trip goes: Northern Ireland is in the United Kingdom; the rest is leaving it (s.86(1)). */
export type TravelDestination = 'other-country' | 'republic-of-ireland' | 'crown-dependency' | 'northern-ireland';

export interface ClockConfig {
  /** Days before the date of departure that foreign travel must normally be notified (7). */
  travelLeadDays: number;
  /** Hours before departure allowed when the details were not known in time (12). */
  travelShortNoticeHours: number;
  /**
   * What the lead is counted back from: 'date-of-departure' (the regulations' words: "before the
   * date of departure") or 'departure-time' (the first version's reading, 7 x 24 or 12 hours
   * before the time of departure).
   */
  travelCounting: 'date-of-departure' | 'departure-time';
  /** Whether travel to the Republic of Ireland must be notified (England and Wales since 2012: yes). */
  irelandNotifiable: boolean;
  /** Whether travel to the Isle of Man, Jersey or Guernsey must be notified (outside the United Kingdom: yes). */
  crownDependenciesNotifiable: boolean;
}

export const DEFAULT_CLOCK_CONFIG: ClockConfig = {
  travelLeadDays: 7,
  travelShortNoticeHours: 12,
  travelCounting: 'date-of-departure',
  irelandNotifiable: true,
  crownDependenciesNotifiable: true,
};

/** travel: foreign travel that was never notified (time abroad with no trip notified), s.86(1). */
export type DutyKind = 'initial' | 'change' | 'periodic' | 'travel';

/** One duty to notify: when it arose, when it is due, and whether and when it was met. */
export interface Duty {
  duty: DutyKind;
  /** The kind of change, for 'change' duties. */
  changeKind?: string;
  /** The event (or disposal, for initial) that created the duty. */
  triggerId: string;
  triggeredOn: IsoDate;
  /** The last day on which notifying is on time (extended by uncounted spells). */
  dueBy: IsoDate;
  metOn: IsoDate | null;
  /** met: on time; late: met after dueBy; overdue: unmet and dueBy < asOf; due: unmet, still in time. */
  status: 'met' | 'late' | 'overdue' | 'due';
  /** Which section of the Act sets this duty, e.g. 's.83(1)'. */
  section: string;
}

export interface TravelCheck {
  eventId: string;
  /** The latest instant the notification could be given on time; null when none was needed. */
  requiredBy: IsoDateTime | null;
  compliant: boolean;
  /**
   * seven-days: the details were known 7 days before; short-notice: they were not (12 hours);
   * not-foreign: Northern Ireland, no notice; not-required: a destination set as needing none.
   */
  rule: 'seven-days' | 'short-notice' | 'not-foreign' | 'not-required';
  /** What the deadline was counted back from (ClockConfig.travelCounting). */
  counting: ClockConfig['travelCounting'];
}

/**
 * Something the officer should complete or check, because the clock had to read a missing or
 * unclear fact in the way that cannot take anyone off the register early (ADR 0014).
 */
export type WarningCode =
  | 'term-missing' // imprisonment with no term: read as indefinite
  | 'discharge-period-missing' // conditional discharge with no period: read as 3 years
  | 'terms-unanswered' // terms imposed on the same day, no answer on how they run: read as consecutive
  | 'runs-with-unknown' // a term said to run with a disposal that is not a fixed term on the record
  | 'overlap-too-long' // partly concurrent terms overlapping by as much as a whole term: overlap not taken off
  | 'term-near-threshold' // a term in weeks or days within 3 days of 6 or 30 months
  | 'custody-not-recorded'; // indefinite custodial disposal with no custody or hospital recorded: no review date

export interface ClockWarning {
  code: WarningCode;
  /** The disposals (or events) it is about, sorted. */
  ids: string[];
  /** The section of the Act the missing fact matters to. */
  section: string;
}

/** How the governing term was read, when terms were added together under s.82(4). */
export interface AggregateTerm {
  /** Every disposal whose term was added, sorted. */
  disposalIds: string[];
  months: number;
  days: number;
}

export interface ClockResult {
  /** No disposals: nothing to compute, every other field empty. */
  subject: boolean;
  /**
   * dischargedOn: the day a review discharged indefinite notification (s.91E); not subject from then.
   * aggregate: the governing disposal's term was added to others imposed for Schedule 3 offences (s.82(3)-(4)).
   */
  period:
    | { kind: 'indefinite'; governingDisposalId: string; dischargedOn?: IsoDate; aggregate?: AggregateTerm }
    | { kind: 'fixed'; months: number; endsOn: IsoDate; governingDisposalId: string; aggregate?: AggregateTerm }
    | null;
  /** True when the fixed period has ended by asOf: no duties remain after the end. */
  ended: boolean;
  duties: Duty[];
  /** The next periodic notification's last day, or null when none is due (ended, or no initial yet). */
  nextPeriodicBy: IsoDate | null;
  /** Duties with status 'overdue', earliest first. */
  overdue: Duty[];
  travel: TravelCheck[];
  review: {
    /** Date from which a review of indefinite notification may be applied for; null when not indefinite. */
    eligibleFrom: IsoDate | null;
    /** Why an application cannot be made now, if it cannot. */
    /**
     * not-indefinite: a fixed period, or discharged. shpo: an order in force (s.91A(2)). not-yet:
     * before the date. custody-not-recorded: no custody or hospital recorded for the indefinite
     * sentence, so no date (s.91B(2)). not-released: still inside, so no date yet.
     * no-relevant-notification: released, but the first notification after release is not
     * recorded; the date shown is the earliest it can be.
     */
    blockedBy: 'not-indefinite' | 'not-yet' | 'shpo' | 'custody-not-recorded' | 'not-released' | 'no-relevant-notification' | null;
  };
  /** Facts to complete or check, in a fixed order (by code, then ids). */
  warnings: ClockWarning[];
}
