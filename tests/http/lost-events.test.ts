// The watcher alone cannot be trusted: the kernel drops events when its queue overflows, and a folder
// replaced by another is no longer the one watched. Every change must still be served.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type ArticlesDir, makeArticlesDir } from '../helpers/articles-dir.ts';
import { send, serve } from '../helpers/server.ts';

/**
 * Every change is live this long after the last write. The overflow case reads and parses ~8,800
 * new files: 17 s with one test file running on a loaded 2-core machine, 50 s while the whole suite
 * runs beside it, so the bound is generous: what fails here is a change never published.
 */
const WITHIN_MS = 90_000;

let articles: ArticlesDir;

beforeEach(async () => {
  articles = await makeArticlesDir({ empty: true });
});

afterEach(async () => {
  await articles.dispose();
});

async function health(url: string): Promise<{ articles: number }> {
  return JSON.parse((await send(`${url}/healthz`)).body.toString()) as { articles: number };
}

const small = (title: string, day: number) =>
  `---\ntitle: ${title}\ndate: 2022-01-01T00:00:${String(day % 60).padStart(2, '0')}Z\n---\nx\n`;

describe('when the kernel drops file events', () => {
  it('publishes every change anyway: more files than the inotify queue holds, written while the server is busy', async () => {
    const queue = Number(readFileSync('/proc/sys/fs/inotify/max_queued_events', 'utf8'));
    const existing = 500;
    for (let i = 0; i < existing; i++)
      writeFileSync(join(articles.path, `old-${i}.md`), small(`Old ${i}`, i));
    const server = await serve(articles.path, { watch: true });
    expect((await health(server.url)).articles).toBe(existing);

    // Written synchronously, so the server's thread is busy and reads no event until all are written:
    // each new file queues two events (created, modified) and each edit one, so the queue overflows.
    const added = Math.ceil(queue / 2) + 100;
    for (let i = 0; i < added; i++) writeFileSync(join(articles.path, `new-${i}.md`), small(`New ${i}`, i));
    for (let i = 0; i < existing; i++)
      writeFileSync(join(articles.path, `old-${i}.md`), small(`Edited ${i}`, i));

    await vi.waitFor(
      async () => {
        expect((await health(server.url)).articles).toBe(existing + added);
        expect((await send(`${server.url}/articles/old-${existing - 1}/`)).body.toString()).toContain(
          `Edited ${existing - 1}`,
        );
      },
      { timeout: WITHIN_MS, interval: 100 },
    );
    for (const i of [0, 1, 250, existing - 1]) {
      expect((await send(`${server.url}/articles/old-${i}/`)).body.toString()).toContain(`Edited ${i}`);
    }
    for (const i of [0, added - 1]) {
      expect((await send(`${server.url}/articles/new-${i}/`)).status).toBe(200);
    }
  }, 180_000);
});

describe('when the articles folder is replaced by another', () => {
  it('watches the new folder and serves its articles', async () => {
    writeFileSync(join(articles.path, 'first.md'), small('First', 1));
    const server = await serve(articles.path, { watch: true });
    expect((await send(`${server.url}/articles/first/`)).status).toBe(200);

    // As deploy tools do: build the new folder beside it, then move it into place.
    const next = `${articles.path}.next`;
    mkdirSync(next);
    writeFileSync(join(next, 'second.md'), small('Second', 2));
    renameSync(articles.path, `${articles.path}.old`);
    renameSync(next, articles.path);
    await vi.waitFor(
      async () => {
        expect((await send(`${server.url}/articles/second/`)).status).toBe(200);
        expect((await send(`${server.url}/articles/first/`)).status).toBe(404);
      },
      { timeout: WITHIN_MS, interval: 100 },
    );

    // And later edits in the new folder are published too.
    writeFileSync(join(articles.path, 'third.md'), small('Third', 3));
    await vi.waitFor(async () => expect((await send(`${server.url}/articles/third/`)).status).toBe(200), {
      timeout: WITHIN_MS,
      interval: 100,
    });
    await rm(`${articles.path}.old`, { recursive: true, force: true });
  }, 60_000);
});
