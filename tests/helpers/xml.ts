// A strict XML 1.0 parser for tests: saxes rejects anything not well-formed, including characters XML
// forbids, and resolves namespaces, so a test can ask what a reader would actually see.
import { SaxesParser } from 'saxes';

export interface XmlNode {
  /** Qualified name as written, e.g. `atom:link`. */
  name: string;
  local: string;
  /** Namespace URI; empty when the element is in no namespace. */
  uri: string;
  /** Attribute values by qualified name (`xml:lang`, `isPermaLink`), as a parser reports them. */
  attributes: Record<string, string>;
  /** Namespaces declared on this element, by prefix (`''` for the default namespace). */
  namespaces: Record<string, string>;
  children: XmlNode[];
  /** The element's own character data (not its descendants'), concatenated. */
  text: string;
}

export interface XmlDocument {
  root: XmlNode;
  processingInstructions: { target: string; body: string }[];
}

/** Parses `xml` or throws with saxes' message (line and column included). */
export function parseXmlStrict(xml: string): XmlDocument {
  const parser = new SaxesParser({ xmlns: true });
  const stack: XmlNode[] = [];
  const processingInstructions: XmlDocument['processingInstructions'] = [];
  let root: XmlNode | undefined;
  parser.on('error', (error) => {
    throw error;
  });
  parser.on('processinginstruction', ({ target, body }) => {
    processingInstructions.push({ target, body });
  });
  parser.on('opentag', (tag) => {
    const node: XmlNode = {
      name: tag.name,
      local: tag.local,
      uri: tag.uri,
      attributes: Object.fromEntries(Object.entries(tag.attributes).map(([name, a]) => [name, a.value])),
      namespaces: { ...tag.ns },
      children: [],
      text: '',
    };
    const parent = stack.at(-1);
    if (parent) parent.children.push(node);
    else root = node;
    stack.push(node);
  });
  parser.on('text', (text) => {
    const current = stack.at(-1);
    if (current) current.text += text;
  });
  parser.on('cdata', (text) => {
    const current = stack.at(-1);
    if (current) current.text += text;
  });
  parser.on('closetag', () => {
    stack.pop();
  });
  parser.write(xml).close();
  if (!root) throw new Error('no root element');
  return { root, processingInstructions };
}

/** Direct children named `name` (qualified, as written). */
export function childrenNamed(node: XmlNode, name: string): XmlNode[] {
  return node.children.filter((c) => c.name === name);
}

/** The only direct child named `name`; throws when there is none or more than one. */
export function onlyChild(node: XmlNode, name: string): XmlNode {
  const found = childrenNamed(node, name);
  if (found.length !== 1)
    throw new Error(`<${node.name}> has ${found.length} <${name}> children, expected 1`);
  return found[0] as XmlNode;
}

/** Text of the only direct child named `name`. */
export function childText(node: XmlNode, name: string): string {
  return onlyChild(node, name).text;
}

/** Every element in document order, `node` included. */
export function allElements(node: XmlNode): XmlNode[] {
  return [node, ...node.children.flatMap(allElements)];
}
