import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { makeCro, makePnc, parseIdentifier } from './register.identifiers.ts';

const today = new Date('2026-11-23T02:00:00Z');

describe('identifiers made for synthetic records', () => {
  it('match the worked examples', () => {
    expect(makePnc(2012, 52834)).toBe('2012/0052834K');
    expect(makePnc(1981, 34)).toBe('1981/0000034U');
    expect(makeCro(12345, 99)).toBe('012345/99N');
    expect(makeCro(826, 1965)).toBe('000826/65W');
  });

  it('always pass the validators unchanged', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1900, max: 2026 }), fc.integer({ min: 0, max: 9_999_999 }), (year, serial) => {
        const pnc = makePnc(year, serial);
        expect(parseIdentifier('pnc', pnc, { today })).toEqual({ ok: true, value: pnc });
      }),
    );
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 999_999 }), fc.integer({ min: 0, max: 99 }), (serial, year) => {
        const cro = makeCro(serial, year);
        expect(parseIdentifier('cro', cro)).toEqual({ ok: true, value: cro });
      }),
    );
  });
});
