import { describe, it, expect } from 'vitest';
import { IDENTIFIER_KINDS, IDENTIFIER_NAMES, parseIdentifier, type IdentifierKind } from './register.identifiers.ts';

// 2-digit PNC years depend on today: fixed here so the 26/27 boundary below stays put.
const today = new Date('2026-11-23T02:00:00Z');

// Check letters, worked by hand: the digits are read as one number, divided by 23, and the
// remainder indexes ZABCDEFGHJKLMNPQRTUVWXY (Z=0, A=1 ... H=8, J=9, K=10, ... R=16, T=17, U=18,
// V=19, W=20, X=21, Y=22).
//
//   PNC 00/223R         000000223 =         23 × 9         + 16  -> R
//   PNC 81/34U          810000034 =  23 × 35,217,392       + 18  -> U
//                       (35,217,392 × 23 = 704,347,840 + 105,652,176 = 810,000,016)
//   PNC 2012/0052834K   120052834 =  23 × 5,219,688        + 10  -> K
//                       (5,219,688 × 23 = 104,393,760 + 15,659,064 = 120,052,824)
//   PNC 26/1 (2026)     260000001 =  23 × 11,304,347       + 20  -> W
//   PNC 27/1 (1927)     270000001 =  23 × 11,739,130       + 11  -> L
//   PNC 2012/0052843    120052843 =  120052834 + 9, remainder 10 + 9 = 19 -> V, so '...843K' is a typo
//   CRO 826/65W   year first, serial padded to 6: 65000826 = 23 × 2,826,122 + 20 -> W
//                       (2,826,122 × 23 = 56,522,440 + 8,478,366 = 65,000,806)
//   CRO 259/70M         70000259 =  23 × 3,043,489         + 12  -> M
//   CRO 012345/99N      99012345 =  23 × 4,304,884         + 13  -> N
//   CRO SF83/4661E  serial padded to 5: 8304661 = 23 × 361,072 + 5 -> E
//                       (361,072 × 23 = 7,221,440 + 1,083,216 = 8,304,656)
//   CRO SF99/12345M     9912345  =  23 × 430,971           + 12  -> M
//
// Also from the justice agencies' published test data (hmpps-person-record): PNC 79/163001B,
// 2008/0056560Z, 20030011985X; CRO SF05/482703J.

const valid: { kind: IdentifierKind; raw: string; value: string }[] = [
  { kind: 'pnc', raw: '2012/0052834K', value: '2012/0052834K' },
  { kind: 'pnc', raw: ' 2012/0052834k ', value: '2012/0052834K' },
  { kind: 'pnc', raw: '2012 / 0052834 K', value: '2012/0052834K' },
  { kind: 'pnc', raw: '12/52834K', value: '2012/0052834K' },
  { kind: 'pnc', raw: '120052834k', value: '2012/0052834K' },
  { kind: 'pnc', raw: '20120052834K', value: '2012/0052834K' },
  { kind: 'pnc', raw: '00/223R', value: '2000/0000223R' },
  { kind: 'pnc', raw: '81/34U', value: '1981/0000034U' },
  { kind: 'pnc', raw: '26/1W', value: '2026/0000001W' },
  { kind: 'pnc', raw: '27/1L', value: '1927/0000001L' },
  { kind: 'pnc', raw: '79/163001B', value: '1979/0163001B' },
  { kind: 'pnc', raw: '2008/0056560Z', value: '2008/0056560Z' },
  { kind: 'pnc', raw: '20030011985X', value: '2003/0011985X' },
  { kind: 'cro', raw: '012345/99N', value: '012345/99N' },
  { kind: 'cro', raw: '12345/99n', value: '012345/99N' },
  { kind: 'cro', raw: '01234599N', value: '012345/99N' },
  { kind: 'cro', raw: '826/65W', value: '000826/65W' },
  { kind: 'cro', raw: ' 259 / 70 m', value: '000259/70M' },
  { kind: 'cro', raw: 'SF83/4661E', value: 'SF83/4661E' },
  { kind: 'cro', raw: 'sf 83 / 4661 e', value: 'SF83/4661E' },
  { kind: 'cro', raw: 'SF83/04661E', value: 'SF83/4661E' },
  { kind: 'cro', raw: 'SF834661E', value: 'SF83/4661E' },
  { kind: 'cro', raw: 'SF99/12345M', value: 'SF99/12345M' },
  { kind: 'cro', raw: 'SF05/482703J', value: 'SF05/482703J' },
  { kind: 'crn', raw: 'X123456', value: 'X123456' },
  { kind: 'crn', raw: ' x123456 ', value: 'X123456' },
  { kind: 'crn', raw: 'x 123 456', value: 'X123456' },
  { kind: 'prison-number', raw: 'A1234BC', value: 'A1234BC' },
  { kind: 'prison-number', raw: 'a1234bc', value: 'A1234BC' },
  { kind: 'prison-number', raw: 'A 1234 BC', value: 'A1234BC' },
  { kind: 'ni-number', raw: 'AB123456C', value: 'AB123456C' },
  { kind: 'ni-number', raw: 'ab 12 34 56 c', value: 'AB123456C' },
  { kind: 'ni-number', raw: 'ab123456d', value: 'AB123456D' },
  // O may start a prefix; it is only barred as the second letter.
  { kind: 'ni-number', raw: 'OA123456A', value: 'OA123456A' },
];

