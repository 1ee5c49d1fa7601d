import type { Faker } from '@faker-js/faker';
import { GRADING_SYSTEMS } from '../register/register.items.ts';

/**
 * Synthetic item data for each kind in register.items.ts, with the fields those definitions
 * require, dates in order (an end after its start, nothing that happened in the future) and
 * values from each field's choices. A test runs every generated item through the items'
 * own validation.
 */

export type ItemData = Record<string, unknown>;

const iso = (d: Date) => d.toISOString().slice(0, 10);

export interface ItemContext {
  faker: Faker;
  /** The day the world is built for: every date is on or before it unless it is a review or due date. */
  today: Date;
  dateOfBirth: string;
  mappaCategory: string;
  leadAgency: 'police' | 'probation' | 'prison';
  officerName: string;
}

const OFFENCES = [
  'Sexual assault', 'Rape', 'Assault occasioning actual bodily harm', 'Grievous bodily harm with intent', 'Making indecent photographs of a child',
  'Possession of indecent images of children', 'Controlling or coercive behaviour', 'Stalking involving fear of violence', 'Robbery', 'Manslaughter',
  'Sexual communication with a child', 'Arson with intent to endanger life', 'Breach of a sexual harm prevention order', 'Threats to kill',
];
const RISK_FACTORS = [
  'Alcohol misuse', 'Drug misuse', 'Unstable accommodation', 'Access to children through a new partner', 'Poor compliance with supervision',
  'Isolation and loneliness', 'Deviant sexual interest', 'Anger and poor emotional control', 'Use of the internet to contact victims',
  'Grievance against former partner', 'Association with known offenders',
];
const CONDITIONS = [
  'Reside at the approved premises and comply with its rules', 'No unsupervised contact with children under 18 without prior approval',
  'Do not enter the exclusion zone shown on the attached map', 'Comply with electronic monitoring (curfew 19:00 to 07:00)',
  'Notify the supervising officer of any new relationship', 'Do not use any device able to access the internet without approval',
  'Attend all appointments with the alcohol treatment provider',
];
const MO = [
  'Befriends single parents online to gain access to their children.', 'Targets lone women late at night near transport hubs.',
  'Uses violence against intimate partners when drinking; isolates them from family first.', 'Grooms teenagers through gaming platforms, moving to private messaging.',
  'Offends against acquaintances after periods of heavy drinking.',
];
const MEDICAL = ['Type 1 diabetes: carries insulin', 'Diagnosed with paranoid schizophrenia; medication compliance variable', 'Epilepsy', 'Blood-borne virus: precautions advised', 'History of self-harm'];
const VEHICLES: [string, string[]][] = [
  ['Ford', ['Focus', 'Fiesta', 'Transit', 'Kuga']], ['Vauxhall', ['Corsa', 'Astra', 'Vivaro']], ['Volkswagen', ['Golf', 'Polo', 'Passat']],
  ['Toyota', ['Yaris', 'Corolla', 'Aygo']], ['BMW', ['3 Series', '1 Series', 'X3']], ['Nissan', ['Qashqai', 'Micra']],
];
const COLOURS = ['Black', 'Silver', 'Grey', 'Blue', 'Red', 'White', 'Green'];
const ROLES_AT_WORK = ['Warehouse operative', 'Delivery driver', 'Labourer', 'Kitchen porter', 'Retail assistant', 'Mechanic', 'Cleaner', 'Plasterer', 'Taxi driver'];

/** A date between two others, as YYYY-MM-DD. */
function between(faker: Faker, from: Date, to: Date): string {
  return iso(faker.date.between({ from, to: to.getTime() > from.getTime() ? to : from }));
}
const yearsAgo = (today: Date, years: number) => new Date(today.getTime() - years * 365.25 * 86_400_000);
const daysFrom = (d: Date | string, days: number) => new Date(new Date(d).getTime() + days * 86_400_000);

/** A UK registration in the current style (two letters, age identifier, three letters), like AB12 CDE. */
function registration(faker: Faker): string {
  const letters = 'ABCDEFGHJKLMNOPRSTUVWXYZ';
  const pick = (n: number) => Array.from({ length: n }, () => faker.helpers.arrayElement([...letters])).join('');
  return `${pick(2)}${faker.helpers.arrayElement(['15', '16', '18', '19', '21', '65', '66', '68', '70', '72'])} ${pick(3)}`;
}

// Outward codes of northern England, where the demo's agencies are; the inward part is drawn
// from the letters real postcodes use, so every one passes the address form's check.
const AREAS = ['LS', 'M', 'B', 'NE', 'S', 'L', 'BD', 'SR', 'DH', 'HU', 'YO', 'WF', 'HG', 'DN', 'OL', 'BL', 'WN', 'PR', 'LA', 'CA'];
const INWARD = 'ABDEFGHJLNPQRSTUWXYZ';
function postcode(faker: Faker): string {
  const pick = () => INWARD.charAt(faker.number.int(INWARD.length - 1));
  return `${faker.helpers.arrayElement(AREAS)}${faker.number.int({ min: 1, max: 29 })} ${faker.number.int(9)}${pick()}${pick()}`;
}

