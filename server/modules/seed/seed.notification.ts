import type { Faker } from '@faker-js/faker';
import type { Insertable } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { fastUuid } from './seed.faker.ts';

/** The demo world's notification facts and MAPPA meetings, in rows. */
export interface DemoCaseworkBatch {
  disposals: Insertable<DB['notification_disposal']>[];
  events: Insertable<DB['notification_event']>[];
  breaches: Insertable<DB['notification_breach']>[];
  meetings: Insertable<DB['mappa_meeting']>[];
  attendees: Insertable<DB['mappa_meeting_attendee']>[];
  actions: Insertable<DB['mappa_action']>[];
}

export interface DemoSubject {
  id: string;
  /** The officer who recorded the facts: the record's manager. */
  managerId: string;
}

export interface DemoMeetingSubject extends DemoSubject {
  level: 2 | 3;
}

export interface DemoAgency {
  id: string;
  kind: string;
}

const DAY = 86_400_000;
const iso = (d: Date) => d.toISOString().slice(0, 10);
const addDays = (d: Date, n: number) => new Date(d.getTime() + n * DAY);

/**
 * A registered sex offender's notification history as an officer would have recorded it: the
 * disposal, custody until release, the initial notification within the three days after, a
 * periodic notification about every year since, sometimes a move notified. A few are late or
 * missing, so the work lists and the breach list have something on them, as a real unit's would.
 * The clock (not this) decides what is due: the facts only have to be plausible.
 */
function factsOf(faker: Faker, s: DemoSubject, today: Date, b: DemoCaseworkBatch) {
  const kind = faker.helpers.weightedArrayElement([
    { value: 'imprisonment' as const, weight: 60 },
    { value: 'caution' as const, weight: 8 },
    { value: 'conditional-discharge' as const, weight: 6 },
    { value: 'life' as const, weight: 4 },
    { value: 'hospital-restricted' as const, weight: 3 },
    { value: 'hospital' as const, weight: 3 },
    { value: 'other' as const, weight: 16 },
  ]);
  const place = () => `${faker.location.city()} police station`;
  const takenBy = () => `PC ${faker.number.int({ min: 1000, max: 9999 })} ${faker.person.lastName()}`;
  const notice = (kindOf: string, on: Date) =>
    b.events.push({ nominal_id: s.id, type: 'notification', kind: kindOf, on_date: iso(on), place: place(), taken_by: takenBy(), recorded_by: s.managerId });

  const short = kind === 'caution' || kind === 'conditional-discharge';
  const relevant = addDays(today, -faker.number.int(short ? { min: 20, max: 600 } : kind === 'life' ? { min: 4000, max: 7000 } : { min: 60, max: 3600 }));
  const sentenceMonths = kind === 'imprisonment' ? faker.number.int({ min: 4, max: 96 }) : null;
  b.disposals.push({
    nominal_id: s.id,
    kind,
    relevant_date: iso(relevant),
    sentence_months: sentenceMonths,
    discharge_months: kind === 'conditional-discharge' ? faker.number.int({ min: 12, max: 36 }) : null,
    court: kind === 'caution' ? 'Northmoor Police' : `${faker.location.city()} Crown Court`,
    recorded_by: s.managerId,
  });

  // Time inside: custody for half the sentence (life: years before release), or a hospital stay.
  const insideDays = kind === 'imprisonment' ? Math.round((sentenceMonths! * 30.4) / 2) : kind === 'life' ? faker.number.int({ min: 3000, max: 5000 }) : kind.startsWith('hospital') ? faker.number.int({ min: 120, max: 900 }) : 0;
  let free = relevant;
  if (insideDays > 0) {
    const out = addDays(relevant, insideDays);
    const stillInside = out > addDays(today, -3);
    b.events.push({ nominal_id: s.id, type: 'spell', kind: kind.startsWith('hospital') ? 'hospital' : 'custody', from_date: iso(relevant), to_date: stillInside ? null : iso(out), recorded_by: s.managerId });
    if (stillInside) return;
    free = out;
  }

  // Initial notification: most within the three days, a few late (proven as a breach), a few not yet.
  const initial = faker.helpers.weightedArrayElement([{ value: 'on-time', weight: 92 }, { value: 'late', weight: 5 }, { value: 'missing', weight: 3 }]);
  if (initial === 'missing' && free > addDays(today, -40)) return;
  const late = initial === 'late' ? faker.number.int({ min: 5, max: 20 }) : 0;
  let last = addDays(free, initial === 'on-time' ? faker.number.int({ min: 0, max: 2 }) : late);
  if (last > today) return;
  notice('initial', last);
  if (late) {
    const proven = addDays(last, faker.number.int({ min: 20, max: 60 }));
    if (proven < today) b.breaches.push({ nominal_id: s.id, duty: 'Initial notification (s.83)', proven_on: iso(proven), details: 'Notified late: invented for the demo.', recorded_by: s.managerId });
  }

  // The periodic chain, a year (or a little less) apart; a few have let the last one lapse.
  const lapsed = faker.datatype.boolean(0.06);
  for (;;) {
    const next = addDays(last, faker.number.int({ min: 330, max: 364 }));
    if (next > today || (lapsed && addDays(next, 365) > today)) break;
    notice('periodic', next);
    last = next;
  }
  // A move: most notified within the three days, some still to be notified.
  if (faker.datatype.boolean(0.15)) {
    const moved = addDays(today, -faker.number.int({ min: 0, max: 200 }));
    if (moved > last) {
      b.events.push({ nominal_id: s.id, type: 'change', kind: 'change-of-address', on_date: iso(moved), details: 'Moved within the area (invented).', recorded_by: s.managerId });
      const notified = addDays(moved, faker.number.int({ min: 0, max: 2 }));
      if (notified <= today && faker.datatype.boolean(0.8)) notice('change-of-address', notified);
    }
  }
}

