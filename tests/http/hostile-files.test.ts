// A running server facing article files that crash, stall or point outside the folder.
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type ArticlesDir, articleText, makeArticlesDir } from '../helpers/articles-dir.ts';
import { send, serve } from '../helpers/server.ts';

let articles: ArticlesDir;
let outside: string;
let lines: string[];

beforeEach(async () => {
  articles = await makeArticlesDir();
  outside = await mkdtemp(join(tmpdir(), 'herald-outside-'));
  await writeFile(join(outside, 'secret.md'), articleText({ title: 'Outside secret', date: '2022-06-09' }));
  lines = [];
});

afterEach(async () => {
  await articles.dispose();
  await rm(outside, { recursive: true, force: true });
});

const status = async (url: string) => (await send(url)).status;
const body = async (url: string) => (await send(url)).body.toString();
const waitFor = (check: () => Promise<void>) => vi.waitFor(check, { timeout: 10_000, interval: 25 });
const bomb = (title: string, date: string) =>
  articleText({ title, date, tags: ['Shared'], body: '>'.repeat(5000) });

describe('a symbolic link in the articles folder', () => {
  it('is not followed at start-up', async () => {
    await symlink(join(outside, 'secret.md'), join(articles.path, '2022-06-09-link.md'));
    const server = await serve(articles.path, { watch: true, log: (line) => lines.push(line) });
    expect(await status(`${server.url}/articles/link/`)).toBe(404);
    expect(await body(`${server.url}/feed.xml`)).not.toContain('Outside secret');
    expect(server.live.problems.map((p) => p.message)).toEqual([
      expect.stringMatching(/^is a symbolic link, and links are not followed/),
    ]);
  });

  it('is not followed when it appears while serving', async () => {
    const server = await serve(articles.path, { watch: true, log: (line) => lines.push(line) });
    await symlink(join(outside, 'secret.md'), join(articles.path, '2022-06-09-link.md'));
    await waitFor(async () => expect(lines.join('\n')).toContain('2022-06-09-link.md'));
    await articles.write('2022-06-10-after.md', articleText({ title: 'After', date: '2022-06-10' }));
    await waitFor(async () => expect(await status(`${server.url}/articles/after/`)).toBe(200));
    expect(await status(`${server.url}/articles/link/`)).toBe(404);
    expect(await body(`${server.url}/feed.xml`)).not.toContain('Outside secret');
    expect(lines.join('\n')).not.toContain('Outside secret');
  });
});

describe('a named pipe added while serving', () => {
  it('is reported, and requests keep being answered at once', async () => {
    const server = await serve(articles.path, { watch: true, log: (line) => lines.push(line) });
    execFileSync('mkfifo', [join(articles.path, '2022-06-09-pipe.md')]);
    await waitFor(async () => expect(lines.join('\n')).toContain('is a named pipe (FIFO)'));
    for (let i = 0; i < 5; i++) {
      const started = performance.now();
      expect(await status(`${server.url}/feed.xml`)).toBe(200);
      // Under 100 ms on an idle machine; a pipe opened for reading without O_NONBLOCK would block
      // the server until something writes to it, so any bound well under the wait detects it.
      expect(performance.now() - started).toBeLessThan(1000);
    }
    await articles.write('2022-06-10-after.md', articleText({ title: 'After', date: '2022-06-10' }));
    await waitFor(async () => expect(await status(`${server.url}/articles/after/`)).toBe(200));
  });
});

describe('an article whose body is a nesting bomb', () => {
  it('as the newest article at start-up: the server starts, leaves it out, and serves everything else', async () => {
    await articles.write('2022-06-09-bomb.md', bomb('Bomb', '2022-06-09'));
    const server = await serve(articles.path, { watch: true, log: (line) => lines.push(line) });
    await waitFor(async () => {
      expect(lines.join('\n')).toContain('2022-06-09-bomb.md: error: body: nested too deeply to render');
      expect(await body(`${server.url}/feed.xml`)).not.toContain('Bomb');
    });
    for (const path of ['/', '/feed.xml', '/atom.xml', '/feed.json']) {
      expect(await status(`${server.url}${path}`), path).toBe(200);
    }
    expect(await status(`${server.url}/articles/bomb/`)).toBe(404);
    expect(await status(`${server.url}/tags/shared/feed.xml`)).toBe(404);
    expect(await body(`${server.url}/feed.xml`)).toContain('Leica');
  });

  it('as an older article: requests for its page and tag feed leave the server up', async () => {
    await articles.write('2020-01-01-bomb.md', bomb('Bomb', '2020-01-01'));
    const server = await serve(articles.path, { watch: true, log: (line) => lines.push(line) });
    for (const path of [
      '/articles/bomb/',
      '/tags/shared/',
      '/tags/shared/feed.xml',
      '/tags/shared/atom.xml',
    ]) {
      expect(await status(`${server.url}${path}`), path).toBeLessThan(500);
    }
    expect(await status(`${server.url}/feed.xml`)).toBe(200);
    expect(await status(`${server.url}/`)).toBe(200);
  });

  it('added while serving: it is left out with an error, and later edits are still published', async () => {
    const server = await serve(articles.path, { watch: true, log: (line) => lines.push(line) });
    await articles.write('2022-06-09-bomb.md', bomb('Bomb', '2022-06-09'));
    await articles.write('2022-06-10-after.md', articleText({ title: 'After', date: '2022-06-10' }));
    await waitFor(async () => expect(await status(`${server.url}/articles/after/`)).toBe(200));
    await waitFor(async () =>
      expect(lines.join('\n')).toContain('2022-06-09-bomb.md: error: body: nested too deeply to render'),
    );
    expect(await status(`${server.url}/articles/bomb/`)).toBe(404);
    expect(await body(`${server.url}/feed.xml`)).toContain('After');
    expect(await body(`${server.url}/feed.xml`)).not.toContain('Bomb');
  });
});