const PNC_FORMAT = 'Enter a PNC number in the format 2012/0052834K (year, slash, 7 digits, check letter)';
const PNC_CHECK = 'The check letter does not match the rest of the PNC number: check each character and enter it again';
const PNC_YEAR = 'The year in a PNC number must be between 1900 and 2026: check it';
const CRO_FORMAT =
  'Enter a CRO number in the format 012345/99N (up to 6 digits, slash, 2-digit year, check letter) or SF99/12345M';
const CRO_CHECK = 'The check letter does not match the rest of the CRO number: check each character and enter it again';
const CRN_FORMAT = 'Enter a CRN in the format X123456 (one letter, 6 digits)';
const PRISON_FORMAT = 'Enter a prison number in the format A1234BC (one letter, 4 digits, 2 letters)';
const NI_FORMAT = 'Enter a National Insurance number in the format AB123456C (2 letters, 6 digits, 1 letter)';
const NI_SUFFIX = 'The last letter of a National Insurance number is A, B, C or D: check it';
const NI_FIRST = 'A National Insurance number never starts with D, F, I, Q, U or V: check the first letter';
const NI_SECOND = 'The second letter of a National Insurance number is never D, F, I, O, Q, U or V: check it';
const niPrefix = (prefix: string) =>
  `A National Insurance number never starts with ${prefix}: check the first 2 letters`;

