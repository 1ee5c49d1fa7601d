/**
 * Name similarity as pg_trgm computes it, for the embedded engine, where the
 * extension cannot be relied on (ADR 0009): words are runs of letters and
 * digits, lower-cased, each padded with two spaces before and one after; a
 * name's trigrams are the set of three-character runs of its padded words;
 * similarity is shared trigrams over all distinct trigrams of both names.
 */

/** Lower case without accents, as the database's vigil_fold does with unaccent. */
export const foldName = (s: string): string => s.normalize('NFD').replace(/\p{M}+/gu, '').toLowerCase();

export function trigrams(text: string): Set<string> {
  const out = new Set<string>();
  for (const word of text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []) {
    const padded = [' ', ' ', ...word, ' '];
    for (let i = 0; i + 3 <= padded.length; i++) out.add(padded.slice(i, i + 3).join(''));
  }
  return out;
}

export function similarity(a: string | Set<string>, b: string | Set<string>): number {
  const ta = typeof a === 'string' ? trigrams(a) : a;
  const tb = typeof b === 'string' ? trigrams(b) : b;
  if (!ta.size || !tb.size) return 0;
  let common = 0;
  for (const t of ta) if (tb.has(t)) common += 1;
  return common / (ta.size + tb.size - common);
}

/** pg_trgm's default threshold for "similar" (the % operator). */
export const SIMILARITY_THRESHOLD = 0.3;
