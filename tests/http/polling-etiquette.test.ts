// 429 Too Many Requests for clients that poll a feed unconditionally too often; never for readers that
// send their validators (real newsboat and Python feedparser), and never instead of a 304.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/http/server.ts';
import { type ArticlesDir, makeArticlesDir } from '../helpers/articles-dir.ts';
import { send, serve } from '../helpers/server.ts';

const run = promisify(execFile);

let articles: ArticlesDir;
let server: RunningServer;
const notices: string[] = [];
const requestLog: string[] = [];

beforeAll(async () => {
  articles = await makeArticlesDir();
  // The defaults: one unconditional fetch a minute per client and feed, bursts of ten.
  server = await serve(articles.path, {
    settings: { pollLimitPerMinute: 1, pollLimitBurst: 10 },
    log: (line) => notices.push(line),
    requestLog: { write: (chunk) => requestLog.push(chunk) },
  });
});

afterAll(async () => {
  await server.close();
  await articles.dispose();
});

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

describe('a client polling /feed.xml unconditionally every 100 ms', () => {
  it('gets its burst, then 429 with Retry-After, and is logged once', async () => {
    const statuses: number[] = [];
    let refused: Awaited<ReturnType<typeof send>> | undefined;
    for (let i = 0; i < 15; i++) {
      const response = await send(`${server.url}/feed.xml`, {
        headers: { 'user-agent': 'impatient-script/1.0' },
      });
      statuses.push(response.status);
      if (response.status === 429) refused ??= response;
      await sleep(100);
    }
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(200));
    expect(statuses.slice(10)).toEqual(Array(5).fill(429));
    expect(Number(refused?.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(Number(refused?.headers['retry-after'])).toBeLessThanOrEqual(60);
    expect(refused?.body.toString()).toMatch(/If-None-Match/);
    expect(notices.filter((line) => line.includes('impatient-script/1.0'))).toHaveLength(1);
    // Another client on the same address is not punished for it.
    expect((await send(`${server.url}/feed.xml`, { headers: { 'user-agent': 'other/1.0' } })).status).toBe(
      200,
    );
  });

  it('still gets its 304 whenever it asks conditionally, and a 200 for a stale validator', async () => {
    const headers = { 'user-agent': 'impatient-script/1.0' };
    const current = await send(`${server.url}/atom.xml`, { headers });
    const etag = current.headers.etag as string;
    for (let i = 0; i < 20; i++) {
      const response = await send(`${server.url}/atom.xml`, {
        headers: { ...headers, 'if-none-match': etag },
      });
      expect(response.status).toBe(304);
    }
    for (let i = 0; i < 12; i++) {
      const response = await send(`${server.url}/atom.xml`, {
        headers: { ...headers, 'if-none-match': '"old"' },
      });
      expect(response.status).toBe(200);
    }
  });

  it('never refuses pages, only feeds', async () => {
    for (let i = 0; i < 15; i++) expect((await send(`${server.url}/`)).status).toBe(200);
  });
});

describe('readers that send their validators', () => {
  it('newsboat reloading again and again never gets a 429', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'herald-newsboat-'));
    try {
      await writeFile(join(dir, 'urls'), `${server.url}/feed.xml\n`);
      await writeFile(join(dir, 'config'), 'user-agent "newsboat-under-test"\n');
      const before = requestLog.length;
      for (let i = 0; i < 8; i++) {
        await run(
          '/usr/bin/newsboat',
          ['-x', 'reload', '-u', join(dir, 'urls'), '-c', join(dir, 'cache.db'), '-C', join(dir, 'config')],
          {
            env: { ...process.env, HOME: dir },
            timeout: 30_000,
          },
        );
      }
      server.door.flushLog();
      const lines = requestLog
        .slice(before)
        .join('')
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line));
      const polls = lines.filter((line) => line.ua === 'newsboat-under-test');
      expect(polls.length).toBeGreaterThanOrEqual(8);
      // newsboat fetches twice in full while it has no validators, then always conditionally.
      expect(polls.filter((line) => line.status === 304).length).toBeGreaterThanOrEqual(polls.length - 2);
      expect(polls.filter((line) => line.status === 429)).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 120_000);

  it('feedparser polling with the ETag and Last-Modified it was given never gets a 429', async () => {
    const script = `
import feedparser, sys
url = sys.argv[1]
d = feedparser.parse(url, agent='feedparser-under-test')
statuses = [d.status]
for _ in range(12):
    d = feedparser.parse(url, etag=d.get('etag'), modified=d.get('modified'), agent='feedparser-under-test')
    statuses.append(d.status)
print(' '.join(map(str, statuses)))
`;
    const { stdout } = await run('/usr/bin/python3', ['-c', script, `${server.url}/tags/xiaomi/atom.xml`], {
      timeout: 60_000,
    });
    expect(stdout.trim().split(' ').map(Number)).toEqual([200, ...Array(12).fill(304)]);
  }, 120_000);
});
