// A document made of many pieces (lines, items), as UTF-8 bytes, without joining the pieces into one
// string first. Written by hand because no library does this small thing: a feed page is ~160 KB of
// text, and joined it is a new large object of up to twice that (two bytes per character as soon as
// one is not Latin-1), allocated fresh from the system, touched page by page and then encoded into a
// third copy; that cost 2–3 ms per page here, encoding the pieces into a buffer kept between
// documents about 0.6 ms.
import { scratchBuffer } from '../memory.ts';

/** A larger document gets a buffer of its own, so the kept one stays small. */
const MAX_KEPT_BYTES = 4 * 1024 * 1024;
const scratch = scratchBuffer(
  'the document buffer',
  'one buffer every feed page is encoded into before its bytes are copied out',
  '4 MB (a larger document is encoded into a buffer of its own)',
  256 * 1024,
);

/** The UTF-8 bytes of the pieces, each followed by `suffix`: a buffer of its own. */
export function utf8Of(pieces: readonly string[], suffix = ''): Buffer {
  // Three bytes per UTF-16 unit at most.
  let most = 0;
  for (const piece of pieces) most += (piece.length + suffix.length) * 3;
  const target = most > MAX_KEPT_BYTES ? Buffer.allocUnsafeSlow(most) : scratch.atLeast(most);
  let used = 0;
  for (const piece of pieces) {
    used += target.write(piece, used, 'utf8');
    if (suffix !== '') used += target.write(suffix, used, 'utf8');
  }
  const bytes = Buffer.allocUnsafeSlow(used);
  target.copy(bytes, 0, 0, used);
  return bytes;
}

/**
 * `JSON.stringify(value, null, 2)` and a final newline, as bytes, for an object whose last property
 * is a long array (a JSON Feed's items): the array's elements are written one by one, indented as
 * JSON.stringify indents them. JSON.stringify writes no raw line break inside a string, so every
 * line break of an element's text is one of its lines.
 */
export function prettyJsonWithList(value: Record<string, unknown>, list: string): Buffer {
  const elements = value[list];
  const last = Object.keys(value).at(-1);
  if (!Array.isArray(elements) || elements.length === 0 || last !== list) {
    return utf8Of([JSON.stringify(value, null, 2)], '\n');
  }
  const head = JSON.stringify({ ...value, [list]: [] }, null, 2);
  // The head ends with `"list": []` and the closing brace.
  const ending = `${JSON.stringify(list)}: []\n}`;
  if (!head.endsWith(ending)) return utf8Of([JSON.stringify(value, null, 2)], '\n');
  const pieces = [`${head.slice(0, -ending.length)}${JSON.stringify(list)}: [\n    `];
  elements.forEach((element, i) => {
    if (i > 0) pieces.push(',\n    ');
    // An element JSON.stringify would write as `null` (undefined, a function) is written so here too.
    pieces.push((JSON.stringify(element, null, 2) ?? 'null').replaceAll('\n', '\n    '));
  });
  pieces.push('\n  ]\n}\n');
  return utf8Of(pieces);
}