const refused: { kind: IdentifierKind; raw: string; message: string }[] = [
  { kind: 'pnc', raw: '', message: 'Enter the PNC number' },
  { kind: 'pnc', raw: '  \t ', message: 'Enter the PNC number' },
  { kind: 'pnc', raw: '2012/0052834', message: PNC_FORMAT },
  { kind: 'pnc', raw: '2012/00528341K', message: PNC_FORMAT },
  { kind: 'pnc', raw: '212/0052834K', message: PNC_FORMAT },
  { kind: 'pnc', raw: '2012-0052834K', message: PNC_FORMAT },
  // Without a slash the serial must be whole: 10 digits could be 20/12052834 or 2012/052834.
  { kind: 'pnc', raw: '2012052834K', message: PNC_FORMAT },
  { kind: 'pnc', raw: 'PNC 2012/0052834K', message: PNC_FORMAT },
  { kind: 'pnc', raw: '2012/0052834X', message: PNC_CHECK },
  { kind: 'pnc', raw: '2012/0052843K', message: PNC_CHECK },
  { kind: 'pnc', raw: '1912/0052834J', message: PNC_CHECK },
  { kind: 'pnc', raw: '2031/0000001X', message: PNC_YEAR },
  { kind: 'pnc', raw: '2027/0000001L', message: PNC_YEAR },
  { kind: 'pnc', raw: '1899/0000001L', message: PNC_YEAR },
  { kind: 'cro', raw: '', message: 'Enter the CRO number' },
  { kind: 'cro', raw: '1234567/99N', message: CRO_FORMAT },
  { kind: 'cro', raw: '012345/9N', message: CRO_FORMAT },
  { kind: 'cro', raw: '012345/99', message: CRO_FORMAT },
  { kind: 'cro', raw: 'SF8/4661E', message: CRO_FORMAT },
  { kind: 'cro', raw: 'SF83/1234567A', message: CRO_FORMAT },
  { kind: 'cro', raw: '012345/99A', message: CRO_CHECK },
  { kind: 'cro', raw: '012354/99N', message: CRO_CHECK },
  { kind: 'cro', raw: 'SF83/4661F', message: CRO_CHECK },
  // Padded to 6 this would be 83004661 = 23 × 3,608,898 + 7 -> G: only the 5-digit reading passes.
  { kind: 'cro', raw: 'SF83/4661G', message: CRO_CHECK },
  { kind: 'crn', raw: '', message: 'Enter the CRN' },
  { kind: 'crn', raw: '123456', message: CRN_FORMAT },
  { kind: 'crn', raw: 'XX12345', message: CRN_FORMAT },
  { kind: 'crn', raw: 'X1234567', message: CRN_FORMAT },
  { kind: 'prison-number', raw: '', message: 'Enter the prison number' },
  { kind: 'prison-number', raw: 'A12345B', message: PRISON_FORMAT },
  { kind: 'prison-number', raw: '1234ABC', message: PRISON_FORMAT },
  { kind: 'prison-number', raw: 'A1234B', message: PRISON_FORMAT },
  { kind: 'ni-number', raw: '', message: 'Enter the National Insurance number' },
  { kind: 'ni-number', raw: 'AB12345C', message: NI_FORMAT },
  { kind: 'ni-number', raw: 'AB123456', message: NI_FORMAT },
  { kind: 'ni-number', raw: 'A1123456C', message: NI_FORMAT },
  { kind: 'ni-number', raw: 'AB123456E', message: NI_SUFFIX },
  // QQ is the prefix of HMRC's published examples and is never issued.
  { kind: 'ni-number', raw: 'QQ123456C', message: NI_FIRST },
  { kind: 'ni-number', raw: 'da123456a', message: NI_FIRST },
  { kind: 'ni-number', raw: 'VA123456A', message: NI_FIRST },
  { kind: 'ni-number', raw: 'AO123456A', message: NI_SECOND },
  { kind: 'ni-number', raw: 'AI123456A', message: NI_SECOND },
  ...['BG', 'GB', 'NK', 'KN', 'TN', 'NT', 'ZZ'].map((prefix) => ({
    kind: 'ni-number' as const,
    raw: `${prefix}123456A`,
    message: niPrefix(prefix),
  })),
];

describe('parseIdentifier', () => {
  it.each(valid)('accepts $kind $raw as $value', ({ kind, raw, value }) => {
    expect(parseIdentifier(kind, raw, { today })).toEqual({ ok: true, value });
  });

  it.each(refused)('refuses $kind "$raw"', ({ kind, raw, message }) => {
    expect(parseIdentifier(kind, raw, { today })).toEqual({ ok: false, message });
  });

  it('gives its canonical form back unchanged', () => {
    for (const { kind, value } of valid) {
      expect(parseIdentifier(kind, value, { today })).toEqual({ ok: true, value });
    }
  });

  it('moves the 2-digit PNC year boundary with today', () => {
    const in2030 = { today: new Date('2030-01-01T00:00:00Z') };
    expect(parseIdentifier('pnc', '27/1L', in2030)).toEqual({ ok: true, value: '2027/0000001L' });
    expect(parseIdentifier('pnc', '31/1X', in2030)).toEqual({ ok: true, value: '1931/0000001X' });
  });

  it('uses the real date when none is given', () => {
    expect(parseIdentifier('pnc', '2012/0052834K')).toEqual({ ok: true, value: '2012/0052834K' });
  });

  it('names every kind', () => {
    expect(IDENTIFIER_KINDS.map((kind) => IDENTIFIER_NAMES[kind])).toEqual([
      'PNC number',
      'CRO number',
      'CRN',
      'Prison number',
      'National Insurance number',
    ]);
  });
});
