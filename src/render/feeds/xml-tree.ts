// A tiny XML writer: elements as plain data, serialized with every value escaped in one place.
import { utf8Of } from '../utf8-pieces.ts';
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

/** The same document as serializeXmlDocument, as UTF-8 bytes (see utf8-pieces.ts). */
export function serializeXmlBytes(root: XmlElement, options: XmlDocumentOptions = {}): Buffer {
  return utf8Of(documentLines(root, options), '\n');
}

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
