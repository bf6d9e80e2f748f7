// A featured image and attachments (a podcast episode's audio), as a writer gives them in the front
// matter and as readers find them: on the page, in link previews and in every feed format, read back
// with Python's feedparser.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { parseFragment } from 'parse5';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadSite } from '../../src/load-site.ts';
import { type ArticlesDir, makeArticlesDir } from '../helpers/articles-dir.ts';
import { patternBytes, pngBytes } from '../helpers/media-fixture.ts';
import { parseWithPythonFeedparser } from '../helpers/python-feedparser.ts';
import { header, send, serve, testSettings } from '../helpers/server.ts';
import { allElements, childrenNamed, parseXmlStrict } from '../helpers/xml.ts';

const COVER = pngBytes(40, 30, [20, 120, 200]);
const EPISODE = patternBytes(123_457);
const SITE = 'https://news.example.org';
const COVER_URL = `${SITE}/media/2022-06-02-episode-one/cover.png`;
const EPISODE_URL = `${SITE}/media/2022-06-02-episode-one/episode.mp3`;

const EPISODE_ARTICLE = `---
title: Episode one
date: 2022-06-02T08:00:00Z
image: 2022-06-02-episode-one/cover.png
image_alt: A microphone in front of a "blue" wall
attachments:
  - url: 2022-06-02-episode-one/episode.mp3
    title: Episode one (MP3)
    duration: "1:02:03"
  - https://cdn.example.org/episode-one.ogg
---

The first episode.
`;

let articles: ArticlesDir;

beforeEach(async () => {
  articles = await makeArticlesDir({ empty: true });
  await articles.write('2022-06-02-episode-one.md', EPISODE_ARTICLE);
  await mkdir(join(articles.path, '2022-06-02-episode-one'));
  await articles.write('2022-06-02-episode-one/cover.png', COVER);
  await articles.write('2022-06-02-episode-one/episode.mp3', EPISODE);
});

afterEach(() => articles.dispose());

