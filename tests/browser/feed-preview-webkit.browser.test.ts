// A person who opens a feed's address in WebKit sees a readable page: the feed's title, what a feed
// is, the address to copy into a reader, and the latest items (WebKitGTK's MiniBrowser as Debian
// ships it, through WebKitWebDriver on a virtual display). Screenshots go to test-output/screenshots.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/http/server.ts';
import { EXPORTED_SITE_URL, type ServedExport, serveShippedExport } from '../helpers/exported-site.ts';
import { expectReadablePreview, type PreviewSeen, READ_PREVIEW } from '../helpers/feed-preview-page.ts';
import { type HeadlessWebKit, launchWebKit } from '../helpers/headless-webkit.ts';
import { serveAtOwnOrigin } from '../helpers/server-at-own-origin.ts';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SHIPPED_ARTICLES = fileURLToPath(new URL('../../articles/', import.meta.url));
const SCREENSHOTS = fileURLToPath(new URL('../../test-output/screenshots/', import.meta.url));

let webkit: HeadlessWebKit;
let server: RunningServer;
let exported: ServedExport;

beforeAll(async () => {
  [webkit, server, exported] = await Promise.all([
    launchWebKit(800, 900),
    serveAtOwnOrigin(SHIPPED_ARTICLES, REPO_ROOT),
    serveShippedExport(),
  ]);
  await mkdir(SCREENSHOTS, { recursive: true });
}, 180_000);

afterAll(async () => {
  // Each one closed even if another fails: a browser left running would outlive the test run.
  await Promise.allSettled([exported?.close(), server?.close(), webkit?.close()]);
}, 60_000);

/** Opens `url`, takes a screenshot, and returns what the page shows. */
async function open(url: string, screenshot: string): Promise<PreviewSeen> {
  await webkit.page.navigate(url);
  await writeFile(join(SCREENSHOTS, `${screenshot}.png`), await webkit.page.screenshot());
  return webkit.page.execute<PreviewSeen>(`return (${READ_PREVIEW})();`);
}

/** The page at `url` (the address bar keeps the feed's address, the one a person copies) is readable. */
function expectPreviewAt(seen: PreviewSeen, url: string, label: string, address: string): void {
  expect(seen.url).toBe(url);
  expectReadablePreview(
    seen,
    label,
    address,
    server.live.rendered.site.site.articles.map((a) => a.title),
  );
}

describe('a feed opened in WebKit', () => {
  it.each([
    ['/feed.xml', 'RSS 2.0'],
    ['/atom.xml', 'Atom 1.0'],
    ['/feed.json', 'JSON Feed 1.1'],
  ])(
    '%s shows the title, what a feed is, the address to copy and the latest items',
    async (path, label) => {
      const url = `${server.url}${path}`;
      const seen = await open(url, `feed-preview-webkit${path.replace(/\W/g, '-')}`);
      expectPreviewAt(seen, url, label, url);
    },
    90_000,
  );

  it.each([
    ['/feed.xml', 'RSS 2.0'],
    ['/atom.xml', 'Atom 1.0'],
  ])(
    '%s of the static export, served by nginx with the exported recipe, shows the same page',
    async (path, label) => {
      const url = `${exported.url}${path}`;
      const seen = await open(url, `feed-preview-webkit-nginx${path.replace(/\W/g, '-')}`);
      expectPreviewAt(seen, url, label, new URL(path, EXPORTED_SITE_URL).href);
    },
    90_000,
  );
});
