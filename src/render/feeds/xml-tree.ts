// A tiny XML writer: elements as plain data, serialized with every value escaped in one place.
import { escapeXmlAttribute, escapeXmlText } from './xml-text.ts';

/** A child that is `undefined` or `false` is left out, so optional elements read as `cond && el(…)`. */
export type XmlChild = XmlElement | string | undefined | false;

export interface XmlElement {
  name: string;
  /** Written in insertion order; an `undefined` value leaves the attribute out. */
  attributes: Readonly<Record<string, string | undefined>>;
  children: readonly XmlChild[];
}

export function el(
  name: string,
  attributes: Readonly<Record<string, string | undefined>> = {},
  children: readonly (XmlChild | readonly XmlChild[])[] = [],
): XmlElement {
  return { name, attributes, children: children.flat() };
}

/** Shorthand for an element holding only text. */
export function textEl(
  name: string,
  text: string,
  attributes: Readonly<Record<string, string | undefined>> = {},
): XmlElement {
  return el(name, attributes, [text]);
}

export interface XmlDocumentOptions {
  /** Path or URL of an XSLT stylesheet, written as an `xml-stylesheet` processing instruction. */
  stylesheet?: string;
}

/** A whole UTF-8 document: declaration, optional stylesheet instruction, the root element, a final newline. */
export function serializeXmlDocument(root: XmlElement, options: XmlDocumentOptions = {}): string {
  const lines = documentLines(root, options);
  // The final newline joined in with the rest: appended to the joined text, it made a second string
  // that had to be copied whole into one piece again before its bytes could be taken.
  lines.push('');
  return lines.join('\n');
}

/**
 * The same document as serializeXmlDocument, as UTF-8 bytes, encoded line by line into a buffer
 * kept for the next document and copied out once. A feed page is ~160 KB of text: joined into one
 * string, it is a new large object of up to twice that (two bytes per character as soon as one is
 * not Latin-1), allocated fresh from the system and touched page by page, then encoded into a third
 * copy. That cost 2–3 ms per page where encoding the lines costs about 0.6 ms.
 */
export function serializeXmlBytes(root: XmlElement, options: XmlDocumentOptions = {}): Buffer {
  const lines = documentLines(root, options);
  let used = 0;
  for (const line of lines) {
    // Three bytes per UTF-16 unit at most, and the newline.
    const most = used + line.length * 3 + 1;
    if (most > scratch.length) {
      const larger = Buffer.allocUnsafeSlow(Math.max(most, scratch.length * 2));
      scratch.copy(larger, 0, 0, used);
      scratch = larger;
    }
    used += scratch.write(line, used, 'utf8');
    scratch[used++] = 0x0a;
  }
  const bytes = Buffer.allocUnsafeSlow(used);
  scratch.copy(bytes, 0, 0, used);
  // A rare huge document does not keep its buffer for good.
  if (scratch.length > MAX_KEPT_SCRATCH) scratch = Buffer.allocUnsafeSlow(INITIAL_SCRATCH);
  return bytes;
}

const INITIAL_SCRATCH = 256 * 1024;
const MAX_KEPT_SCRATCH = 4 * 1024 * 1024;
let scratch = Buffer.allocUnsafeSlow(INITIAL_SCRATCH);

function documentLines(root: XmlElement, options: XmlDocumentOptions): string[] {
  const lines = ['<?xml version="1.0" encoding="utf-8"?>'];
  if (options.stylesheet !== undefined) {
    // Pseudo-attributes follow attribute escaping (xml-stylesheet §2), which also keeps `?>` out.
    lines.push(`<?xml-stylesheet type="text/xsl" href="${escapeXmlAttribute(options.stylesheet)}"?>`);
  }
  writeElement(root, 0, lines);
  return lines;
}

function writeElement(element: XmlElement, depth: number, lines: string[]): void {
  const indent = '  '.repeat(depth);
  const open = `${element.name}${formatAttributes(element.attributes)}`;
  const children = element.children.filter((c): c is XmlElement | string => c !== undefined && c !== false);
  if (children.length === 0) {
    lines.push(`${indent}<${open}/>`);
  } else if (children.every((c) => typeof c === 'string')) {
    // Text-only elements stay on one line so no indentation whitespace leaks into their value.
    lines.push(`${indent}<${open}>${children.map(escapeXmlText).join('')}</${element.name}>`);
  } else {
    lines.push(`${indent}<${open}>`);
    for (const child of children) {
      if (typeof child === 'string') lines.push(`${indent}  ${escapeXmlText(child)}`);
      else writeElement(child, depth + 1, lines);
    }
    lines.push(`${indent}</${element.name}>`);
  }
}

function formatAttributes(attributes: Readonly<Record<string, string | undefined>>): string {
  return Object.entries(attributes)
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .map(([name, value]) => ` ${name}="${escapeXmlAttribute(value)}"`)
    .join('');
}