const ACTIONS = [
  'Home visit to check the address and who lives there',
  'Share the licence conditions with the neighbourhood policing team',
  'Review contact arrangements with the victim liaison officer',
  'Refer to the accredited programme',
  'Check compliance with the exclusion zone',
  'Update the risk management plan after the visit',
];

/** A level 2 or 3 case's last meeting: who came from each agency, the minutes, the actions agreed, the next date. */
function meetingOf(faker: Faker, s: DemoMeetingSubject, today: Date, agencies: DemoAgency[], b: DemoCaseworkBatch) {
  const held = addDays(today, -faker.number.int({ min: 5, max: s.level === 3 ? 50 : 100 }));
  const id = fastUuid(faker);
  b.meetings.push({
    id,
    nominal_id: s.id,
    level: s.level,
    held_on: iso(held),
    minutes: 'Invented minutes: risks reviewed, current address confirmed, contact with the victim discussed. Actions agreed as listed.',
    next_meeting_on: iso(addDays(held, s.level === 3 ? 28 : 56 + faker.number.int({ min: 0, max: 28 }))),
    created_by: s.managerId,
    updated_by: s.managerId,
  });
  const byKind = (kind: string) => agencies.filter((a) => a.kind === kind);
  const present = [byKind('police-force'), byKind('probation-region'), byKind('prison')].filter((a) => a.length).map((a) => faker.helpers.arrayElement(a));
  const roles = ['Chair', 'Police lead', 'Probation practitioner', 'Prison offender manager'];
  present.forEach((agency, position) =>
    b.attendees.push({ meeting_id: id, position, name: faker.person.fullName(), agency_id: agency.id, role: roles[position] ?? 'Attendee' }),
  );
  faker.helpers.arrayElements(ACTIONS, { min: 1, max: 3 }).forEach((description, position) => {
    const owner = faker.helpers.arrayElement(present);
    const due = addDays(held, faker.number.int({ min: 7, max: 60 }));
    b.actions.push({ meeting_id: id, nominal_id: s.id, position, description, owner_name: faker.person.fullName(), owner_agency_id: owner.id, due_on: iso(due), done_on: due < today && faker.datatype.boolean(0.7) ? iso(addDays(due, -faker.number.int({ min: 0, max: 6 }))) : null });
  });
}

/** Notification facts for the registered sex offenders, and a last meeting for each level 2 and 3 case. */
export function demoCasework(faker: Faker, o: { today: Date; offenders: DemoSubject[]; meetings: DemoMeetingSubject[]; agencies: DemoAgency[] }): DemoCaseworkBatch {
  const b: DemoCaseworkBatch = { disposals: [], events: [], breaches: [], meetings: [], attendees: [], actions: [] };
  for (const s of o.offenders) factsOf(faker, s, o.today, b);
  for (const s of o.meetings) meetingOf(faker, s, o.today, o.agencies, b);
  return b;
}