describe('an article with a featured image and attachments', () => {
  describe('in RSS, read by Python feedparser', () => {
    it('has the audio as its enclosure, with the real length and type', async () => {
      const server = await serve(articles.path);
      const feed = await parseWithPythonFeedparser((await send(`${server.url}/feed.xml`)).body);
      expect(feed.bozo).toBe(false);
      const [entry] = feed.entries;
      expect(entry?.enclosures).toEqual([
        expect.objectContaining({ href: EPISODE_URL, length: String(EPISODE.length), type: 'audio/mpeg' }),
      ]);
    });

    it('has the image as media:content and media:thumbnail, and every attachment as media:content', async () => {
      const server = await serve(articles.path);
      const feed = await parseWithPythonFeedparser((await send(`${server.url}/feed.xml`)).body);
      const [entry] = feed.entries;
      expect(entry?.media_thumbnail.map((t) => t.url)).toEqual([COVER_URL]);
      expect(entry?.media_content).toEqual([
        expect.objectContaining({
          url: COVER_URL,
          medium: 'image',
          type: 'image/png',
          filesize: String(COVER.length),
        }),
        expect.objectContaining({
          url: EPISODE_URL,
          medium: 'audio',
          type: 'audio/mpeg',
          filesize: String(EPISODE.length),
          duration: String(3723),
        }),
        expect.objectContaining({
          url: 'https://cdn.example.org/episode-one.ogg',
          medium: 'audio',
          type: 'audio/ogg',
        }),
      ]);
    });
  });

  describe('in Atom, read by Python feedparser', () => {
    it('has an enclosure link for the image and for each attachment', async () => {
      const server = await serve(articles.path);
      const feed = await parseWithPythonFeedparser((await send(`${server.url}/atom.xml`)).body);
      expect(feed.bozo).toBe(false);
      expect(feed.version).toBe('atom10');
      expect(feed.entries[0]?.enclosures).toEqual([
        expect.objectContaining({ href: COVER_URL, type: 'image/png', length: String(COVER.length) }),
        expect.objectContaining({ href: EPISODE_URL, type: 'audio/mpeg', length: String(EPISODE.length) }),
        expect.objectContaining({ href: 'https://cdn.example.org/episode-one.ogg', type: 'audio/ogg' }),
      ]);
    });
  });

  describe('in JSON Feed', () => {
    it('has the image and the attachments with type, size, title and duration', async () => {
      const server = await serve(articles.path);
      const feed = JSON.parse((await send(`${server.url}/feed.json`)).body.toString());
      const [item] = feed.items;
      expect(item.image).toBe(COVER_URL);
      expect(item.attachments).toEqual([
        {
          url: EPISODE_URL,
          mime_type: 'audio/mpeg',
          title: 'Episode one (MP3)',
          size_in_bytes: EPISODE.length,
          duration_in_seconds: 3723,
        },
        { url: 'https://cdn.example.org/episode-one.ogg', mime_type: 'audio/ogg' },
      ]);
    });
  });

  // The W3C Feed Validator's checks of these elements (its messages in parentheses): written out,
  // since that validator is not packaged for the machines the tests run on.
  describe('as the W3C Feed Validator checks it', () => {
    const MEDIA_TYPE = /^[a-z]+\/[a-z0-9.+-]+$/;
    const ABSOLUTE = /^https:\/\/[^/]+\//;

    it('gives RSS one enclosure per item with url, integer length and type, and Media RSS in its namespace', async () => {
      const server = await serve(articles.path);
      const { root } = parseXmlStrict((await send(`${server.url}/feed.xml`)).body.toString());
      // (UndeclaredPrefix, UnknownNamespace) media: is bound to Media RSS on the root.
      expect(root.namespaces.media).toBe('http://search.yahoo.com/mrss/');
      for (const item of allElements(root).filter((e) => e.name === 'item')) {
        // (DuplicateEnclosure) at most one enclosure; (MissingAttribute) url, length, type.
        const enclosures = childrenNamed(item, 'enclosure');
        expect(enclosures.length).toBeLessThanOrEqual(1);
        for (const { attributes } of enclosures) {
          expect(attributes.url).toMatch(ABSOLUTE);
          expect(attributes.length).toMatch(/^\d+$/); // (InvalidIntegerAttribute)
          expect(attributes.type).toMatch(MEDIA_TYPE); // (InvalidMIMEType)
        }
        for (const content of childrenNamed(item, 'media:content')) {
          expect(content.uri).toBe('http://search.yahoo.com/mrss/');
          expect(content.attributes.url).toMatch(ABSOLUTE);
          expect(['image', 'audio', 'video', 'document', 'executable']).toContain(content.attributes.medium);
          if (content.attributes.fileSize !== undefined) expect(content.attributes.fileSize).toMatch(/^\d+$/);
          if (content.attributes.duration !== undefined) expect(content.attributes.duration).toMatch(/^\d+$/);
          if (content.attributes.type !== undefined) expect(content.attributes.type).toMatch(MEDIA_TYPE);
        }
        for (const thumbnail of childrenNamed(item, 'media:thumbnail')) {
          expect(thumbnail.attributes.url).toMatch(ABSOLUTE);
        }
      }
    });

    it('gives Atom enclosure links an absolute href, a media type and an integer length', async () => {
      const server = await serve(articles.path);
      const { root } = parseXmlStrict((await send(`${server.url}/atom.xml`)).body.toString());
      const links = allElements(root).filter((e) => e.local === 'link' && e.attributes.rel === 'enclosure');
      expect(links).toHaveLength(3);
      for (const { attributes } of links) {
        expect(attributes.href).toMatch(ABSOLUTE);
        expect(attributes.type).toMatch(MEDIA_TYPE);
        if (attributes.length !== undefined) expect(attributes.length).toMatch(/^\d+$/);
      }
      // No namespace is declared that the document does not use.
      expect(Object.keys(root.namespaces)).not.toContain('media');
    });

    it('declares no Media RSS namespace on a feed without media', async () => {
      await articles.write(
        '2022-06-03-plain.md',
        '---\ntitle: Plain\ndate: 2022-06-03\ntags: [Plain]\n---\n\nText only.\n',
      );
      const server = await serve(articles.path);
      const { root } = parseXmlStrict((await send(`${server.url}/tags/plain/feed.xml`)).body.toString());
      expect(root.namespaces.media).toBeUndefined();
      expect(allElements(root).some((e) => e.name.startsWith('media:'))).toBe(false);
    });
  });

  it('links files that answer 200 with the type and length the feeds state', async () => {
    const server = await serve(articles.path);
    for (const [url, type, bytes] of [
      [COVER_URL, 'image/png', COVER],
      [EPISODE_URL, 'audio/mpeg', EPISODE],
    ] as const) {
      const response = await send(`${server.url}${url.slice(SITE.length)}`);
      expect(response.status).toBe(200);
      expect(header(response, 'content-type')).toBe(type);
      expect(header(response, 'content-length')).toBe(String(bytes.length));
    }
  });

  describe('on its page', () => {
    it('shows the image at the top with its alt text, and shares it as og:image and a large card', async () => {
      const server = await serve(articles.path);
      const page = (await send(`${server.url}/articles/episode-one/`)).body.toString();
      const images = elements(page, 'img');
      expect(images[0]).toEqual({ src: COVER_URL, alt: 'A microphone in front of a "blue" wall' });
      const meta = elements(page, 'meta');
      expect(meta).toContainEqual({ property: 'og:image', content: COVER_URL });
      expect(meta).toContainEqual({
        property: 'og:image:alt',
        content: 'A microphone in front of a "blue" wall',
      });
      expect(meta).toContainEqual({ name: 'twitter:card', content: 'summary_large_image' });
    });
  });

  describe('when the featured image is an absolute URL', () => {
    it('is used as it is, with the type its extension gives and an unknown (0) RSS length', async () => {
      await articles.write(
        '2022-06-03-elsewhere.md',
        '---\ntitle: Elsewhere\ndate: 2022-06-03\nimage: https://cdn.example.org/p/photo.jpg?w=1200\n---\n\nText.\n',
      );
      const server = await serve(articles.path);
      const rss = await parseWithPythonFeedparser((await send(`${server.url}/feed.xml`)).body);
      expect(rss.entries[0]?.enclosures).toEqual([
        expect.objectContaining({
          href: 'https://cdn.example.org/p/photo.jpg?w=1200',
          length: '0',
          type: 'image/jpeg',
        }),
      ]);
      const json = JSON.parse((await send(`${server.url}/feed.json`)).body.toString());
      expect(json.items[0].image).toBe('https://cdn.example.org/p/photo.jpg?w=1200');
    });
  });

  describe('when a named media file is missing', () => {
    it('is a warning naming the article, the field and the path, and is left out of the feeds', async () => {
      await articles.remove('2022-06-02-episode-one/cover.png');
      const { problems, rendered } = await loadSite(testSettings(articles.path), new Date(), articles.path);
      expect(problems).toEqual([
        {
          file: join(articles.path, '2022-06-02-episode-one.md'),
          severity: 'warning',
          field: 'image',
          message: expect.stringContaining('"2022-06-02-episode-one/cover.png"'),
        },
      ]);
      const json = JSON.parse(rendered.get('/feed.json')?.body.toString() ?? '{}');
      expect(json.items[0].image).toBeUndefined();
      expect(json.items[0].attachments).toHaveLength(2);
    });
  });

  describe('when the server watches the folder', () => {
    it('states the new length in every feed once the audio is replaced', async () => {
      const server = await serve(articles.path, { watch: true });
      const longer = patternBytes(200_001, 3);
      await articles.write('2022-06-02-episode-one/episode.mp3', longer);
      await vi.waitFor(
        async () => {
          const feed = await parseWithPythonFeedparser((await send(`${server.url}/feed.xml`)).body);
          expect(feed.entries[0]?.enclosures[0]?.length).toBe(String(longer.length));
        },
        { timeout: 10_000, interval: 50 },
      );
      const json = JSON.parse((await send(`${server.url}/feed.json`)).body.toString());
      expect(json.items[0].attachments[0].size_in_bytes).toBe(longer.length);
    });
  });
});

/** The attributes of every element named `name`, in document order. */
function elements(html: string, name: string): Record<string, string>[] {
  const found: Record<string, string>[] = [];
  const visit = (node: {
    nodeName: string;
    attrs?: { name: string; value: string }[];
    childNodes?: unknown[];
  }) => {
    if (node.nodeName === name && node.attrs) {
      found.push(Object.fromEntries(node.attrs.map((a) => [a.name, a.value])));
    }
    for (const child of (node.childNodes ?? []) as (typeof node)[]) visit(child);
    if ('content' in node) visit(node.content as typeof node);
  };
  visit(parseFragment(html) as unknown as Parameters<typeof visit>[0]);
  return found;
}
