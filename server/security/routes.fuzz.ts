import fc from 'fast-check';

/** A form as a page renders it: where it posts, its field names with the values offered, and its file field. */
export interface FormShape {
  /** The page that showed the form, to open again for a fresh copy (its version moves as things change). */
  page: string;
  fields: Map<string, string[]>;
  file?: string;
  multipart: boolean;
}

const decode = (s: string) => s.replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>');
const attr = (tag: string, name: string) => {
  const m = new RegExp(`\\s${name}="([^"]*)"`, 'i').exec(tag);
  return m ? decode(m[1]!) : undefined;
};

/** The POST forms of a page, by the path they post to (a form with no action posts to the page's own path). */
export function formsOf(html: string, pagePath: string): Map<string, FormShape> {
  const out = new Map<string, FormShape>();
  for (const m of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/gi)) {
    const [, open = '', inner = ''] = m;
    if ((attr(open, 'method') ?? 'get').toLowerCase() !== 'post') continue;
    const action = (attr(open, 'action') || pagePath).split('?')[0]!.split('#')[0]!;
    const shape = out.get(action) ?? { page: pagePath, fields: new Map<string, string[]>(), multipart: false };
    shape.multipart ||= /multipart\/form-data/i.test(open);
    const add = (name: string | undefined, value: string | undefined) => {
      if (!name || name === '_csrf') return;
      const values = shape.fields.get(name) ?? [];
      if (value !== undefined && !values.includes(value)) values.push(value);
      shape.fields.set(name, values);
    };
    for (const t of inner.matchAll(/<input\b[^>]*>/gi)) {
      if (attr(t[0], 'type')?.toLowerCase() === 'file') shape.file = attr(t[0], 'name');
      else add(attr(t[0], 'name'), attr(t[0], 'value'));
    }
    for (const t of inner.matchAll(/<textarea\b([^>]*)>([\s\S]*?)<\/textarea>/gi)) add(attr(t[1]!, 'name'), decode(t[2]!));
    for (const t of inner.matchAll(/<select\b([^>]*)>([\s\S]*?)<\/select>/gi)) {
      const name = attr(t[1]!, 'name');
      add(name, undefined);
      for (const o of t[2]!.matchAll(/<option\b[^>]*>/gi)) add(name, attr(o[0], 'value'));
    }
    for (const t of inner.matchAll(/<button\b[^>]*>/gi)) add(attr(t[0], 'name'), attr(t[0], 'value'));
    out.set(action, shape);
  }
  return out;
}

/** Names worth trying on a route whose form the walk never saw. */
export const COMMON_FIELDS = ['version', 'reason', 'id', 'name', 'roles', 'username', 'email', 'unitId', 'details', 'action', 'outcome', 'level', 'kind', 'date', 'date-day', 'date-month', 'date-year', 'confirm', 'answer', 'code', 'password', 'relationship', 'scopes', 'days'];

/** Text a form should take or refuse plainly: bidi overrides and zero-width (cleaned away), unicode, long, numeric and date edges, markup. */
const AWKWARD = [
  '\u202e\u2066txt.exe\u2069', '\u200b', '\u200d\u200c', '\ufeff', 'line\r\nbreak', 'Ω≈ç√∫', '𝕍𝕚𝕘𝕚𝕝', '👩🏽‍⚕️', 'Zalgơ̸̢͔͉', '', ' ', ' \t\n ',
  '0', '-1', '1.5', '1e309', '99999999999999999999', 'NaN', 'null', 'true', '2026-02-30', '0000-00-00', '31/12/1999', '<script>alert(1)</script>',
  "' or '1'='1", '../../../../etc/passwd', '%00', '\\', '__proto__', 'administrator', 'national-administrator', 'vetting-authoriser',
  '00000000-0000-0000-0000-000000000000',
];
/** Control characters: NUL (hole 6), bell, escape, DEL, C1. They must be refused, never stored and never a 500. */
const CONTROL = ['\u0000', 'a\u0000b', '\u0007\u001b[31m', '\u007f', '\u0085'];

const long = fc.integer({ min: 0, max: 2 }).map((n) => 'x'.repeat(6_000 * 2 ** n));

function text(dirty: boolean, json: boolean): fc.Arbitrary<string> {
  const options: fc.WeightedArbitrary<string>[] = [
    { weight: 4, arbitrary: fc.constantFrom(...AWKWARD) },
    { weight: 2, arbitrary: fc.string({ unit: 'grapheme-ascii', maxLength: 40 }) },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }) },
    { weight: 1, arbitrary: fc.uuid() },
    { weight: 1, arbitrary: long },
  ];
  if (dirty) options.push({ weight: 3, arbitrary: fc.constantFrom(...CONTROL) }, { weight: 1, arbitrary: fc.string({ unit: json ? 'binary' : 'grapheme', maxLength: 20 }) });
  return fc.oneof(...options);
}

/** A value for one field: one the form offers, an awkward text, or several (a repeated field); JSON adds other types. */
function value(offered: string[], dirty: boolean, json: boolean): fc.Arbitrary<unknown> {
  const options: fc.WeightedArbitrary<unknown>[] = [
    { weight: 3, arbitrary: text(dirty, json) },
    { weight: 1, arbitrary: fc.array(text(dirty, json), { minLength: 2, maxLength: 3 }) },
  ];
  if (offered.length) options.push({ weight: 5, arbitrary: fc.constantFrom(...offered) });
  if (json) options.push({ weight: 1, arbitrary: fc.oneof(fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.dictionary(fc.string({ maxLength: 5 }), text(dirty, json), { maxKeys: 2 })) });
  return fc.oneof(...options);
}

export type Encoding = 'form' | 'json' | 'multipart';

