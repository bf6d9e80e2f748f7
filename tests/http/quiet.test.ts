// `herald serve --quiet` silences request lines only; every problem is printed, and once.
import { resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type ArticlesDir, makeArticlesDir } from '../helpers/articles-dir.ts';
import { type RunningHerald, spawnHerald, watchHerald } from '../helpers/run-herald.ts';
import { send } from '../helpers/server.ts';

const REPO = resolve(import.meta.dirname, '../..');
const SERVING = /on (http:\/\/127\.0\.0\.1:\d+)\//;

let articles: ArticlesDir;
let herald: RunningHerald | undefined;

beforeEach(async () => {
  articles = await makeArticlesDir();
});

afterEach(async () => {
  if (herald && herald.child.exitCode === null && herald.child.signalCode === null) {
    herald.child.kill('SIGKILL');
    await herald.exited;
  }
  await articles.dispose();
});

const occurrences = (text: string, part: string) => text.split(part).length - 1;

describe.each([[[] as string[]], [['--quiet']]])('herald serve %j', (flags) => {
  it('prints a start-up problem once and a problem found while serving once', async () => {
    await articles.write('2022-06-01-broken.md', '---\ntitle: Broken\ndate: 2022-13-45\n---\n');
    herald = watchHerald(
      spawnHerald(
        ['serve', '--host', '127.0.0.1', '--port', '0', '--articles', articles.path, ...flags],
        REPO,
      ),
    );
    const running = herald;
    await vi.waitFor(() => expect(running.stdout()).toMatch(SERVING), { timeout: 30_000, interval: 50 });
    const url = (SERVING.exec(running.stdout()) as RegExpExecArray)[1] as string;
    const output = () => running.stdout() + running.stderr();
    expect(occurrences(output(), '2022-06-01-broken.md: error: date:')).toBe(1);

    await articles.write('2022-06-02-later.md', '---\ntitle: Later\nbogus: 1\n---\n');
    await vi.waitFor(() => expect(output()).toContain('2022-06-02-later.md: error: bogus:'), {
      timeout: 10_000,
    });
    expect((await send(`${url}/feed.xml`)).status).toBe(200);
    await new Promise((done) => setTimeout(done, 500));
    expect(occurrences(output(), '2022-06-02-later.md: error: bogus:')).toBe(1);
    // Request lines are the JSON request log, written in batches (at least every 200 ms).
    const feedLines = running
      .stdout()
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { method?: string; path?: string; status?: number })
      .filter((line) => line.method === 'GET' && line.path === '/feed.xml' && line.status === 200);
    expect(feedLines).toHaveLength(flags.length === 0 ? 1 : 0);
  });
});
