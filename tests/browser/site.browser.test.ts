// Issue 5: the HTML pages as a reader sees them, in a real headless Chromium against the real server.
// Every page is watched: a console error, an uncaught exception, a failed or non-loopback request,
// an HTTP error or a dialog fails the test that opened it (see afterEach).
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/http/server.ts';
import {
  type HeadlessChromium,
  launchChromium,
  openWatchedPage,
  type WatchedPage,
} from '../helpers/headless-chromium.ts';
import { serveAtOwnOrigin } from '../helpers/server-at-own-origin.ts';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SHIPPED_ARTICLES = fileURLToPath(new URL('../../articles/', import.meta.url));
const SCREENSHOTS = fileURLToPath(new URL('../../test-output/screenshots/', import.meta.url));

/** The two shipped articles, newest first, as the index shows them. */
const SHIPPED = [
  {
    slug: 'xiaomi-and-leica-announce-cooperation-huawei-says-its-ended-in-march',
    title:
      'Xiaomi Leica Announced The Opening Of Cooperation. Huawei Responded That The Cooperation With Leica Had Ended In March',
    datetime: '2022-05-23T04:00:00Z',
    date: '23 May 2022',
  },
  {
    slug: 'leica-ends-huawei-partnership-and-signs-with-xiaomi',
    title: 'Leica Ends Its Huawei Partnership and Signs a Long-Term Deal with Xiaomi',
    datetime: '2022-05-23T00:00:00Z',
    date: '23 May 2022',
  },
];

const FEEDS = [
  { label: 'RSS 2.0', path: '/feed.xml', type: 'application/rss+xml' },
  { label: 'Atom 1.0', path: '/atom.xml', type: 'application/atom+xml' },
  { label: 'JSON Feed 1.1', path: '/feed.json', type: 'application/feed+json' },
];

const NARROW = { width: 390, height: 844 };
const WIDE = { width: 1280, height: 800 };

let chromium: HeadlessChromium;
let server: RunningServer;
/** `http://127.0.0.1:<port>`: the server's origin, and its siteUrl without the slash. */
let origin: string;
let opened: WatchedPage[] = [];

beforeAll(async () => {
  [chromium, server] = await Promise.all([launchChromium(), serveAtOwnOrigin(SHIPPED_ARTICLES, REPO_ROOT)]);
  origin = server.url;
  await mkdir(SCREENSHOTS, { recursive: true });
});

afterAll(async () => {
  await Promise.all([chromium?.close(), server?.close()]);
});

afterEach(async () => {
  const pages = opened;
  opened = [];
  await Promise.all(pages.map((p) => p.close()));
  expect(pages.flatMap((p) => p.problems)).toEqual([]);
});

/** A watched page in a fresh context, closed and checked for problems after the test. */
async function openPage(
  options: BrowserContextOptions & { expectedErrorUrls?: readonly string[] } = {},
): Promise<Page> {
  const watched = await openWatchedPage(chromium.browser, { viewport: WIDE, ...options });
  opened.push(watched);
  return watched.page;
}

async function attributes(page: Page, selector: string, names: readonly string[]) {
  const locator = page.locator(selector);
  const rows: Record<string, string | null>[] = [];
  for (let i = 0; i < (await locator.count()); i += 1) {
    const element = locator.nth(i);
    const row: Record<string, string | null> = {};
    for (const name of names) row[name] = await element.getAttribute(name);
    rows.push(row);
  }
  return rows;
}

/** Width of the page's content and of its viewport; the page scrolls sideways when the first is larger. */
function horizontalExtent(page: Page): Promise<{ scrollWidth: number; clientWidth: number }> {
  return page.evaluate<{ scrollWidth: number; clientWidth: number }>(
    '({ scrollWidth: document.scrollingElement.scrollWidth, clientWidth: document.scrollingElement.clientWidth })',
  );
}

