import type { Request, RequestHandler } from 'express';
import { AppError, badRequest, type FieldError } from '../errors.ts';

/**
 * One place where every form, query string, path and API body is cleaned (ADR 0025).
 *
 * Invisible format characters (zero-width spaces and joiners, the byte-order mark,
 * direction marks, embeddings, overrides and isolates) carry no meaning in a name or a
 * note, make a stored name unfindable by what is typed, and can make shown text lie
 * about its order: they are removed. Control characters (NUL and the other C0 controls
 * except tab and line breaks, DEL, C1 controls), lone surrogates and noncharacters
 * cannot be stored or shown honestly: they are refused with a message that says what
 * to fix, rather than silently changed.
 */

// U+200B..U+200F: zero-width space, non-joiner, joiner, left-to-right and right-to-left marks.
const INVISIBLE = /[\u200B-\u200F\u202A-\u202E\u2060\u2066-\u2069\uFEFF\u061C]/g;
// Any control (C0, DEL, C1) but tab and line breaks. \p{Cs} under the u flag matches only a
// surrogate with no partner.
const CONTROL = /[^\P{Cc}\t\n\r]|\p{Cs}|\p{Noncharacter_Code_Point}/u;

/** Deeper than any form or API body Vigil takes: a guard against a body built to exhaust the stack. */
export const MAX_DEPTH = 32;

export const hasControl = (text: string): boolean => CONTROL.test(text);
export const stripInvisible = (text: string): string => text.replace(INVISIBLE, '');

/** Passwords are hashed as typed: removing a character would change the password without saying so. */
const keptAsTyped = (key: string) => /password/i.test(key);

/** The cleaned text, or undefined when it holds a character that must be refused. */
export function cleanText(text: string, asTyped = false): string | undefined {
  if (hasControl(text)) return undefined;
  return asTyped ? text : stripInvisible(text);
}

const refusal = (field: string): FieldError => ({ field, message: `Remove the hidden control character from ${field} and try again.` });

class TooDeep extends Error {}

/**
 * Cleans strings in place through objects and arrays, collecting a refusal for each field
 * that holds a control character. Keys are never typed by a person, so an unusual key is
 * refused, not cleaned.
 */
export function cleanValue(value: unknown, path: string, problems: FieldError[], depth = 0, asTyped = false): unknown {
  if (typeof value === 'string') {
    const cleaned = cleanText(value, asTyped);
    if (cleaned === undefined) problems.push(refusal(path || 'form'));
    return cleaned ?? value;
  }
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_DEPTH) throw new TooDeep();
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = cleanValue(value[i], path ? `${path}.${i}` : String(i), problems, depth + 1, asTyped);
    return value;
  }
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (hasControl(key) || stripInvisible(key) !== key) {
      problems.push({ field: path || 'form', message: 'Remove the hidden control character from a field name and try again.' });
      continue;
    }
    // Assigning to an own property, never through the prototype, even for a key named __proto__.
    record[key] = cleanValue(record[key], path ? `${path}.${key}` : key, problems, depth + 1, asTyped || keptAsTyped(key));
  }
  return record;
}

/** A field's path as words for a page: "dateOfBirth-day" is "date of birth day". */
export function fieldLabel(path: string): string {
  const words = path
    .split('.')
    .filter((part) => !/^\d+$/.test(part))
    .join(' ')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[-_\s]+/g, ' ')
    .trim()
    .toLowerCase();
  return words || 'the form';
}

export const badAddress = () => new AppError(400, 'bad-address', 'That address is not valid. Check the link and try again.');

const unreadable = () => badRequest('malformed-request', 'The request could not be read. Check what you sent and try again.');

/** A path whose escapes do not decode, or that decodes to a control character. */
function pathIsBad(pathname: string): boolean {
  for (const segment of pathname.split('/')) {
    if (!segment.includes('%')) {
      if (hasControl(segment)) return true;
      continue;
    }
    try {
      if (hasControl(decodeURIComponent(segment))) return true;
    } catch {
      return true;
    }
  }
  return false;
}

function cleanRequest(req: Request): AppError | undefined {
  if (pathIsBad(req.path)) return badAddress();
  const queryProblems: FieldError[] = [];
  const bodyProblems: FieldError[] = [];
  try {
    // Express 5 parses req.query afresh on every read: keep the cleaned copy as the request's own.
    const query = cleanValue(req.query, '', queryProblems);
    Object.defineProperty(req, 'query', { value: query, writable: true, configurable: true, enumerable: true });
    if (req.body !== undefined) req.body = cleanValue(req.body, '', bodyProblems);
  } catch (error) {
    if (error instanceof TooDeep) return unreadable();
    throw error;
  }
  // The file's content is the person's own bytes and is left alone; its name is shown and stored.
  if (req.file) {
    const name = cleanText(req.file.originalname);
    if (name === undefined) bodyProblems.push(refusal('file'));
    else req.file.originalname = name;
  }
  const problems = [...bodyProblems, ...queryProblems];
  const first = problems[0];
  if (!first) return undefined;
  const where = bodyProblems.length ? fieldLabel(first.field) : 'what you searched for';
  return badRequest('control-character', `Remove the hidden control character from ${where} and try again. It can come in when text is pasted from another program.`, problems);
}

/**
 * Mounted once every body is parsed (forms, uploads' fields and API JSON), and before any
 * route reads what was sent.
 */
export const cleanInput: RequestHandler = (req, _res, next) => next(cleanRequest(req));
