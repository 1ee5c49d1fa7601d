import fc from 'fast-check';
import type { FieldError } from '../errors.ts';
import { describe, expect, it } from 'vitest';
import { cleanText, cleanValue, fieldLabel, MAX_DEPTH } from './input.ts';

const INVISIBLE = ['\u200B', '\u200C', '\u200D', '\u200E', '\u200F', '\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2060', '\u2066', '\u2067', '\u2068', '\u2069', '\uFEFF', '\u061C'];
const isRefused = (cp: number) =>
  (cp <= 0x1f && cp !== 0x09 && cp !== 0x0a && cp !== 0x0d) ||
  (cp >= 0x7f && cp <= 0x9f) ||
  (cp >= 0xd800 && cp <= 0xdfff) ||
  (cp >= 0xfdd0 && cp <= 0xfdef) ||
  (cp & 0xfffe) === 0xfffe;

/** Code points, with a lone surrogate counted as itself. */
const codePoints = (s: string) => [...s].map((c) => c.codePointAt(0)!);

// Strings that often hold the characters that matter, among ordinary and astral text.
const nasty = fc.constantFrom(...INVISIBLE, '\u0000', '\u0007', '\t', '\n', '\r', '\u007F', '\u0085', '\uD800', '\uDFFF', '\uFFFE', '\uFDD0', 'é', '😀', '\u{10FFFF}', 'a');
const text = fc.array(fc.oneof(fc.string({ unit: 'binary' }), nasty), { maxLength: 12 }).map((parts) => parts.join(''));

describe('cleaning text', () => {
  it('never lets a refused character through, and never leaves an invisible one', () => {
    fc.assert(
      fc.property(text, (s) => {
        const cleaned = cleanText(s);
        if (cleaned === undefined) {
          expect(codePoints(s).some(isRefused)).toBe(true);
          return;
        }
        expect(codePoints(cleaned).some(isRefused)).toBe(false);
        for (const c of INVISIBLE) expect(cleaned).not.toContain(c);
        // Only invisible characters were taken out: everything else is as it was, in order.
        expect(cleaned).toBe([...s].filter((c) => !INVISIBLE.includes(c)).join(''));
      }),
      { numRuns: 2000 },
    );
  });

  it('refuses exactly the strings that hold a refused character', () => {
    fc.assert(
      fc.property(text, (s) => {
        expect(cleanText(s) === undefined).toBe(codePoints(s).some(isRefused));
      }),
      { numRuns: 2000 },
    );
  });

  it('keeps tab and line breaks, accents, other scripts and emoji', () => {
    expect(cleanText('Line one\r\nline\ttwo')).toBe('Line one\r\nline\ttwo');
    expect(cleanText('Zoë Ó Briain, 王秀英, محمد 😀')).toBe('Zoë Ó Briain, 王秀英, محمد 😀');
    expect(cleanText('Ze\u200Bro \u202EWidth\u2066son\uFEFF')).toBe('Zero Widthson');
    expect(cleanText('a\u0000b')).toBeUndefined();
  });

  it('keeps a password exactly as typed, but still refuses a control character in it', () => {
    const problems: FieldError[] = [];
    const body = { username: 'a\u200Bb', password: 'p\u200Bw', newPassword: 'x\u202Ey' };
    cleanValue(body, '', problems);
    expect(body).toEqual({ username: 'ab', password: 'p\u200Bw', newPassword: 'x\u202Ey' });
    expect(problems).toEqual([]);
    cleanValue({ currentPassword: 'a\u0000' }, '', problems);
    expect(problems).toEqual([{ field: 'currentPassword', message: 'Remove the hidden control character from currentPassword and try again.' }]);
  });
});

describe('cleaning what was sent', () => {
  it('cleans every string in nested objects and arrays, and names each refused field by its path', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), fc.array(text, { maxLength: 4 }), (json, extra) => {
        const body = { json, extra };
        const problems: FieldError[] = [];
        cleanValue(body, '', problems);
        const strings: string[] = [];
        const collect = (v: unknown): void => {
          if (typeof v === 'string') strings.push(v);
          else if (v && typeof v === 'object') for (const x of Object.values(v)) collect(x);
        };
        collect(body);
        if (problems.length === 0) {
          for (const s of strings) {
            expect(codePoints(s).some(isRefused)).toBe(false);
            for (const c of INVISIBLE) expect(s).not.toContain(c);
          }
        }
        extra.forEach((s, i) => expect(problems.some((p) => p.field === `extra.${i}`)).toBe(cleanText(s) === undefined));
      }),
      { numRuns: 500 },
    );
  });

  it('refuses a key with a hidden character rather than renaming it, and leaves the prototype alone', () => {
    const problems: FieldError[] = [];
    const body = JSON.parse('{"a\\u0000b": "x", "__proto__": {"polluted": "yes\\u200B"}}') as Record<string, unknown>;
    cleanValue(body, '', problems);
    expect(problems).toEqual([{ field: 'form', message: 'Remove the hidden control character from a field name and try again.' }]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(body)).toBe(Object.prototype);
  });

  it('will not walk deeper than any real form', () => {
    let deep: unknown = 'x';
    for (let i = 0; i < MAX_DEPTH + 1; i++) deep = [deep];
    expect(() => cleanValue(deep, '', [])).toThrow();
    let fine: unknown = 'x\u200B';
    for (let i = 0; i < MAX_DEPTH - 1; i++) fine = [fine];
    expect(() => cleanValue(fine, '', [])).not.toThrow();
  });

  it('names fields in words for a page', () => {
    expect(fieldLabel('familyName')).toBe('family name');
    expect(fieldLabel('dateOfBirth-day')).toBe('date of birth day');
    expect(fieldLabel('aliases.0.name')).toBe('aliases name');
    expect(fieldLabel('')).toBe('the form');
  });
});