describe('the index page', () => {
  it('lists both shipped articles, newest first, with title, date and a link to the article', async () => {
    const page = await openPage();
    const response = await page.goto(`${origin}/`);
    expect(response?.status()).toBe(200);

    const items = page.locator('main ol.list > li');
    expect(await items.count()).toBe(SHIPPED.length);
    for (const [i, article] of SHIPPED.entries()) {
      const item = items.nth(i);
      const link = item.locator('h2 a');
      expect(await link.textContent()).toBe(article.title);
      expect(await link.getAttribute('href')).toBe(`${origin}/articles/${article.slug}/`);
      const time = item.locator('.meta time');
      expect(await time.getAttribute('datetime')).toBe(article.datetime);
      expect(await time.textContent()).toBe(article.date);
      expect(await time.isVisible()).toBe(true);
    }
  });

  it('advertises the three site feeds for autodiscovery in <head>', async () => {
    const page = await openPage();
    await page.goto(`${origin}/`);
    expect(await attributes(page, 'head link[rel="alternate"]', ['type', 'href'])).toEqual(
      FEEDS.map((feed) => ({ type: feed.type, href: `${origin}${feed.path}` })),
    );
  });

  it('links each feed in the Subscribe section by its absolute URL, and each is served with its media type', async () => {
    const page = await openPage();
    await page.goto(`${origin}/`);
    const section = page.locator('section#subscribe');
    expect(await section.locator('h2').textContent()).toBe('Subscribe');
    expect(await section.locator('dt').allTextContents()).toEqual(FEEDS.map((feed) => feed.label));
    const links = await attributes(page, 'section#subscribe a.feed-url', ['href', 'type']);
    expect(links).toEqual(FEEDS.map((feed) => ({ href: `${origin}${feed.path}`, type: feed.type })));
    // The visible text is the address itself, so a reader can copy it.
    expect(await section.locator('a.feed-url').allTextContents()).toEqual(links.map((link) => link.href));

    for (const [i, link] of links.entries()) {
      const response = await fetch(link.href ?? '');
      expect(response.status, link.href ?? '').toBe(200);
      expect(response.headers.get('content-type')).toBe(`${FEEDS[i]?.type}; charset=utf-8`);
      expect((await response.text()).length).toBeGreaterThan(0);
    }
  });

  it('reaches the Subscribe section from the header link', async () => {
    const page = await openPage();
    await page.goto(`${origin}/`);
    await page.locator('header nav a', { hasText: 'Subscribe' }).click();
    await page.waitForURL(`${origin}/#subscribe`);
    expect(await page.locator('#subscribe').isVisible()).toBe(true);
  });
});

describe('following links', () => {
  it('opens an article page by clicking its title: heading, content, canonical link, way back home', async () => {
    const page = await openPage();
    await page.goto(`${origin}/`);
    const article = SHIPPED[1] as (typeof SHIPPED)[number];
    await page.getByRole('link', { name: article.title, exact: true }).click();
    await page.waitForURL(`${origin}/articles/${article.slug}/`);

    expect(await page.locator('h1').allTextContents()).toEqual([article.title]);
    expect(await page.title()).toBe(`${article.title} — Herald`);
    const content = page.locator('article .content');
    expect(await content.textContent()).toContain(
      'Germany-based camera manufacturer Leica has signed a partnership',
    );
    expect(await content.locator('h2').allTextContents()).toEqual([
      'Huawei was on the list of the best, along with Leica',
      'Xiaomi is preparing to go to the top on the camera',
    ]);
    expect(await page.locator('article .meta time').first().getAttribute('datetime')).toBe(article.datetime);
    expect(await page.locator('head link[rel="canonical"]').getAttribute('href')).toBe(page.url());
    // The article page advertises the site's feeds, so a reader who lands here can subscribe.
    expect(await page.locator('head link[rel="alternate"]').count()).toBe(3);

    await page.getByRole('link', { name: '← All articles on Herald' }).click();
    await page.waitForURL(`${origin}/`);
    expect(await page.locator('h1').textContent()).toBe('Herald');
  });

  it('opens a tag page by clicking a tag: it lists the tagged articles and advertises the tag feeds', async () => {
    const page = await openPage();
    await page.goto(`${origin}/`);
    await page.locator('main ol.list > li').first().locator('ul.tags a', { hasText: 'Leica' }).click();
    await page.waitForURL(`${origin}/tags/leica/`);

    expect(await page.locator('h1').textContent()).toBe('Articles tagged “Leica”');
    expect(await page.locator('main ol.list > li h2 a').allTextContents()).toEqual(
      SHIPPED.map((a) => a.title),
    );
    expect(await attributes(page, 'head link[rel="alternate"]', ['href'])).toEqual(
      FEEDS.map((feed) => ({ href: `${origin}/tags/leica${feed.path}` })),
    );
  });
});

