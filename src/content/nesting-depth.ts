/**
 * How deeply the Markdown's blocks nest, counted without parsing it: for each line, the block quote
 * markers (`>`) and list markers (`-`, `+`, `*`, `1.`, `1)`) that open it, plus one level per two
 * columns of indentation (the least a nested list item needs). It may count more than a parser
 * would (deeply indented code), never less, and it reads each character once, so it is safe to run
 * on any input before the parser, which recurses once per level.
 */
export function nestingDepth(markdown: string): number {
  let deepest = 0;
  let at = 0;
  const length = markdown.length;
  while (at < length) {
    let markers = 0;
    let columns = 0;
    while (at < length) {
      const c = markdown.charCodeAt(at);
      if (c === SPACE) {
        columns += 1;
        at += 1;
      } else if (c === TAB) {
        columns += 4 - (columns % 4);
        at += 1;
      } else if (c === GREATER) {
        markers += 1;
        at += 1;
      } else if ((c === DASH || c === PLUS || c === STAR) && isBlankOrEnd(markdown.charCodeAt(at + 1))) {
        markers += 1;
        at += 1;
      } else if (c >= ZERO && c <= NINE) {
        let end = at;
        while (end < length && end - at < 9 && isDigit(markdown.charCodeAt(end))) end += 1;
        const after = markdown.charCodeAt(end);
        if ((after !== DOT && after !== PAREN) || !isBlankOrEnd(markdown.charCodeAt(end + 1))) break;
        markers += 1;
        at = end + 1;
      } else {
        break;
      }
    }
    deepest = Math.max(deepest, markers + Math.floor(columns / 2));
    const newline = markdown.indexOf('\n', at);
    at = newline === -1 ? length : newline + 1;
  }
  return deepest;
}

const SPACE = 0x20;
const TAB = 0x09;
const GREATER = 0x3e;
const DASH = 0x2d;
const PLUS = 0x2b;
const STAR = 0x2a;
const DOT = 0x2e;
const PAREN = 0x29;
const ZERO = 0x30;
const NINE = 0x39;

function isDigit(c: number): boolean {
  return c >= ZERO && c <= NINE;
}

/** A space, tab, line end or the end of the text (NaN) after a list marker. */
function isBlankOrEnd(c: number): boolean {
  return Number.isNaN(c) || c === SPACE || c === TAB || c === 0x0a;
}
