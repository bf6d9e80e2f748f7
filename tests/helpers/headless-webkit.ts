// WebKit as Debian ships it (WebKitGTK: the MiniBrowser of libwebkit2gtk), driven through its own
// W3C WebDriver server (WebKitWebDriver, package webkit2gtk-driver) on a virtual X display (Xvfb):
// WebKitGTK 2.50's MiniBrowser has no headless mode, and Playwright's WebKit is Playwright's own build.
//
// The client below is written by hand: the tests use six W3C WebDriver commands (new session, window
// size, navigate, execute script, screenshot, delete session), each one JSON request over HTTP, and the
// WebDriver client libraries bring driver managers that fetch binaries, which this machine must not.
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readdirSync } from 'node:fs';
import { findFreePort } from './server-at-own-origin.ts';

export const WEBKIT_DRIVER_PATH = '/usr/bin/WebKitWebDriver';
export const XVFB_PATH = '/usr/bin/Xvfb';

/** MiniBrowser, in the multiarch folder of libwebkit2gtk-4.1-0 (a dependency of webkit2gtk-driver). */
function miniBrowserPath(): string | undefined {
  for (const arch of existsSync('/usr/lib') ? readdirSync('/usr/lib') : []) {
    const path = `/usr/lib/${arch}/webkit2gtk-4.1/MiniBrowser`;
    if (existsSync(path)) return path;
  }
  return undefined;
}

/** How long a loaded 2-core machine may take to start the display, the driver or the browser. */
const START_MS = 120_000;
/** How long one command (a navigation included) may take. */
const COMMAND_MS = 60_000;

export interface WebKitPage {
  /** Opens `url` and waits for it to load (the WebDriver page load strategy "normal"). */
  navigate(url: string): Promise<void>;
  /** Runs `script` (a function body) in the page and returns what it returns. */
  execute<T>(script: string, ...args: unknown[]): Promise<T>;
  /** A PNG of the window's viewport, once the page has been painted. */
  screenshot(): Promise<Buffer>;
}

export interface HeadlessWebKit {
  page: WebKitPage;
  /** Ends the session, the driver and the display. */
  close(): Promise<void>;
}

class WebDriverError extends Error {}

async function command<T>(base: string, method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { 'Content-Type': 'application/json; charset=utf-8' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    signal: AbortSignal.timeout(COMMAND_MS),
  });
  const answer = (await response.json()) as { value: T & { error?: string; message?: string } };
  if (!response.ok) {
    throw new WebDriverError(`WebDriver ${method} ${path}: ${answer.value?.error}: ${answer.value?.message}`);
  }
  return answer.value;
}

/** Starts Xvfb on a display it picks itself (`-displayfd`) and resolves with that display. */
async function startDisplay(): Promise<{ display: string; process: ChildProcess }> {
  const xvfb = spawn(XVFB_PATH, ['-displayfd', '1', '-screen', '0', '1280x1024x24', '-nolisten', 'tcp'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let printed = '';
  xvfb.stdout?.on('data', (chunk: Buffer) => {
    printed += chunk.toString();
  });
  const deadline = Date.now() + START_MS;
  while (!/^\d+\n/.test(printed)) {
    if (xvfb.exitCode !== null) throw new Error(`Xvfb exited with code ${xvfb.exitCode}`);
    if (Date.now() > deadline) throw new Error('Xvfb did not start');
    await new Promise((done) => setTimeout(done, 50));
  }
  return { display: `:${printed.trim()}`, process: xvfb };
}

/** Starts WebKitWebDriver on a free port and resolves once it answers `/status` as ready. */
async function startDriver(display: string): Promise<{ base: string; process: ChildProcess }> {
  for (let attempt = 1; ; attempt += 1) {
    const port = await findFreePort();
    const driver = spawn(WEBKIT_DRIVER_PATH, [`--port=${port}`], {
      env: { ...process.env, DISPLAY: display },
      stdio: 'ignore',
    });
    const base = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + START_MS;
    while (driver.exitCode === null && Date.now() < deadline) {
      const ready = await command<{ ready: boolean }>(base, 'GET', '/status').then(
        (status) => status.ready,
        () => false,
      );
      if (ready) return { base, process: driver };
      await new Promise((done) => setTimeout(done, 100));
    }
    driver.kill();
    // Another process took the port in between: try another.
    if (attempt >= 3) throw new Error('WebKitWebDriver did not start');
  }
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  await exited;
}

/**
 * Starts the display, the driver and a browser window of `width` × `height`. Throws (never skips)
 * when a package is missing: CI installs them (tests/setup/system-packages.ts).
 */
export async function launchWebKit(width = 800, height = 900): Promise<HeadlessWebKit> {
  const miniBrowser = miniBrowserPath();
  for (const [path, pkg] of [
    [WEBKIT_DRIVER_PATH, 'webkit2gtk-driver'],
    [XVFB_PATH, 'xvfb'],
    [miniBrowser, 'libwebkit2gtk-4.1-0'],
  ] as const) {
    if (path === undefined || !existsSync(path)) {
      throw new Error(
        `${path ?? 'MiniBrowser'} does not exist: the WebKit tests need Debian's ${pkg}. ` +
          'Install it with `apt-get install -y webkit2gtk-driver xvfb` (`npm test` does this as root).',
      );
    }
  }
  const xvfb = await startDisplay();
  let driver: { base: string; process: ChildProcess } | undefined;
  try {
    driver = await startDriver(xvfb.display);
    const { base } = driver;
    const session = await command<{ sessionId: string }>(base, 'POST', '/session', {
      capabilities: {
        alwaysMatch: {
          'webkitgtk:browserOptions': { binary: miniBrowser, args: ['--automation'] },
          timeouts: { pageLoad: COMMAND_MS, script: COMMAND_MS },
        },
      },
    });
    const at = `/session/${session.sessionId}`;
    await command(base, 'POST', `${at}/window/rect`, { width, height });
    const started = driver;
    return {
      page: {
        navigate: (url) => command(base, 'POST', `${at}/url`, { url }),
        execute: (script, ...args) => command(base, 'POST', `${at}/execute/sync`, { script, args }),
        screenshot: async () => Buffer.from(await command<string>(base, 'GET', `${at}/screenshot`), 'base64'),
      },
      async close() {
        await command(base, 'DELETE', at).catch(() => {});
        await stop(started.process);
        await stop(xvfb.process);
      },
    };
  } catch (error) {
    if (driver) await stop(driver.process);
    await stop(xvfb.process);
    throw error;
  }
}