describe('when the address is unknown', () => {
  it('shows the styled not-found page with a working link home, even several levels deep', async () => {
    const missing = `${origin}/no/such/page/here`;
    const page = await openPage({ viewport: NARROW, expectedErrorUrls: [missing] });
    const response = await page.goto(missing);
    expect(response?.status()).toBe(404);
    expect(await page.locator('h1').textContent()).toBe('Page not found');
    // The stylesheet applied: the body has the layout's measure, not the browser's default margin.
    expect(await page.evaluate<string>('getComputedStyle(document.body).maxWidth')).not.toBe('none');
    await page.getByRole('link', { name: 'Go to the home page of Herald' }).click();
    await page.waitForURL(`${origin}/`);
  });
});

describe('layout', () => {
  const articleUrl = () => `${origin}/articles/${SHIPPED[0]?.slug}/`;

  it.each([
    ['390', NARROW],
    ['1280', WIDE],
  ])(
    'renders the index and an article page at %s px wide (screenshots in test-output/screenshots)',
    async (name, viewport) => {
      const page = await openPage({ viewport });
      await page.goto(`${origin}/`);
      await page.screenshot({ path: join(SCREENSHOTS, `index-${name}.png`), fullPage: true });
      await page.goto(articleUrl());
      await page.screenshot({ path: join(SCREENSHOTS, `article-${name}.png`), fullPage: true });
    },
  );

  it('needs no horizontal scrolling at 390 px on any kind of page', async () => {
    const page = await openPage({ viewport: NARROW });
    for (const path of ['/', `/articles/${SHIPPED[0]?.slug}/`, '/tags/leica/', '/tags/', '/authors/admin/']) {
      await page.goto(`${origin}${path}`);
      const { scrollWidth, clientWidth } = await horizontalExtent(page);
      expect(
        scrollWidth,
        `${path}: content is ${scrollWidth} px wide in a ${clientWidth} px viewport`,
      ).toBeLessThanOrEqual(clientWidth);
    }
  });

  it('follows the reader’s dark color scheme', async () => {
    const colors = async (colorScheme: 'light' | 'dark') => {
      const page = await openPage({ colorScheme, viewport: NARROW });
      await page.goto(`${origin}/`);
      if (colorScheme === 'dark') {
        await page.screenshot({ path: join(SCREENSHOTS, 'index-390-dark.png'), fullPage: true });
      }
      return page.evaluate<{ background: string; text: string }>(
        '({ background: getComputedStyle(document.body).backgroundColor, text: getComputedStyle(document.body).color })',
      );
    };
    const light = await colors('light');
    const dark = await colors('dark');
    expect(dark.background).not.toBe(light.background);
    expect(dark.text).not.toBe(light.text);
  });
});

describe('when an article title is hostile markup', () => {
  const HOSTILE = '<script>alert(1)</script>';
  let folder: string;
  let hostile: RunningServer;

  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'herald-browser-articles-'));
    await writeFile(
      join(folder, '2022-06-01-hostile.md'),
      `---\ntitle: ${JSON.stringify(HOSTILE)}\ndate: 2022-06-01\nsummary: ${JSON.stringify(`${HOSTILE} <img src=x onerror=alert(2)>`)}\n---\n\nA body.\n`,
    );
    hostile = await serveAtOwnOrigin(folder, folder);
  });

  afterAll(async () => {
    await hostile?.close();
    await rm(folder, { recursive: true, force: true });
  });

  it('shows the title as text on the index and the article page, and no dialog opens', async () => {
    const page = await openPage({ viewport: NARROW });
    await page.goto(`${hostile.url}/`);
    const link = page.locator('main ol.list > li h2 a');
    expect(await link.textContent()).toBe(HOSTILE);
    expect(await page.locator('main ol.list > li p:not(.meta)').textContent()).toBe(
      `${HOSTILE} <img src=x onerror=alert(2)>`,
    );
    // The pages ship no JavaScript at all, so any script element is an injection.
    expect(await page.locator('script').count()).toBe(0);
    expect(await page.locator('main img').count()).toBe(0);

    await link.click();
    await page.waitForURL(`${hostile.url}/articles/hostile/`);
    expect(await page.locator('h1').textContent()).toBe(HOSTILE);
    expect(await page.title()).toBe(`${HOSTILE} — Herald`);
    expect(await page.locator('script').count()).toBe(0);
    const { scrollWidth, clientWidth } = await horizontalExtent(page);
    expect(scrollWidth).toBeLessThanOrEqual(clientWidth);
    // Dialogs would be recorded as problems and fail the test in afterEach.
  });
});
