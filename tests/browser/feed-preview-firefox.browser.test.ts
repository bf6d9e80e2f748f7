// A person who opens a feed's address in Firefox sees a readable page: the feed's title, what a feed
// is, the address to copy into a reader, and the latest items (Firefox ESR as Debian ships it,
// headless, driven over WebDriver BiDi). Screenshots go to test-output/screenshots.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/http/server.ts';
import { type HeadlessFirefox, launchFirefox } from '../helpers/headless-firefox.ts';
import { serveAtOwnOrigin } from '../helpers/server-at-own-origin.ts';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SHIPPED_ARTICLES = fileURLToPath(new URL('../../articles/', import.meta.url));
const SCREENSHOTS = fileURLToPath(new URL('../../test-output/screenshots/', import.meta.url));

let firefox: HeadlessFirefox;
let server: RunningServer;

beforeAll(async () => {
  [firefox, server] = await Promise.all([launchFirefox(), serveAtOwnOrigin(SHIPPED_ARTICLES, REPO_ROOT)]);
  await mkdir(SCREENSHOTS, { recursive: true });
}, 180_000);

afterAll(async () => {
  await server?.close();
  await firefox?.close();
}, 60_000);

interface Seen {
  contentType: string;
  siteTitle: string;
  heading: string;
  preview: string;
  address: string;
  addressWidth: number;
  items: string[];
}

/** What the page shows, read from the laid-out DOM (innerText is the text as rendered). */
const SEEN = `() => ({
  contentType: document.contentType,
  siteTitle: document.querySelector('h1')?.innerText ?? '',
  heading: document.querySelector('#feed-heading')?.innerText ?? '',
  preview: document.querySelector('.feed-preview')?.innerText ?? '',
  address: document.querySelector('#feed-address')?.innerText ?? '',
  addressWidth: document.querySelector('#feed-address')?.getBoundingClientRect().width ?? 0,
  items: [...document.querySelectorAll('ol.list h2')].map((h) => h.innerText),
})`;

describe('a feed opened in Firefox', () => {
  it.each([
    ['/feed.xml', 'RSS 2.0'],
    ['/atom.xml', 'Atom 1.0'],
    ['/feed.json', 'JSON Feed 1.1'],
  ])(
    '%s shows the title, what a feed is, the address to copy and the latest items',
    async (path, label) => {
      const page = await firefox.browser.newPage();
      const problems: string[] = [];
      page.on('pageerror', (error) => problems.push(`page error: ${String(error)}`));
      page.on('console', (message) => {
        if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
      });
      page.on('response', (response) => {
        // Firefox asks for /favicon.ico by itself; the shipped site sets no icon, so that is a 404.
        if (response.status() >= 400 && new URL(response.url()).pathname !== '/favicon.ico')
          problems.push(`HTTP ${response.status()}: ${response.url()}`);
      });
      try {
        await page.setViewport({ width: 800, height: 900 });
        const response = await page.goto(`${server.url}${path}`, { timeout: 60_000 });
        expect(response?.status()).toBe(200);
        // The address bar keeps the feed's address, the one a person copies.
        expect(page.url()).toBe(`${server.url}${path}`);
        await page.screenshot({
          path: join(SCREENSHOTS, `feed-preview-firefox${path.replace(/\W/g, '-')}.png`),
          fullPage: true,
        });
        const seen = (await page.evaluate(`(${SEEN})()`)) as Seen;
        expect(seen.contentType).toBe('text/html');
        expect(seen.siteTitle).toBe('Herald');
        expect(seen.heading).toBe('This is a feed');
        expect(seen.preview).toContain(label);
        expect(seen.preview).toContain('Copy it into a feed reader');
        expect(seen.address).toBe(`${server.url}${path}`);
        // Laid out for reading, not shown as source text.
        expect(seen.addressWidth).toBeGreaterThan(100);
        expect(seen.items).toEqual(server.live.rendered.site.site.articles.map((a) => a.title));
        expect(problems).toEqual([]);
      } finally {
        await page.close();
      }
    },
    90_000,
  );
});
