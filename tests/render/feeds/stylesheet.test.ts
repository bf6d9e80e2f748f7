// The XSL stylesheet, run through a real XSLT processor (xsltproc, Debian package `xsltproc`).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DefaultTreeAdapterTypes, parse } from 'parse5';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Site } from '../../../src/model.ts';
import {
  makeFeedArticles,
  makeHostileArticle,
  withoutForbidden,
} from '../../fixtures/feeds/feed-articles.ts';
import { makeArticles, makeSite } from '../../helpers/site-fixture.ts';
import { parseXmlStrict } from '../../helpers/xml.ts';
import { renderFeed, renderFeedRoute } from './read-feed.ts';

type Element = DefaultTreeAdapterTypes.Element;
type Node = DefaultTreeAdapterTypes.ChildNode | DefaultTreeAdapterTypes.Document;

function elements(node: Node): Element[] {
  const children = 'childNodes' in node ? node.childNodes.flatMap(elements) : [];
  return 'tagName' in node ? [node, ...children] : children;
}

function textOf(node: Node): string {
  if (node.nodeName === '#text' && 'value' in node) return node.value;
  return 'childNodes' in node ? node.childNodes.map(textOf).join('') : '';
}

function attr(element: Element, name: string): string | undefined {
  return element.attrs.find((a) => a.name === name)?.value;
}

let dir: string;

beforeAll(() => {
  try {
    execFileSync('xsltproc', ['--version'], { stdio: 'ignore' });
  } catch {
    throw new Error('these tests need xsltproc: apt-get install -y xsltproc');
  }
  dir = mkdtempSync(join(tmpdir(), 'herald-xsl-'));
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Applies the site's /feed.xsl to one of its feeds and parses the resulting HTML page. */
function transform(site: Site, path: string): DefaultTreeAdapterTypes.Document {
  const xsl = join(dir, 'feed.xsl');
  const xml = join(dir, 'feed.xml');
  writeFileSync(xsl, renderFeedRoute(site, '/feed.xsl').body);
  writeFileSync(xml, renderFeed(site, path));
  return parse(execFileSync('xsltproc', ['--nonet', xsl, xml], { encoding: 'utf8' }));
}

function listedItems(
  page: DefaultTreeAdapterTypes.Document,
): { title: string; href?: string; date: string }[] {
  const list = elements(page).find((e) => e.tagName === 'ol' && attr(e, 'class') === 'items');
  if (!list) throw new Error('no item list');
  return elements(list)
    .filter((e) => e.tagName === 'li')
    .map((li) => {
      const link = elements(li).find((e) => e.tagName === 'a');
      const time = elements(li).find((e) => e.tagName === 'time');
      return {
        title: link ? textOf(link) : '',
        href: link && attr(link, 'href'),
        date: time ? textOf(time) : '',
      };
    });
}

describe('feed stylesheet', () => {
  it('is well-formed XSLT served as text/xsl', () => {
    const rendered = renderFeedRoute(makeSite([]), '/feed.xsl');
    expect(rendered.mediaType).toBe('text/xsl; charset=utf-8');
    const { root } = parseXmlStrict(rendered.body.toString());
    expect([root.local, root.uri]).toEqual(['stylesheet', 'http://www.w3.org/1999/XSL/Transform']);
  });

  describe.each([
    ['https://news.example.org/', '/feed.xsl'],
    ['https://example.com/blog/', '/blog/feed.xsl'],
  ])('when the site is at %s', (siteUrl, href) => {
    it.each(['/feed.xml', '/atom.xml'])('%s names the stylesheet at %s before its root element', (path) => {
      const xml = renderFeed(makeSite(makeFeedArticles(), { siteUrl }), path);
      expect(xml.split('\n')[1]).toBe(`<?xml-stylesheet type="text/xsl" href="${href}"?>`);
    });
  });

  describe.each([
    ['RSS', '/feed.xml'],
    ['Atom', '/atom.xml'],
  ])('when applied to the %s feed', (format, path) => {
    const site = () => makeSite([makeHostileArticle(), ...makeFeedArticles()]);

    it('lists every item, title linked to the article, with its date', () => {
      const s = site();
      const items = listedItems(transform(s, path));
      expect(items.map(({ title, href }) => ({ title, href }))).toEqual(
        s.site.articles.map((a) => ({ title: withoutForbidden(a.title), href: a.url })),
      );
      for (const item of items) expect(item.date).toMatch(/2022/);
    });

    it('explains what a feed is and shows the address to subscribe to', () => {
      const page = transform(site(), path);
      const text = textOf(page);
      expect(text).toContain('This is a web feed');
      expect(text).toContain(`(${format})`);
      expect(text).toContain('copy this address into your feed reader');
      const code = elements(page).find((e) => attr(e, 'class') === 'feed-url');
      expect(code && textOf(code)).toBe(`https://news.example.org${path}`);
      expect(elements(page).find((e) => e.tagName === 'html')?.attrs).toContainEqual({
        name: 'lang',
        value: 'en',
      });
    });
  });

  describe('when applied to a middle archive', () => {
    it.each(['feed.xml', 'atom.xml'])('/archive/2/%s links to newer and older articles', (file) => {
      const page = transform(makeSite(makeArticles(85)), `/archive/2/${file}`);
      const nav = elements(page)
        .filter((e) => e.tagName === 'a' && attr(e, 'rel'))
        .map((a) => [attr(a, 'rel'), attr(a, 'href')]);
      expect(nav).toEqual([
        ['prev', `https://news.example.org/archive/3/${file}`],
        ['next', `https://news.example.org/archive/1/${file}`],
      ]);
      expect(listedItems(page)).toHaveLength(20);
    });
  });
});
