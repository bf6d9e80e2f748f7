// The Debian Chromium, driven by playwright-core: no browser download, a fresh profile per run, and
// every page watched for the problems a reader would hit (script errors, failed loads, dialogs).
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  chromium,
  type Page,
} from 'playwright-core';

/** Where Debian's `chromium` package puts the browser; `npm test` installs it when missing (tests/setup/). */
export const CHROMIUM_PATH = '/usr/bin/chromium';

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
];

export interface HeadlessChromium {
  browser: Browser;
  /** Closes the browser and deletes its profile. */
  close(): Promise<void>;
}

/**
 * Launches Chromium with a profile in a new temporary folder. Throws (never skips) when the browser
 * is not installed: CI installs it, so a missing browser is a broken setup, not an optional test.
 */
export async function launchChromium(): Promise<HeadlessChromium> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `${CHROMIUM_PATH} does not exist: the browser tests need Debian's Chromium. ` +
        'Install it with `apt-get install -y chromium fonts-dejavu-core` (`npm test` does this as root).',
    );
  }
  // Playwright refuses `--user-data-dir` in `launch()`; a persistent context on a folder we create
  // is the supported way to pick the profile. Tests open their own contexts from its browser.
  const profile = await mkdtemp(join(tmpdir(), 'herald-chromium-'));
  const persistent = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    args: ARGS,
  });
  const browser = persistent.browser();
  if (!browser) throw new Error('Chromium started without a browser handle');
  return {
    browser,
    async close() {
      await persistent.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

export interface WatchedPage {
  page: Page;
  context: BrowserContext;
  /** Everything that went wrong so far, one line each; a clean page leaves it empty. */
  problems: string[];
  close(): Promise<void>;
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * A page in a new context that records console errors, uncaught exceptions, failed requests,
 * HTTP error responses and dialogs. Requests to anything but loopback are blocked and recorded:
 * the pages must not reach out to the network.
 */
export async function openWatchedPage(
  browser: Browser,
  options: BrowserContextOptions & {
    /** URLs expected to answer with an HTTP error, such as a deliberate visit to a missing page. */
    expectedErrorUrls?: readonly string[];
  } = {},
): Promise<WatchedPage> {
  const { expectedErrorUrls = [], ...contextOptions } = options;
  const expected = new Set(expectedErrorUrls);
  const context = await browser.newContext(contextOptions);
  const problems: string[] = [];
  await context.route(
    (url) => (url.protocol === 'http:' || url.protocol === 'https:') && !LOOPBACK_HOSTS.has(url.hostname),
    (route) => {
      problems.push(`request to a non-loopback address: ${route.request().url()}`);
      return route.abort('blockedbyclient');
    },
  );
  const page = await context.newPage();
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    // Chromium logs every HTTP error response to the console, naming the URL only in the location.
    const text = message.text();
    if (expected.has(message.location().url) && text.startsWith('Failed to load resource:')) return;
    problems.push(`console error: ${text}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('requestfailed', (request) => {
    // A request blocked above fails too: report it once.
    if (!problems.some((p) => p.endsWith(request.url())))
      problems.push(`request failed (${request.failure()?.errorText}): ${request.url()}`);
  });
  page.on('response', (response) => {
    if (response.status() >= 400 && !expected.has(response.url()))
      problems.push(`HTTP ${response.status()}: ${response.url()}`);
  });
  page.on('dialog', (dialog) => {
    problems.push(`dialog (${dialog.type()}): ${dialog.message()}`);
    return dialog.dismiss();
  });
  return { page, context, problems, close: () => context.close() };
}
