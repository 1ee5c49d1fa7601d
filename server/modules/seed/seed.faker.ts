import type { Faker } from '@faker-js/faker';
// The en_GB entry alone: the package's main entry loads every locale, which adds a noticeable
// fraction of a second to every `vigil` command and server start.
import { faker as enGb } from '@faker-js/faker/locale/en_GB';
import { systemClock, ukToday } from '../../shared/clock.ts';

type FakerClass = new (options: { locale: Faker['rawDefinitions'] }) => Faker;

/** The seed every synthetic world starts from: the same seed, the same people. */
export const DEMO_SEED = 20_261_201;

/** faker with British names and places, seeded, so that a world can be built again exactly. */
export function seededFaker(seed: number, today: Date): Faker {
  // A new instance per world, so that two generators never share a seed's sequence.
  const faker = new (enGb.constructor as FakerClass)({ locale: enGb.rawDefinitions });
  faker.seed(seed);
  faker.setDefaultRefDate(today);
  return faker;
}

/**
 * Generated dates are relative to the start of today, the UK day as 00:00 UTC: the demo always
 * looks current, two loads on the same day are identical, and its "today" is the work lists' today.
 */
export function startOfToday(now = systemClock.now()): Date {
  return new Date(`${ukToday(now)}T00:00:00Z`);
}

/** A version-4-shaped UUID from the seeded generator (faker's own builds it a character at a time, slowly). */
export function fastUuid(faker: Faker): string {
  const hex = (bits: number) => faker.number.int(2 ** bits - 1).toString(16).padStart(bits / 4, '0');
  const a = hex(32);
  const b = hex(32);
  const c = hex(32);
  const d = hex(32);
  return `${a}-${b.slice(0, 4)}-4${b.slice(5, 8)}-${'89ab'.charAt(parseInt(c[0]!, 16) % 4)}${c.slice(1, 4)}-${c.slice(4)}${d}`;
}
