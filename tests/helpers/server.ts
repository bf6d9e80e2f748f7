// Real HTTP against a real listening server: port 0 on 127.0.0.1, closed when the test ends.
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { onTestFinished } from 'vitest';
import { resolveSettings, type SettingsInput } from '../../src/config.ts';
import { createApp } from '../../src/http/app.ts';
import { type RunningServer, type ServerOptions, startServer } from '../../src/http/server.ts';
import type { SiteSettings } from '../../src/model.ts';
import { Publisher } from '../../src/publish/publisher.ts';
import { stateDirFor } from './articles-dir.ts';

export function testSettings(articlesDir: string, input: SettingsInput = {}): SiteSettings {
  return resolveSettings(
    // Tests poll far more often than readers do; the polling limit is tested with its own settings.
    // A state folder (Last-Modified ledger) per articles folder, shared by every server on that folder,
    // and outside it: Herald never writes into the articles folder.
    [
      {
        siteUrl: 'https://news.example.org/',
        port: 0,
        host: '127.0.0.1',
        articlesDir,
        pollLimitPerMinute: 0,
        stateDir: stateDirFor(articlesDir),
        ...input,
      },
    ],
    articlesDir,
  );
}

export interface TestServerOptions extends Omit<ServerOptions, 'settings'> {
  settings?: SettingsInput;
}

/** Starts Herald on the folder; inside a test it is closed when the test finishes. */
export async function serve(articlesDir: string, options: TestServerOptions = {}): Promise<RunningServer> {
  const { settings, ...rest } = options;
  const running = await startServer({ settings: testSettings(articlesDir, settings), ...rest });
  onTestFinishedIfInTest(() => running.close());
  return running;
}

/**
 * Serves the folder through the Express app alone, without the server's shortcut for rendered
 * paths, so tests can check that both give the same answers.
 */
export async function serveThroughExpressOnly(articlesDir: string, input: SettingsInput = {}) {
  const settings = testSettings(articlesDir, input);
  const live = await Publisher.start({ settings });
  const server = createServer(createApp(live, settings));
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  const close = async () => {
    await live.close();
    await new Promise<void>((done) => {
      server.close(() => done());
      server.closeIdleConnections();
    });
  };
  onTestFinishedIfInTest(close);
  return { url: `http://127.0.0.1:${port}`, live, close };
}

function onTestFinishedIfInTest(fn: () => Promise<void>): void {
  try {
    onTestFinished(fn);
  } catch {
    // Called from beforeAll: the caller closes it in afterAll.
  }
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** The bytes as sent, not decoded (unlike fetch). */
  body: Buffer;
}

/** One request with node:http, so Content-Encoding is left alone and HEAD bodies are visible. */
export function send(
  url: string,
  options: { method?: string; headers?: Record<string, string> } = {},
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request(url, {
      method: options.method ?? 'GET',
      headers: options.headers ?? {},
      agent: false,
    });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/** A header as one string (the tests never expect repeated headers). */
export function header(response: RawResponse, name: string): string | undefined {
  const value = response.headers[name.toLowerCase()];
  return Array.isArray(value) ? value.join(', ') : value;
}
