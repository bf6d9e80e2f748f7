// `herald serve` as a user runs it: a real process, real signals, real ports.
import { once } from 'node:events';
import { createServer, type Server } from 'node:net';
import { resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type ArticlesDir, makeArticlesDir } from '../helpers/articles-dir.ts';
import { type RunningHerald, spawnHerald, watchHerald } from '../helpers/run-herald.ts';
import { send } from '../helpers/server.ts';

const REPO = resolve(import.meta.dirname, '../..');

let articles: ArticlesDir;
const cleanups: (() => void | Promise<void>)[] = [];

beforeEach(async () => {
  articles = await makeArticlesDir();
});

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  await articles.dispose();
});

function runHerald(args: string[]): RunningHerald {
  const herald = watchHerald(
    spawnHerald(['serve', '--host', '127.0.0.1', '--articles', articles.path, ...args], REPO, {
      NODE_ENV: 'test',
    }),
  );
  cleanups.push(async () => {
    if (herald.child.exitCode === null && herald.child.signalCode === null) {
      herald.child.kill('SIGKILL');
      await herald.exited;
    }
  });
  return herald;
}

async function occupyPort(): Promise<number> {
  const blocker: Server = createServer();
  blocker.listen(0, '127.0.0.1');
  await once(blocker, 'listening');
  cleanups.push(() => new Promise<void>((done) => blocker.close(() => done())));
  const address = blocker.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

describe('herald serve', () => {
  describe('when the port is already in use', () => {
    it('prints one clear line, no stack trace, and exits non-zero', async () => {
      const port = await occupyPort();
      const herald = runHerald(['--port', String(port)]);
      const { code } = await herald.exited;
      expect(code).not.toBe(0);
      const lines = herald.stderr().trim().split('\n');
      expect(lines).toEqual([
        `herald serve: port ${port} on 127.0.0.1 is already in use; stop the other server or pick another port with --port or PORT`,
      ]);
      expect(herald.stderr()).not.toMatch(/\n\s+at /);
      expect(herald.stdout()).toBe('');
    });
  });

  describe('when the articles folder does not exist', () => {
    it('says so in one line and exits non-zero', async () => {
      const missing = `${articles.path}/missing`;
      const herald = runHerald(['--port', '0', '--articles', missing]);
      expect((await herald.exited).code).toBe(1);
      expect(herald.stderr().trim().split('\n')).toEqual([
        `herald serve: the articles folder ${missing} does not exist; create it or point --articles or ARTICLES_DIR at it`,
      ]);
    });
  });

  describe('when it receives SIGTERM', () => {
    it('stops serving and exits with 0', { timeout: 60_000 }, async () => {
      const herald = runHerald(['--port', '0']);
      // Starting tsx and Herald takes seconds on a loaded CI machine: wait for the line, not a guess.
      await vi.waitFor(() => expect(herald.stdout()).toMatch(/on (http:\/\/127\.0\.0\.1:\d+)\//), {
        timeout: 40_000,
        interval: 20,
      });
      const url = /on (http:\/\/127\.0\.0\.1:\d+)\//.exec(herald.stdout())?.[1] as string;
      // fetch keeps its connection open afterwards: shutdown must not wait for idle keep-alive clients.
      const response = await fetch(`${url}/feed.xml`);
      expect(response.status).toBe(200);
      await response.arrayBuffer();
      // The request log line (JSON, written in batches).
      await vi.waitFor(
        () => expect(herald.stdout()).toMatch(/"method":"GET","path":"\/feed\.xml","status":200,/),
        {
          timeout: 5000,
          interval: 20,
        },
      );

      const signalled = performance.now();
      herald.child.kill('SIGTERM');
      expect(await herald.exited).toMatchObject({ code: 0, signal: null });
      // Well before the 5 s safety timer, which would also exit with 0.
      expect(performance.now() - signalled).toBeLessThan(4000);
      expect(herald.stdout()).toContain('Received SIGTERM');
      expect(herald.stderr()).toBe('');
      await expect(send(`${url}/feed.xml`)).rejects.toThrow(/ECONNREFUSED/);
    });
  });
});
