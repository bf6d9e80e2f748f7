// Debian's Firefox ESR, driven by puppeteer-core over WebDriver BiDi (Firefox's own remote protocol):
// no browser download, a fresh profile per run. Playwright's Firefox needs Playwright's patched build,
// which a Debian machine does not have; puppeteer-core drives the stock browser.
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Browser } from 'puppeteer-core';

/** Where Debian's `firefox-esr` package puts the browser; `npm test` installs it when missing. */
export const FIREFOX_PATH = '/usr/bin/firefox-esr';

export interface HeadlessFirefox {
  browser: Browser;
  /** Closes the browser and deletes its profile. */
  close(): Promise<void>;
}

/** Launches Firefox headless. Throws (never skips) when it is not installed. */
export async function launchFirefox(): Promise<HeadlessFirefox> {
  if (!existsSync(FIREFOX_PATH)) {
    throw new Error(
      `${FIREFOX_PATH} does not exist: the browser tests need Debian's Firefox ESR. ` +
        'Install it with `apt-get install -y firefox-esr` (`npm test` does this as root).',
    );
  }
  const profile = await mkdtemp(join(tmpdir(), 'herald-firefox-'));
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX_PATH,
    headless: true,
    userDataDir: profile,
    // Generous: a loaded 2-core CI machine starts Firefox in several seconds.
    timeout: 120_000,
    protocolTimeout: 120_000,
    extraPrefsFirefox: {
      // Nothing but the pages under test: no update checks, telemetry or first-run pages.
      'app.update.enabled': false,
      'browser.shell.checkDefaultBrowser': false,
      'datareporting.policy.dataSubmissionEnabled': false,
      'toolkit.telemetry.enabled': false,
    },
  });
  return {
    browser,
    async close() {
      await browser.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}
