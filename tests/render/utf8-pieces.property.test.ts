// A JSON Feed page is written item by item into bytes instead of as one string (utf8-pieces.ts): on
// random objects whose last property is a list (any JSON values, strings with line breaks, quotes,
// non-Latin-1 text and lone surrogates, lists empty or holding undefined), the bytes are exactly
// JSON.stringify's two-space text and a final newline.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { prettyJsonWithList } from '../../src/render/utf8-pieces.ts';

const value = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.constantFrom('line\nbreak', 'quote " and \\', '\uD800', 'Ünïcödé — “x”', undefined),
);

describe('a pretty-printed JSON object with a long list, as bytes', () => {
  it('is what JSON.stringify writes with two spaces, and a newline', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.string({ maxLength: 8 }), value, { maxKeys: 4 }),
        fc.array(value, { maxLength: 6 }),
        (fields, items) => {
          const object: Record<string, unknown> = { ...fields };
          delete object.items;
          object.items = items;
          const expected = Buffer.from(`${JSON.stringify(object, null, 2)}\n`, 'utf8');
          expect(prettyJsonWithList(object, 'items').equals(expected)).toBe(true);
        },
      ),
      { numRuns: Number(process.env.HERALD_PROPERTY_RUNS ?? 200) },
    );
  });
});
