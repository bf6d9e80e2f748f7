// Characters no output may carry (C0 controls but tab/LF/CR, lone surrogates, U+FFFE, U+FFFF) are
// removed as an article is read, from every field and the body, so no page or feed in any format and
// any scope carries them: raw, escaped in JSON, or as a character reference in HTML.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, parseFragment } from 'parse5';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveSettings } from '../../src/config.ts';
import { removeForbiddenCharacters } from '../../src/content/forbidden-characters.ts';
import { loadSite } from '../../src/load-site.ts';
import type { RenderedSite } from '../../src/model.ts';
import { parseXmlStrict, type XmlNode } from '../helpers/xml.ts';

/** Raw in the file (a file is UTF-8, so it cannot hold a lone surrogate). */
const RAW = '\u0000\u0001\u0008\u000B\u000C\u000E\u001F\uFFFE\uFFFF';
/** YAML double-quoted escapes, lone surrogates included. */
const ESCAPED = '\\x01\\x1F\\uFFFE\\uFFFF\\uDFFF\\uD800\\x0B';
/** Character references in the Markdown body, which the HTML sanitizer decodes. */
const REFERENCES = '&#1;&#x1F;&#xFFFE;&#65535;&#xB;&#8;';
const FORBIDDEN = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

const HOSTILE_FILE = `---
title: "Hostile${RAW} title ${ESCAPED}😀 end"
date: "2024-04-08${RAW}"
updated: "2024-04-09${ESCAPED}"
authors:
  - name: "Ann${RAW} O'Neil${ESCAPED}"
    email: "ann${RAW}@example.org"
    url: "https://ann.example/${ESCAPED}page"
  - "Bob${RAW}${ESCAPED}"
tags: ["Hostile${RAW} tag${ESCAPED}", "Plain"]
id: "tag:news.example.test,2024-04-08:hostile${RAW}${ESCAPED}"
---

First paragraph${RAW} with references ${REFERENCES} and an emoji 😀.

<a href="https://x.example/${REFERENCES}" title="t${REFERENCES}">link${REFERENCES}</a> \`code${RAW}\`

| head${RAW} | b |
|---|---|
| cell${REFERENCES} | 2 |
`;

/** A second article whose summary is given, and whose tag and author are others. */
const SUMMARY_FILE = `---
title: Given summary
date: 2024-04-07
author: "Cleo${RAW}${ESCAPED}"
tags: "Second${ESCAPED}, Plain"
summary: "Summary${RAW} text ${ESCAPED}end"
---

Body${REFERENCES}.
`;

type Node = {
  nodeName: string;
  value?: string;
  data?: string;
  attrs?: { name: string; value: string }[];
  childNodes?: Node[];
  content?: Node;
};

/** Every string an HTML parser gives a reader: text, attribute values, comments. */
function htmlStrings(node: Node, out: string[] = []): string[] {
  if (node.value !== undefined) out.push(node.value);
  if (node.data !== undefined) out.push(node.data);
  for (const attr of node.attrs ?? []) out.push(attr.name, attr.value);
  for (const child of node.childNodes ?? []) htmlStrings(child, out);
  if (node.content) htmlStrings(node.content, out);
  return out;
}

function jsonStrings(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const item of value) jsonStrings(item, out);
  else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) out.push(key) && jsonStrings(item, out);
  }
  return out;
}

function xmlStrings(node: XmlNode, out: string[] = []): string[] {
  out.push(node.text, ...Object.values(node.attributes));
  for (const child of node.children) xmlStrings(child, out);
  return out;
}

/**
 * What a reader sees of a representation, decoded by the format's own parser; every string that could
 * be HTML (feed content, JSON `content_html`) is decoded once more as HTML.
 */
function decodedStrings(mediaType: string, text: string): string[] {
  if (mediaType.startsWith('text/html')) return htmlStrings(parse(text) as unknown as Node);
  const strings = mediaType.includes('json')
    ? jsonStrings(JSON.parse(text))
    : xmlStrings(parseXmlStrict(text).root);
  return [...strings, ...strings.flatMap((s) => htmlStrings(parseFragment(s) as unknown as Node))];
}

function codePoints(text: string): string {
  return [...text].map((c) => `U+${(c.codePointAt(0) ?? 0).toString(16).toUpperCase()}`).join(' ');
}

