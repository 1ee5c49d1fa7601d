import { describe, expect, it } from 'vitest';
import { checkedValues } from './schema.codegen.ts';

describe('checkedValues', () => {
  it('reads the values of a column = ANY (ARRAY[...]) check as PostgreSQL prints it', () => {
    expect(checkedValues('kind', "CHECK ((kind = ANY (ARRAY['police-force'::text, 'other'::text])))")).toEqual(['police-force', 'other']);
    expect(checkedValues('note', "CHECK ((note = ANY (ARRAY['it''s'::text, 'a, b'::text])))")).toEqual(["it's", 'a, b']);
  });

  it('leaves any other check alone, and a check on another column', () => {
    expect(checkedValues('level', 'CHECK ((level = ANY (ARRAY[2, 3])))')).toBeUndefined();
    expect(checkedValues('name', "CHECK ((length(name) <= 200))")).toBeUndefined();
    expect(checkedValues('kind', "CHECK ((other = ANY (ARRAY['a'::text])))")).toBeUndefined();
    expect(checkedValues('kind', "CHECK (((kind IS NULL) OR (kind = ANY (ARRAY['a'::text]))))")).toBeUndefined();
  });
});
