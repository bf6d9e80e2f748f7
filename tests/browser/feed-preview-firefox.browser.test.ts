// A person who opens a feed's address in Firefox sees a readable page: the feed's title, what a feed
// is, the address to copy into a reader, and the latest items (Firefox ESR as Debian ships it,
// headless, driven over WebDriver BiDi). Screenshots go to test-output/screenshots.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/http/server.ts';
import { EXPORTED_SITE_URL, type ServedExport, serveShippedExport } from '../helpers/exported-site.ts';
import { expectReadablePreview, type PreviewSeen, READ_PREVIEW } from '../helpers/feed-preview-page.ts';
import { type HeadlessFirefox, launchFirefox } from '../helpers/headless-firefox.ts';
import { serveAtOwnOrigin } from '../helpers/server-at-own-origin.ts';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SHIPPED_ARTICLES = fileURLToPath(new URL('../../articles/', import.meta.url));
const SCREENSHOTS = fileURLToPath(new URL('../../test-output/screenshots/', import.meta.url));

let firefox: HeadlessFirefox;
let server: RunningServer;
let exported: ServedExport;

beforeAll(async () => {
  [firefox, server, exported] = await Promise.all([
    launchFirefox(),
    serveAtOwnOrigin(SHIPPED_ARTICLES, REPO_ROOT),
    serveShippedExport(),
  ]);
  await mkdir(SCREENSHOTS, { recursive: true });
}, 180_000);

afterAll(async () => {
  // Each one closed even if another fails: a browser left running would outlive the test run.
  await Promise.allSettled([exported?.close(), server?.close(), firefox?.close()]);
}, 60_000);

/** Opens `url` in a new tab, takes a screenshot, and returns what the page shows and what went wrong. */
async function open(
  url: string,
  screenshot: string,
): Promise<{ status?: number; seen: PreviewSeen; problems: string[] }> {
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
    const response = await page.goto(url, { timeout: 60_000 });
    await page.screenshot({ path: join(SCREENSHOTS, `${screenshot}.png`), fullPage: true });
    const seen = (await page.evaluate(`(${READ_PREVIEW})()`)) as PreviewSeen;
    // The address bar keeps the feed's address, the one a person copies.
    expect(page.url()).toBe(url);
    return { ...(response ? { status: response.status() } : {}), seen, problems };
  } finally {
    await page.close();
  }
}

/** The titles of the site's articles, newest first: what its feeds list. */
const titles = () => server.live.rendered.site.site.articles.map((a) => a.title);

describe('a feed opened in Firefox', () => {
  it.each([
    ['/feed.xml', 'RSS 2.0'],
    ['/atom.xml', 'Atom 1.0'],
    ['/feed.json', 'JSON Feed 1.1'],
  ])(
    '%s shows the title, what a feed is, the address to copy and the latest items',
    async (path, label) => {
      const url = `${server.url}${path}`;
      const { status, seen, problems } = await open(url, `feed-preview-firefox${path.replace(/\W/g, '-')}`);
      expect(status).toBe(200);
      expectReadablePreview(seen, label, url, titles());
      expect(problems).toEqual([]);
    },
    90_000,
  );

  it.each([
    ['/feed.xml', 'RSS 2.0'],
    ['/atom.xml', 'Atom 1.0'],
  ])(
    '%s of the static export, served by nginx with the exported recipe, shows the same page',
    async (path, label) => {
      const { status, seen, problems } = await open(
        `${exported.url}${path}`,
        `feed-preview-firefox-nginx${path.replace(/\W/g, '-')}`,
      );
      expect(status).toBe(200);
      expectReadablePreview(seen, label, new URL(path, EXPORTED_SITE_URL).href, titles());
      expect(problems).toEqual([]);
    },
    90_000,
  );
});
