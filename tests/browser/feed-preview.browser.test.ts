// A person who opens a feed's address in current Chromium (which shows RSS and Atom as plain text and
// runs no XSLT) sees a readable page: what a feed is, the address to copy, and the latest items.
// Feed readers still get the feed itself at the same address.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/http/server.ts';
import { type HeadlessChromium, launchChromium, openWatchedPage } from '../helpers/headless-chromium.ts';
import { header, send } from '../helpers/server.ts';
import { serveAtOwnOrigin } from '../helpers/server-at-own-origin.ts';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SHIPPED_ARTICLES = fileURLToPath(new URL('../../articles/', import.meta.url));
const SCREENSHOTS = fileURLToPath(new URL('../../test-output/screenshots/', import.meta.url));

let chromium: HeadlessChromium;
let server: RunningServer;

beforeAll(async () => {
  [chromium, server] = await Promise.all([launchChromium(), serveAtOwnOrigin(SHIPPED_ARTICLES, REPO_ROOT)]);
  await mkdir(SCREENSHOTS, { recursive: true });
});

afterAll(async () => {
  await server?.close();
  await chromium?.close();
});

describe('a feed opened in Chromium', () => {
  it.each([
    ['/feed.xml', 'RSS 2.0'],
    ['/atom.xml', 'Atom 1.0'],
    ['/feed.json', 'JSON Feed 1.1'],
  ])(
    '%s shows the title, what a feed is, the address to copy and the latest items (screenshot in test-output/screenshots)',
    async (path, label) => {
      const watched = await openWatchedPage(chromium.browser, { viewport: { width: 800, height: 900 } });
      try {
        const { page } = watched;
        const response = await page.goto(`${server.url}${path}`);
        expect(response?.status()).toBe(200);
        // The address bar keeps the feed's address, the one a person copies.
        expect(page.url()).toBe(`${server.url}${path}`);
        await page.screenshot({
          path: join(SCREENSHOTS, `feed-preview${path.replace(/\W/g, '-')}.png`),
          fullPage: true,
        });
        expect(await page.locator('h1').innerText()).toBe('Herald');
        expect(await page.locator('#feed-heading').innerText()).toBe('This is a feed');
        expect(await page.locator('.feed-preview').innerText()).toContain(label);
        expect(await page.locator('#feed-address').innerText()).toBe(`${server.url}${path}`);
        const items = await page.locator('ol.list h2').allInnerTexts();
        expect(items).toEqual(server.live.rendered.site.site.articles.map((a) => a.title));
        // Laid out for reading, not shown as source text.
        expect(await page.evaluate<string>('document.contentType')).toBe('text/html');
        const box = await page.locator('#feed-address').boundingBox();
        expect(box?.width).toBeGreaterThan(100);
        expect(watched.problems).toEqual([]);
      } finally {
        await watched.close();
      }
    },
  );

  it('is still the feed for a feed reader at the same address', async () => {
    for (const [path, type] of [
      ['/feed.xml', 'application/rss+xml; charset=utf-8'],
      ['/atom.xml', 'application/atom+xml; charset=utf-8'],
      ['/feed.json', 'application/feed+json; charset=utf-8'],
    ]) {
      const response = await send(`${server.url}${path}`, {
        headers: {
          'User-Agent': 'newsboat/2.21',
          Accept: 'application/rss+xml, application/atom+xml, text/html;q=0.5',
        },
      });
      expect(header(response, 'content-type'), path).toBe(type);
      expect(header(response, 'vary'), path).toBe('Accept-Encoding, Sec-Fetch-Dest');
    }
  });

  it('is still the feed for a script in a page (a web feed reader), which is not a navigation', async () => {
    // The site's pages allow no scripts (CSP); a web reader's script runs on its own origin's terms.
    const watched = await openWatchedPage(chromium.browser, { bypassCSP: true });
    try {
      await watched.page.goto(`${server.url}/`);
      const fetched = await watched.page.evaluate<{ type: string; start: string }>(
        `fetch('/feed.xml').then(async (r) => ({ type: r.headers.get('content-type'), start: (await r.text()).slice(0, 5) }))`,
      );
      expect(fetched).toEqual({ type: 'application/rss+xml; charset=utf-8', start: '<?xml' });
    } finally {
      await watched.close();
    }
  });
});
