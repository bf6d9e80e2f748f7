// Reads an XML document back into xml-tree's elements, with a strict XML 1.0 parser (saxes): anything
// not well-formed throws instead of being guessed at, so a fault upstream can never be passed along.
import { SaxesParser } from 'saxes';
import type { XmlElement } from './xml-tree.ts';

export interface ParsedXmlDocument {
  root: XmlElement;
  processingInstructions: { target: string; body: string }[];
}

interface OpenElement {
  name: string;
  attributes: Record<string, string>;
  children: (OpenElement | string)[];
}

/**
 * Parses `xml` into elements whose children are elements and text (CDATA sections become plain text).
 * Whitespace-only text between child elements is indentation and is dropped; an element holding only
 * text keeps it exactly.
 */
export function parseXmlDocument(xml: string): ParsedXmlDocument {
  const parser = new SaxesParser();
  const stack: OpenElement[] = [];
  const processingInstructions: ParsedXmlDocument['processingInstructions'] = [];
  let root: OpenElement | undefined;
  parser.on('error', (error) => {
    throw error;
  });
  parser.on('processinginstruction', ({ target, body }) => {
    processingInstructions.push({ target: target ?? '', body });
  });
  parser.on('opentag', (tag) => {
    const element: OpenElement = { name: tag.name, attributes: { ...tag.attributes }, children: [] };
    const parent = stack.at(-1);
    if (parent) parent.children.push(element);
    else root = element;
    stack.push(element);
  });
  const addText = (text: string) => {
    const current = stack.at(-1);
    if (!current) return;
    const last = current.children.at(-1);
    if (typeof last === 'string') current.children[current.children.length - 1] = last + text;
    else current.children.push(text);
  };
  parser.on('text', addText);
  parser.on('cdata', addText);
  parser.on('closetag', () => {
    stack.pop();
  });
  parser.write(xml).close();
  if (!root) throw new Error('XML document has no root element');
  return { root: freeze(root), processingInstructions };
}

/** XML 1.0 §2.3 `S`: the only characters indentation is made of. */
const XML_WHITESPACE = /^[ \t\r\n]*$/;

function freeze(element: OpenElement): XmlElement {
  const hasElements = element.children.some((c) => typeof c !== 'string');
  const children = element.children
    .filter((c) => !(hasElements && typeof c === 'string' && XML_WHITESPACE.test(c)))
    .map((c) => (typeof c === 'string' ? c : freeze(c)));
  return { name: element.name, attributes: element.attributes, children };
}
