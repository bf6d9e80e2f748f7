// Feed pages are written as bytes line by line into a buffer kept between documents (xml-tree.ts),
// instead of joining one large string: on random documents (any text, Latin-1 or not, emoji, lone
// surrogates, characters XML forbids, documents larger than the kept buffer), the bytes are exactly
// the UTF-8 of the joined text, and a document's bytes stay as they were when the next is written.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  el,
  serializeXmlBytes,
  serializeXmlDocument,
  type XmlElement,
} from '../../../src/render/feeds/xml-tree.ts';

const text = fc.oneof(
  { arbitrary: fc.string({ unit: 'binary', maxLength: 40 }), weight: 10 },
  { arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }), weight: 10 },
  {
    arbitrary: fc.constantFrom(
      'a & b < c > d\r\n',
      '\uD800 lone',
      '\u0001\uFFFE',
      'Ünïcödé — “quoted”',
      '😀',
    ),
    weight: 10,
  },
  // Large enough that one or two of them outgrow the buffer kept between documents; three bytes
  // of UTF-8 per character.
  { arbitrary: fc.integer({ min: 1, max: 3 }).map((n) => 'é<p>'.repeat(n * 40_000)), weight: 1 },
  { arbitrary: fc.integer({ min: 1, max: 3 }).map((n) => '€'.repeat(n * 50_000)), weight: 1 },
);

const tree: fc.Arbitrary<XmlElement> = fc.letrec<{ node: XmlElement }>((tie) => ({
  node: fc
    .record({
      name: fc.constantFrom('item', 'title', 'atom:link', 'content:encoded'),
      attributes: fc.dictionary(fc.constantFrom('href', 'rel', 'type'), text, { maxKeys: 2 }),
      children: fc.array(fc.oneof({ depthSize: 'small' }, text, tie('node')), { maxLength: 4 }),
    })
    .map(({ name, attributes, children }) => el(name, attributes, children)),
})).node;

describe('a feed document as bytes', () => {
  it('is the UTF-8 of the document text, and keeps its bytes when the next is written', () => {
    fc.assert(
      fc.property(tree, tree, fc.option(text, { nil: undefined }), (first, second, stylesheet) => {
        const options = stylesheet === undefined ? {} : { stylesheet };
        const bytes = serializeXmlBytes(first, options);
        const copy = Buffer.from(bytes);
        expect(bytes.equals(Buffer.from(serializeXmlDocument(first, options), 'utf8'))).toBe(true);
        expect(serializeXmlBytes(second).equals(Buffer.from(serializeXmlDocument(second), 'utf8'))).toBe(
          true,
        );
        expect(bytes.equals(copy)).toBe(true);
      }),
      { numRuns: Number(process.env.HERALD_PROPERTY_RUNS ?? 50) },
    );
  });
});