describe('characters no output may carry', () => {
  it.each([
    ['C0 controls other than tab, LF and CR', 'a\u0000b\u0001c\u001Fd\u000Be\u000Cf', 'abcdef'],
    ['tab, LF and CR', 'a\tb\nc\rd', 'a\tb\nc\rd'],
    ['U+FFFE and U+FFFF', 'a\uFFFEb\uFFFFc', 'abc'],
    ['lone surrogates', 'a\uD800b\uDFFFc\uDBFF', 'abc'],
    ['nothing else: emoji, right-to-left text, U+FFFD, DEL', 'a😀שלום\uFFFD\u007Fb', 'a😀שלום\uFFFD\u007Fb'],
  ])('removes %s', (_name, input, output) => {
    expect(removeForbiddenCharacters(input)).toBe(output);
  });

  describe('when an article has them in every field and in its body', () => {
    let root: string;
    let rendered: RenderedSite;

    beforeAll(async () => {
      root = await mkdtemp(join(tmpdir(), 'herald-forbidden-'));
      const articlesDir = join(root, 'articles');
      await mkdir(articlesDir);
      await writeFile(join(articlesDir, '2024-04-08-hostile\u0001name.md'), HOSTILE_FILE);
      await writeFile(join(articlesDir, '2024-04-07-given-summary.md'), SUMMARY_FILE);
      const settings = resolveSettings(
        [{ articlesDir, siteUrl: 'https://news.example.test/', port: 0, host: '127.0.0.1' }],
        root,
      );
      const loaded = await loadSite(settings, new Date('2025-01-01T00:00:00Z'));
      expect(loaded.problems).toEqual([]);
      rendered = loaded.rendered;
    });
    afterAll(() => rm(root, { recursive: true, force: true }));

    it('publishes it with exactly those characters removed', () => {
      const [hostile, given] = rendered.site.site.articles;
      expect(hostile).toMatchObject({
        slug: 'hostile-name',
        title: 'Hostile title 😀 end',
        id: 'tag:news.example.test,2024-04-08:hostile',
        tags: [
          { name: 'Hostile tag', slug: 'hostile-tag' },
          { name: 'Plain', slug: 'plain' },
        ],
        authors: [
          {
            name: "Ann O'Neil",
            slug: 'ann-o-neil',
            email: 'ann@example.org',
            url: 'https://ann.example/page',
          },
          { name: 'Bob', slug: 'bob' },
        ],
      });
      expect(hostile?.updated.toISOString()).toBe('2024-04-09T00:00:00.000Z');
      expect(hostile?.summary).toBe('First paragraph with references and an emoji 😀.');
      expect(hostile?.contentHtml).toContain('title="t"');
      expect(hostile?.contentHtml).toContain('<code>code</code>');
      expect(given).toMatchObject({ summary: 'Summary text end', authors: [{ name: 'Cleo' }] });
      expect(given?.tags.map((t) => t.name)).toEqual(['Second', 'Plain']);
    });

    it('has pages and feeds for every scope the article is in', () => {
      const paths = rendered.paths();
      for (const base of [
        '/',
        '/tags/hostile-tag/',
        '/tags/second/',
        '/authors/ann-o-neil/',
        '/authors/bob/',
      ]) {
        for (const file of ['', 'feed.xml', 'atom.xml', 'feed.json'])
          expect(paths).toContain(`${base}${file}`);
      }
      expect(paths).toContain('/articles/hostile-name/');
    });

    it('leaves none of them in any page or feed, raw or escaped, in any scope', () => {
      const checked: string[] = [];
      for (const path of rendered.paths()) {
        const representation = rendered.get(path);
        if (!representation) continue;
        const text = representation.body.toString('utf8');
        expect(FORBIDDEN.test(text), `${path} has a raw forbidden character`).toBe(false);
        for (const value of decodedStrings(representation.mediaType, text)) {
          if (FORBIDDEN.test(value))
            expect.fail(`${path} carries ${codePoints(value)} in ${JSON.stringify(value)}`);
        }
        checked.push(representation.mediaType.split(';')[0] ?? '');
      }
      expect(new Set(checked)).toEqual(
        new Set([
          'text/html',
          'application/rss+xml',
          'application/atom+xml',
          'application/feed+json',
          'text/xsl',
          'text/x-opml',
        ]),
      );
    });
  });
});