export interface FuzzedRequest {
  encoding: Encoding;
  body: Record<string, unknown>;
  file?: { field: string; name: string; type: string; content: Uint8Array };
}

/**
 * What a person might type in a field the form offers no value for, by the field's name: a real date
 * for the day, month and year boxes, an email address, plain words. The base a spoiled field sits in.
 */
function plausible(name: string, offered: string[]): fc.Arbitrary<string> {
  const real = offered.filter((v) => v !== '');
  if (real.length) return fc.constantFrom(...real);
  if (/-day$/i.test(name)) return fc.integer({ min: 1, max: 28 }).map(String);
  if (/-month$/i.test(name)) return fc.integer({ min: 1, max: 12 }).map(String);
  if (/-year$/i.test(name)) return fc.integer({ min: 2015, max: 2025 }).map(String);
  if (/time$/i.test(name)) return fc.constantFrom('09:30', '14:05');
  if (/email/i.test(name)) return fc.constantFrom('someone@example.org');
  if (/username/i.test(name)) return fc.constantFrom('police.officer', 'probation.officer', 'no.such.person');
  if (/(days|months|years|level|number|count)$/i.test(name)) return fc.integer({ min: 1, max: 30 }).map(String);
  return fc.constantFrom('Invented words for a test', 'Plain text', 'Walked by the route suite');
}

const file = (shape: FormShape | undefined, encoding: Encoding) =>
  shape?.file && encoding === 'multipart'
    ? fc.option(fc.record({ field: fc.constant(shape.file), name: fc.constantFrom('photo.png', 'scan.pdf', '..%2f..%2fpasswd', '\u202egnp.exe', 'x'.repeat(300)), type: fc.constantFrom('image/png', 'application/pdf', 'text/html', 'application/octet-stream'), content: fc.uint8Array({ maxLength: 64 }) }), { nil: undefined })
    : fc.constant(undefined);

/**
 * A request body for a route, in one of two ways. Spoiled: the form filled in as a person would, with
 * one or two fields replaced by awkward or control-character text, so the request gets far into the
 * operation before anything is wrong. Anything: every field offered or awkward, a few dropped, a few
 * made up. A quarter of the bodies carry control characters.
 */
export function requestArbitrary(shape: FormShape | undefined, api: boolean): fc.Arbitrary<FuzzedRequest> {
  const fields = shape?.fields ?? new Map(COMMON_FIELDS.map((n) => [n, [] as string[]]));
  const names = [...fields.keys()];
  const encodings: Encoding[] = api ? ['json'] : shape?.multipart ? ['multipart', 'form'] : ['form', 'json'];
  return fc.tuple(fc.constantFrom(...encodings), fc.boolean(), fc.boolean(), fc.boolean()).chain(([encoding, d1, d2, spoiled]) => {
    const json = encoding === 'json';
    const dirty = d1 && d2;
    let body: fc.Arbitrary<Record<string, unknown>>;
    if (spoiled && names.length) {
      const base = fc.record(Object.fromEntries([...fields].map(([name, offered]) => [name, plausible(name, offered)])));
      const spoils = fc.dictionary(fc.constantFrom(...names), value([], dirty, json), { minKeys: 1, maxKeys: Math.min(2, names.length) });
      body = fc.tuple(base, spoils).map(([b, x]) => ({ ...b, ...x }));
    } else {
      const known = Object.fromEntries([...fields].map(([name, offered]) => [name, value(offered, dirty, json)]));
      const extra = fc.dictionary(fc.oneof(fc.constantFrom(...COMMON_FIELDS, '__proto__', 'constructor', 'a[b]', ''), fc.string({ maxLength: 12 })), value([], dirty, json), { maxKeys: 2 });
      body = fc.tuple(fc.record(known), fc.subarray(names, { maxLength: Math.min(2, names.length) }), extra).map(([k, drop, e]) => {
        for (const name of drop) delete k[name];
        return { ...e, ...k };
      });
    }
    return fc.record({ encoding: fc.constant(encoding), body, file: file(shape, encoding) });
  });
}

/**
 * Three bodies sent as they are, whatever fast-check draws, by one walker who may use the route: the
 * form filled in with NUL inside every value (hole 6), every field repeated, and (as JSON) every field
 * an object. The shapes that have broken services before, every time.
 */
export function edgeBodies(shape: FormShape | undefined, api: boolean): FuzzedRequest[] {
  const fields = shape?.fields ?? new Map(COMMON_FIELDS.map((n) => [n, [] as string[]]));
  const first = (name: string, offered: string[]) => fc.sample(plausible(name, offered), { seed: 1, numRuns: 1 })[0]!;
  const each = (f: (name: string, offered: string[]) => unknown) => Object.fromEntries([...fields].map(([name, offered]) => [name, f(name, offered)]));
  const nul: FuzzedRequest = { encoding: api ? 'json' : 'form', body: each((n, o) => `${first(n, o)}\u0000`) };
  const repeated: FuzzedRequest = { encoding: api ? 'json' : 'form', body: each((n, o) => [first(n, o), first(n, o)]) };
  const objects: FuzzedRequest = { encoding: 'json', body: each(() => ({ a: 1 })) };
  return [nul, repeated, objects];
}

/** A path segment that is not a real id: a random UUID, or junk a router or a query might choke on. */
export const JUNK_SEGMENTS = [
  'x', // not an id at all
  '%C0%AF', // an overlong UTF-8 "/" that cannot be decoded (hole 8: a path that does not decode)
  '%00', // NUL (hole 6: PostgreSQL refuses it in text)
  'a%00b',
  '..%2F..%2Fetc',
  '%E2%80%AE%E2%81%A6',
  `${'9'.repeat(400)}`,
];
