import { describe, expect, it } from 'vitest';
import { foldName, similarity } from './register.names.ts';

// Expected values computed by PostgreSQL 15's pg_trgm similarity() for the same pairs.
const PG_TRGM: [string, string, number][] = [
  ['jonah testwell', 'jonah testwel', 0.8125],
  ['word', 'two words', 0.363636],
  ['jonah testwell', 'jona testwell', 0.8125],
  ['smith', 'smyth', 0.333333],
  ["o'brien", 'obrien', 0.5],
  ['anne-marie jones', 'anne marie jones', 1],
  ['abc', 'xyz', 0],
  ['a', 'a', 1],
  ['', 'abc', 0],
  ['jonah testwell', 'testwell jonah', 1],
  ['élodie', 'elodie', 0.4],
  ['mcdonald', 'macdonald', 0.583333],
];

describe('name similarity on the embedded engine', () => {
  it.each(PG_TRGM)('similarity(%j, %j) is %f, as pg_trgm computes it', (a, b, expected) => {
    expect(similarity(a, b)).toBeCloseTo(expected, 6);
  });

  it('folds case and accents as vigil_fold does', () => {
    expect(foldName('ÉLODIE Ó Súilleabháin')).toBe('elodie o suilleabhain');
    expect(similarity(foldName('Élodie'), foldName('elodie'))).toBe(1);
  });
});
