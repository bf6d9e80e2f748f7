// `herald serve` and `npm start` facing the signals operators and process managers send.
import { spawn } from 'node:child_process';
import { connect, type Socket } from 'node:net';
import { resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type ArticlesDir, makeArticlesDir } from '../helpers/articles-dir.ts';
import { type RunningHerald, spawnHerald, watchHerald } from '../helpers/run-herald.ts';
import { send } from '../helpers/server.ts';

const REPO = resolve(import.meta.dirname, '../..');
const SERVING = /on (http:\/\/127\.0\.0\.1:(\d+))\//;

let articles: ArticlesDir;
const cleanups: (() => void | Promise<void>)[] = [];

beforeEach(async () => {
  articles = await makeArticlesDir();
});

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  await articles.dispose();
});

function killLater(herald: RunningHerald): void {
  cleanups.push(async () => {
    if (herald.child.exitCode === null && herald.child.signalCode === null) {
      herald.child.kill('SIGKILL');
      await herald.exited;
    }
  });
}

async function serving(herald: RunningHerald): Promise<{ url: string; port: number }> {
  await vi.waitFor(() => expect(herald.stdout()).toMatch(SERVING), { timeout: 30_000, interval: 50 });
  const match = SERVING.exec(herald.stdout()) as RegExpExecArray;
  return { url: match[1] as string, port: Number(match[2]) };
}

function serve(): RunningHerald {
  const herald = watchHerald(
    spawnHerald(['serve', '--host', '127.0.0.1', '--port', '0', '--articles', articles.path], REPO),
  );
  killLater(herald);
  return herald;
}

describe('herald serve', () => {
  it('keeps serving on SIGHUP, and says why', async () => {
    const herald = serve();
    const { url } = await serving(herald);
    herald.child.kill('SIGHUP');
    await vi.waitFor(() => expect(herald.stdout()).toContain('Received SIGHUP'), { timeout: 10_000 });
    expect((await send(`${url}/feed.xml`)).status).toBe(200);
    herald.child.kill('SIGTERM');
    expect(await herald.exited).toMatchObject({ code: 0, signal: null });
  });

  it.each(['SIGTERM', 'SIGINT'] as const)(
    'on %s, answers a request already under way with Connection: close, then exits',
    async (signal) => {
      const herald = serve();
      const { port } = await serving(herald);
      const socket: Socket = connect(port, '127.0.0.1');
      let answer = '';
      socket.on('data', (chunk) => {
        answer += chunk.toString('latin1');
      });
      const closed = new Promise<void>((done) => socket.on('close', () => done()));
      await new Promise<void>((done) => socket.once('connect', () => done()));
      // A request under way: its headers arrive before the signal, its end after.
      socket.write('GET /feed.xml HTTP/1.1\r\nHost: 127.0.0.1\r\n');
      await new Promise((done) => setTimeout(done, 300));
      herald.child.kill(signal);
      await vi.waitFor(() => expect(herald.stdout()).toContain(`Received ${signal}`), { timeout: 10_000 });
      socket.write('\r\n');
      await closed;
      expect(answer).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
      expect(answer.toLowerCase()).toContain('\r\nconnection: close\r\n');
      expect(await herald.exited).toMatchObject({ code: 0, signal: null });
    },
  );
});

describe('npm start', () => {
  it('stops the server when npm is sent SIGTERM, so it never outlives it', async () => {
    const child = spawn(
      'npm',
      ['start', '--', '--host', '127.0.0.1', '--port', '0', '--articles', articles.path],
      {
        cwd: REPO,
        stdio: 'pipe',
      },
    );
    const herald = watchHerald(child);
    killLater(herald);
    const { url } = await serving(herald);
    expect((await send(`${url}/feed.xml`)).status).toBe(200);
    child.kill('SIGTERM');
    await herald.exited;
    await vi.waitFor(async () => expect(send(`${url}/feed.xml`)).rejects.toThrow(/ECONNREFUSED/), {
      timeout: 10_000,
      interval: 100,
    });
  });
});
