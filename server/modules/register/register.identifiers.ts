/**
 * The identifiers a register record can carry, validated and put in one canonical form, so that a
 * number typed by an officer, one copied from the probation system and one already on the register
 * compare equal as plain strings (duplicate checks and event matching depend on it).
 *
 * Pure: no I/O. The only outside input is today's date (for 2-digit PNC years), which callers and
 * tests can pass in.
 */

import { systemClock } from '../../shared/clock.ts';

export const IDENTIFIER_KINDS = ['pnc', 'cro', 'crn', 'prison-number', 'ni-number'] as const;
export type IdentifierKind = (typeof IDENTIFIER_KINDS)[number];

export const IDENTIFIER_NAMES: Record<IdentifierKind, string> = {
  pnc: 'PNC number',
  cro: 'CRO number',
  crn: 'CRN',
  'prison-number': 'Prison number',
  'ni-number': 'National Insurance number',
};

// The names as they read mid-sentence: 'Prison number' is a label, but 'National Insurance' and
// the acronyms keep their capitals.
const NAMES_IN_SENTENCE: Record<IdentifierKind, string> = {
  ...IDENTIFIER_NAMES,
  'prison-number': 'prison number',
};

export type ParsedIdentifier = { ok: true; value: string } | { ok: false; message: string };

export interface ParseOptions {
  /** Decides the century of 2-digit PNC years and the latest year allowed; defaults to now. */
  today?: Date;
}

// Every example in these messages passes its own check: an officer who copies the pattern
// letter for letter must not be refused by the same screen.
const PNC_FORMAT = 'Enter a PNC number in the format 2012/0052834K (year, slash, 7 digits, check letter)';
const PNC_CHECK = 'The check letter does not match the rest of the PNC number: check each character and enter it again';
const CRO_FORMAT =
  'Enter a CRO number in the format 012345/99N (up to 6 digits, slash, 2-digit year, check letter) or SF99/12345M';
const CRO_CHECK = 'The check letter does not match the rest of the CRO number: check each character and enter it again';
const CRN_FORMAT = 'Enter a CRN in the format X123456 (one letter, 6 digits)';
const PRISON_FORMAT = 'Enter a prison number in the format A1234BC (one letter, 4 digits, 2 letters)';
const NI_FORMAT = 'Enter a National Insurance number in the format AB123456C (2 letters, 6 digits, 1 letter)';
const NI_SUFFIX = 'The last letter of a National Insurance number is A, B, C or D: check it';
const NI_FIRST = 'A National Insurance number never starts with D, F, I, Q, U or V: check the first letter';
const NI_SECOND = 'The second letter of a National Insurance number is never D, F, I, O, Q, U or V: check it';

const EARLIEST_PNC_YEAR = 1900;

// Shared by PNC and CRO numbers (23 letters: no I, O or S), indexed by the number modulo 23.
const CHECK_LETTERS = 'ZABCDEFGHJKLMNPQRTUVWXY';

/** At most 9 digits reach here, far inside Number's exact range. */
function checkLetter(digits: string): string {
  return CHECK_LETTERS.charAt(Number(digits) % CHECK_LETTERS.length);
}

function refuse(message: string): ParsedIdentifier {
  return { ok: false, message };
}

// Slashed: the year may be 2 or 4 digits and the serial is often written without its leading
// zeros. Without a slash the serial must be all 7 digits, otherwise '2012345K' could be
// 20/12345 or 2012/345 and a wrong guess might still pass the check 1 time in 23.
const PNC_SLASHED = /^(\d{2}|\d{4})\/(\d{1,7})([A-Z])$/;
const PNC_UNSLASHED = /^(\d{2}|\d{4})(\d{7})([A-Z])$/;

function parsePnc(input: string, today: Date): ParsedIdentifier {
  const match = PNC_SLASHED.exec(input) ?? PNC_UNSLASHED.exec(input);
  if (!match) return refuse(PNC_FORMAT);
  const [, yearDigits = '', serialDigits = '', letter = ''] = match;
  // UTC is UK time whenever a year turns (1 January is in GMT), so no time zone is needed.
  const thisYear = today.getUTCFullYear();
  const year = yearDigits.length === 4 ? Number(yearDigits) : centuryFor(Number(yearDigits), thisYear);
  if (year < EARLIEST_PNC_YEAR || year > thisYear) {
    return refuse(`The year in a PNC number must be between ${EARLIEST_PNC_YEAR} and ${thisYear}: check it`);
  }
  const serial = serialDigits.padStart(7, '0');
  // The expected letter is never shown: an officer told it would copy it and the typo would stand.
  if (checkLetter(String(year % 100).padStart(2, '0') + serial) !== letter) return refuse(PNC_CHECK);
  return { ok: true, value: `${year}/${serial}${letter}` };
}

/** 2-digit years up to this year's are this century; later ones cannot be in the future, so 19xx. */
function centuryFor(twoDigits: number, thisYear: number): number {
  const century = Math.floor(thisYear / 100) * 100;
  return twoDigits <= thisYear % 100 ? century + twoDigits : century - 100 + twoDigits;
}

