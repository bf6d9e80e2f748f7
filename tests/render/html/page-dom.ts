// Reads rendered pages with a real HTML5 parser (parse5), the way a browser would.
import { type DefaultTreeAdapterTypes, type ParserError, parse } from 'parse5';
import type { Site } from '../../../src/model.ts';
import { htmlRoutes } from '../../../src/render/html/html-routes.ts';
import type { Rendered } from '../../../src/render/representation.ts';

type Node = DefaultTreeAdapterTypes.Node;
export type Element = DefaultTreeAdapterTypes.Element;

export interface Page {
  rendered: Rendered;
  source: string;
  /** Spec parse errors (e.g. unclosed tags, bad nesting); a well-formed page has none. */
  parseErrors: ParserError[];
  /** Every element in document order. */
  elements: Element[];
}

/** Renders the HTML page at `path`; fails the test if the site has no such page. */
export function renderPage(site: Site, path: string): Page {
  const route = htmlRoutes(site).find(([routePath]) => routePath === path);
  if (!route) throw new Error(`no HTML route for ${path}`);
  return parsePage(route[1]());
}

export function parsePage(rendered: Rendered): Page {
  const source = rendered.body.toString();
  const parseErrors: ParserError[] = [];
  const document = parse(source, { onParseError: (error) => parseErrors.push(error) });
  const elements: Element[] = [];
  const walk = (node: Node) => {
    if ('tagName' in node) elements.push(node);
    if ('childNodes' in node) for (const child of node.childNodes) walk(child);
  };
  walk(document);
  return { rendered, source, parseErrors, elements };
}

export function attr(element: Element, name: string): string | undefined {
  return element.attrs.find((a) => a.name === name)?.value;
}

/** Text content with runs of white space collapsed, as a reader sees it. */
export function textOf(node: Node): string {
  const parts: string[] = [];
  const walk = (n: Node) => {
    if (n.nodeName === '#text' && 'value' in n) parts.push(n.value);
    if ('childNodes' in n) for (const child of n.childNodes) walk(child);
  };
  walk(node);
  return parts.join('').replace(/\s+/g, ' ').trim();
}

export function byTag(page: Page, tagName: string): Element[] {
  return page.elements.filter((e) => e.tagName === tagName);
}

export function withClass(page: Page, className: string): Element[] {
  return page.elements.filter((e) => (attr(e, 'class') ?? '').split(' ').includes(className));
}

/** Elements under `root` (not including it) that match `tagName`. */
export function descendants(root: Element, tagName: string): Element[] {
  const found: Element[] = [];
  const walk = (n: Node) => {
    if ('childNodes' in n)
      for (const child of n.childNodes) {
        if ('tagName' in child && child.tagName === tagName) found.push(child);
        walk(child);
      }
  };
  walk(root);
  return found;
}

export function metaProperty(page: Page, property: string): string[] {
  return byTag(page, 'meta')
    .filter((m) => attr(m, 'property') === property)
    .map((m) => attr(m, 'content') ?? '');
}

export function metaName(page: Page, name: string): string | undefined {
  const meta = byTag(page, 'meta').find((m) => attr(m, 'name') === name);
  return meta && attr(meta, 'content');
}

export interface AlternateLink {
  type: string | undefined;
  title: string | undefined;
  href: string | undefined;
}

/** `<link rel="alternate">` in `<head>`: what feed readers discover. */
export function alternates(page: Page): AlternateLink[] {
  return byTag(page, 'link')
    .filter((l) => attr(l, 'rel') === 'alternate')
    .map((l) => ({ type: attr(l, 'type'), title: attr(l, 'title'), href: attr(l, 'href') }));
}

export function canonical(page: Page): string | undefined {
  const link = byTag(page, 'link').find((l) => attr(l, 'rel') === 'canonical');
  return link && attr(link, 'href');
}

/** Titles of the listed articles, in page order. */
export function listedTitles(page: Page): string[] {
  return withClass(page, 'list').flatMap((list) => descendants(list, 'h2').map(textOf));
}

/** The first of `items`; fails the test with a clear message when there is none. */
export function first<T>(items: readonly T[]): T {
  const [item] = items;
  if (item === undefined) throw new Error('expected at least one match, found none');
  return item;
}