type Maker = (c: ItemContext) => ItemData;

export const ITEM_MAKERS: Record<string, Maker> = {
  nationality: ({ faker }) => ({ nationality: faker.helpers.weightedArrayElement([{ value: 'British', weight: 85 }, { value: 'Irish', weight: 4 }, { value: 'Polish', weight: 4 }, { value: 'Romanian', weight: 3 }, { value: 'Lithuanian', weight: 2 }, { value: 'Jamaican', weight: 2 }]) }),
  'identity-document': ({ faker, today }) => {
    const documentType = faker.helpers.arrayElement(['passport', 'driving-licence']);
    return {
      documentType,
      number: documentType === 'passport' ? faker.string.numeric(9) : faker.string.alphanumeric({ length: 16, casing: 'upper' }),
      issuedBy: documentType === 'passport' ? 'United Kingdom' : 'DVLA',
      expiresOn: between(faker, daysFrom(today, -200), daysFrom(today, 3000)),
    };
  },
  address: ({ faker, today }) => {
    const start = faker.date.between({ from: yearsAgo(today, 8), to: daysFrom(today, -10) });
    const current = faker.datatype.boolean(0.5);
    return {
      addressType: faker.helpers.weightedArrayElement([{ value: 'home', weight: 80 }, { value: 'qualifying-stay', weight: 10 }, { value: 'other', weight: 8 }, { value: 'no-fixed-abode', weight: 2 }]),
      line1: `${faker.number.int({ min: 1, max: 240 })} ${faker.location.street()}`,
      line2: faker.datatype.boolean(0.2) ? faker.location.secondaryAddress() : '',
      town: faker.location.city(),
      postcode: postcode(faker),
      from: iso(start),
      to: current ? '' : between(faker, start, daysFrom(today, -1)),
      childInHousehold: faker.datatype.boolean(0.15),
    };
  },
  financial: ({ faker }) => ({
    itemType: faker.helpers.arrayElement(['bank-account', 'card', 'loan', 'benefit']),
    provider: faker.helpers.arrayElement(['Barclays', 'Lloyds Bank', 'NatWest', 'HSBC UK', 'Nationwide', 'Monzo', 'Department for Work and Pensions']),
    reference: faker.string.numeric(4),
    notes: '',
  }),
  vehicle: ({ faker, today }) => {
    const [make, models] = faker.helpers.arrayElement(VEHICLES);
    const start = faker.date.between({ from: yearsAgo(today, 5), to: daysFrom(today, -5) });
    return { registration: registration(faker), make, model: faker.helpers.arrayElement(models), colour: faker.helpers.arrayElement(COLOURS), use: faker.helpers.arrayElement(['owner', 'user', 'seen']), from: iso(start), to: faker.datatype.boolean(0.3) ? between(faker, start, today) : '' };
  },
  employment: ({ faker, today }) => {
    const start = faker.date.between({ from: yearsAgo(today, 6), to: daysFrom(today, -20) });
    return {
      activity: faker.helpers.weightedArrayElement([{ value: 'employment', weight: 6 }, { value: 'self-employment', weight: 2 }, { value: 'education', weight: 1 }, { value: 'volunteering', weight: 1 }]),
      employer: faker.company.name(),
      role: faker.helpers.arrayElement(ROLES_AT_WORK),
      place: faker.location.city(),
      from: iso(start),
      to: faker.datatype.boolean(0.4) ? between(faker, start, today) : '',
      employerAware: faker.datatype.boolean(0.6),
    };
  },
  associate: ({ faker }) => ({
    name: faker.person.fullName(),
    nominalReference: '',
    relationship: faker.helpers.arrayElement(['Partner', 'Former partner', 'Friend', 'Co-defendant', 'Brother', 'Sister', 'Neighbour']),
    confidence: faker.helpers.arrayElement(['confirmed', 'likely', 'possible']),
    notes: '',
  }),
  offence: ({ faker, today, dateOfBirth }) => {
    const committed = faker.date.between({ from: daysFrom(dateOfBirth, 18 * 365), to: daysFrom(today, -200) });
    return { offence: faker.helpers.arrayElement(OFFENCES), committedOn: iso(committed), convictedOn: between(faker, daysFrom(committed, 60), daysFrom(today, -30)), court: `${faker.location.city()} Crown Court`, disposal: `${faker.number.int({ min: 1, max: 12 })} years' imprisonment` };
  },
  'court-order': ({ faker, today }) => {
    const made = faker.date.between({ from: yearsAgo(today, 6), to: daysFrom(today, -30) });
    return { orderType: faker.helpers.arrayElement(['shpo', 'sro', 'notification-order', 'restraining-order']), madeOn: iso(made), court: `${faker.location.city()} Magistrates' Court`, endsOn: faker.datatype.boolean(0.5) ? iso(daysFrom(made, 5 * 365)) : '', terms: 'Not to contact the named victim directly or indirectly.' };
  },
  'licence-condition': ({ faker, today }) => ({ condition: faker.helpers.arrayElement(CONDITIONS), from: between(faker, yearsAgo(today, 2), daysFrom(today, -7)), to: '' }),
  'modus-operandi': ({ faker }) => ({ description: faker.helpers.arrayElement(MO) }),
  'risk-factor': ({ faker }) => ({ factor: faker.helpers.arrayElement(RISK_FACTORS), notes: '' }),
  'person-at-risk': ({ faker }) => ({ who: faker.helpers.arrayElement(['Former partner', 'Children in the household of any new partner', 'Lone women', 'Girls aged 12 to 15', 'Known adult victim']), risk: 'Physical and sexual harm, including by contact through social media.' }),
  'risk-assessment': ({ faker, today }) => {
    const tool = faker.helpers.arrayElement(['rm2000', 'arms', 'oasys', 'rsr', 'ogrs']);
    const result = tool === 'rm2000' || tool === 'arms' ? faker.helpers.arrayElement(['Low', 'Medium', 'High', 'Very high']) : `${faker.number.float({ min: 0.5, max: 9.9, fractionDigits: 1 })}%`;
    return { tool, assessedOn: between(faker, yearsAgo(today, 2), daysFrom(today, -1)), assessor: faker.person.fullName(), result, rosh: faker.helpers.weightedArrayElement([{ value: 'low', weight: 2 }, { value: 'medium', weight: 5 }, { value: 'high', weight: 3 }, { value: 'very-high', weight: 1 }]) };
  },
  'rmp-action': ({ faker, today, officerName }) => ({
    action: faker.helpers.arrayElement(['Unannounced home visit every 4 weeks', 'Check devices for internet use', 'Refer to accredited programme', 'Liaise with housing about move-on accommodation', 'Share MAPPA level with children’s services']),
    owner: officerName,
    dueOn: iso(daysFrom(today, faker.number.int({ min: 7, max: 90 }))),
    reviewOn: iso(daysFrom(today, faker.number.int({ min: 14, max: 120 }))),
    state: faker.helpers.weightedArrayElement([{ value: 'open', weight: 6 }, { value: 'done', weight: 3 }, { value: 'dropped', weight: 1 }]),
  }),
  medical: ({ faker }) => ({ detail: faker.helpers.arrayElement(MEDICAL) }),
  mappa: ({ faker, today, mappaCategory, leadAgency }) => {
    const screened = faker.date.between({ from: yearsAgo(today, 1), to: daysFrom(today, -1) });
    const level = faker.helpers.weightedArrayElement([{ value: '1', weight: 80 }, { value: '2', weight: 17 }, { value: '3', weight: 3 }]);
    return { category: mappaCategory, level, leadAgency, screenedOn: iso(screened), reviewOn: iso(daysFrom(screened, level === '1' ? 365 : level === '2' ? 112 : 56)), reason: level === '1' ? 'Risks can be managed by the lead agency alone.' : 'Active multi-agency involvement is needed to manage the risk.' };
  },
  activity: ({ faker, today }) => {
    const intelligence = faker.datatype.boolean(0.3);
    const base = { entryType: intelligence ? 'intelligence' : 'activity', occurredOn: between(faker, yearsAgo(today, 2), today) };
    if (!intelligence) return { ...base, summary: faker.helpers.arrayElement(['Home visit completed; compliant.', 'Attended probation appointment.', 'Failed to attend appointment; warning letter sent.', 'Device check: no concerns found.', 'Notified change of vehicle within time.']), gradingSystem: '', sourceGrade: '', intelligenceGrade: '', handlingCode: '' };
    const system = faker.helpers.arrayElement(['5x5x5', '4x3x2'] as const);
    const g = GRADING_SYSTEMS[system];
    return { ...base, summary: 'Reported to be staying overnight at an undeclared address with a woman who has two young children.', gradingSystem: system, sourceGrade: faker.helpers.arrayElement([...g.source]), intelligenceGrade: faker.helpers.arrayElement([...g.intelligence]), handlingCode: faker.helpers.arrayElement([...g.handling]) };
  },
  disclosure: ({ faker, today }) => ({
    disclosedOn: between(faker, yearsAgo(today, 3), today),
    recipient: faker.person.fullName(),
    recipientType: faker.helpers.arrayElement(['victim', 'partner', 'employer', 'school', 'housing']),
    reason: 'New relationship with a person who has children; disclosure needed to protect them.',
    authoriser: `Detective Inspector ${faker.person.lastName()}`,
    method: faker.helpers.arrayElement(['in-person', 'phone', 'letter']),
  }),
};

/** Kinds whose fields need an uploaded file: made with their file in seed.people.ts, not picked at random. */
export const KINDS_WITH_REQUIRED_FILES = ['photo'];