// The year is always the 2 digits before the check letter (or after 'SF'), so the slash can be
// left out without any ambiguity.
const CRO_STANDARD = /^(\d{1,6})\/?(\d{2})([A-Z])$/;
const CRO_SF = /^SF(\d{2})\/?(\d{1,6})([A-Z])$/;

function parseCro(input: string): ParsedIdentifier {
  const standard = CRO_STANDARD.exec(input);
  if (standard) {
    const [, serialDigits = '', year = '', letter = ''] = standard;
    const serial = serialDigits.padStart(6, '0');
    if (checkLetter(year + serial) !== letter) return refuse(CRO_CHECK);
    return { ok: true, value: `${serial}/${year}${letter}` };
  }
  const sf = CRO_SF.exec(input);
  if (sf) {
    const [, year = '', serialDigits = '', letter = ''] = sf;
    // SF numbers are checked over the serial padded to 5 digits, not 6: the justice agencies'
    // published sample of SF numbers (hmpps-person-record, valid_cros.csv) passes that way 22 times
    // in 23, and 2 in 23 (chance) with 6-digit padding. They are shown without leading zeros, as
    // the probation side stores them, so 'SF83/04661E' and 'SF83/4661E' are one number.
    const serial = serialDigits.replace(/^0+(?=\d)/, '');
    if (checkLetter(year + serial.padStart(5, '0')) !== letter) return refuse(CRO_CHECK);
    return { ok: true, value: `SF${year}/${serial}${letter}` };
  }
  return refuse(CRO_FORMAT);
}

const CRN = /^[A-Z]\d{6}$/;
const PRISON_NUMBER = /^[A-Z]\d{4}[A-Z]{2}$/;
const NI_NUMBER = /^([A-Z])([A-Z])\d{6}([A-Z])$/;

// HMRC never issues these letters in a prefix. 'QQ' (HMRC's own example prefix, also used in
// GOV.UK hints) is refused by the first-letter rule, so it needs no entry of its own.
const NI_NEVER_FIRST = 'DFIQUV';
const NI_NEVER_SECOND = 'DFIOQUV';
const NI_UNALLOCATED_PREFIXES = new Set(['BG', 'GB', 'NK', 'KN', 'TN', 'NT', 'ZZ']);

function parseNiNumber(input: string): ParsedIdentifier {
  const match = NI_NUMBER.exec(input);
  if (!match) return refuse(NI_FORMAT);
  const [, first = '', second = '', suffix = ''] = match;
  if (!'ABCD'.includes(suffix)) return refuse(NI_SUFFIX);
  if (NI_NEVER_FIRST.includes(first)) return refuse(NI_FIRST);
  if (NI_NEVER_SECOND.includes(second)) return refuse(NI_SECOND);
  if (NI_UNALLOCATED_PREFIXES.has(first + second)) {
    return refuse(`A National Insurance number never starts with ${first}${second}: check the first 2 letters`);
  }
  return { ok: true, value: input };
}

function parsePattern(input: string, pattern: RegExp, message: string): ParsedIdentifier {
  return pattern.test(input) ? { ok: true, value: input } : refuse(message);
}

/**
 * Normalises an identifier (spaces removed, upper case, canonical separators and padding) or
 * says what to fix.
 */
export function parseIdentifier(kind: IdentifierKind, raw: string, options: ParseOptions = {}): ParsedIdentifier {
  // Spaces anywhere are dropped: numbers are read off paper and screens in groups.
  const input = raw.replace(/\s+/g, '').toUpperCase();
  if (input === '') return refuse(`Enter the ${NAMES_IN_SENTENCE[kind]}`);
  switch (kind) {
    case 'pnc':
      return parsePnc(input, options.today ?? systemClock.now());
    case 'cro':
      return parseCro(input);
    case 'crn':
      return parsePattern(input, CRN, CRN_FORMAT);
    case 'prison-number':
      return parsePattern(input, PRISON_NUMBER, PRISON_FORMAT);
    case 'ni-number':
      return parseNiNumber(input);
    default: {
      const unknown: never = kind;
      throw new Error(`Unknown identifier kind: ${String(unknown)}`);
    }
  }
}

/**
 * A PNC number in canonical form for a year and a serial, with its check letter: for synthetic
 * records (the demo and the large seed), which must pass the same check as typed numbers.
 */
export function makePnc(year: number, serial: number): string {
  const digits = String(serial).padStart(7, '0');
  return `${year}/${digits}${checkLetter(String(year % 100).padStart(2, '0') + digits)}`;
}

/** A standard-form CRO number (serial up to 6 digits, 2-digit year) with its check letter. */
export function makeCro(serial: number, year: number): string {
  const digits = String(serial).padStart(6, '0');
  const yy = String(year % 100).padStart(2, '0');
  return `${digits}/${yy}${checkLetter(yy + digits)}`;
}
