// `herald serve > log`: with standard output a file, the request log is written to it directly (not
// through process.stdout): the same UTF-8 lines, in order with the other lines written to it.
import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { parseRequestLogLine } from '../../src/http/request-log.ts';
import { type ArticlesDir, makeArticlesDir } from '../helpers/articles-dir.ts';
import { send } from '../helpers/server.ts';

const REPO = resolve(import.meta.dirname, '../..');
const MAIN = join(REPO, 'src/cli/main.ts');
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const SERVING = /on (http:\/\/127\.0\.0\.1:\d+)\//;

let articles: ArticlesDir;
let dir: string;

beforeEach(async () => {
  articles = await makeArticlesDir();
  dir = await mkdtemp(join(tmpdir(), 'herald-log-file-'));
});

afterEach(async () => {
  await articles.dispose();
  await rm(dir, { recursive: true, force: true });
});

it('writes the request log to a file given as standard output, in UTF-8 and in order', async () => {
  const logFile = join(dir, 'serve.log');
  const fd = openSync(logFile, 'w');
  const env: NodeJS.ProcessEnv = { ...process.env, HERALD_STATE_DIR: join(dir, 'state') };
  for (const name of ['SITE_URL', 'PORT', 'HOST', 'ARTICLES_DIR', 'HERALD_CONFIG']) delete env[name];
  const child = spawn(
    process.execPath,
    ['--import', TSX, MAIN, 'serve', '--host', '127.0.0.1', '--port', '0', '--articles', articles.path],
    { cwd: REPO, env, stdio: ['ignore', fd, 'pipe'] },
  );
  closeSync(fd);
  const exited = new Promise((done) => child.on('exit', done));
  try {
    const text = () => readFileSync(logFile, 'utf8');
    await vi.waitFor(() => expect(text()).toMatch(SERVING), { timeout: 30_000, interval: 50 });
    const url = (SERVING.exec(text()) as RegExpExecArray)[1] as string;
    // node:http reads header values as Latin-1: "ü" arrives as U+00FC and is logged as UTF-8.
    const ua = 'Lecteur \u00fc/1.0';
    const first = await send(`${url}/feed.xml`, { headers: { 'user-agent': ua } });
    await send(`${url}/feed.xml`, {
      headers: { 'user-agent': ua, 'if-none-match': String(first.headers.etag) },
    });
    // Stopped before the batch is due: the lines are written on the way out, after the notice.
    child.kill('SIGTERM');
    await exited;
    const bytes = readFileSync(logFile);
    expect(bytes.includes(Buffer.from('Lecteur \u00fc/1.0', 'utf8'))).toBe(true);
    const lines = bytes.toString('utf8').trimEnd().split('\n');
    const requests = lines.map(parseRequestLogLine).filter((line) => line !== undefined);
    expect(requests.map((r) => [r.path, r.status, r.ua])).toEqual([
      ['/feed.xml', 200, ua],
      ['/feed.xml', 304, ua],
    ]);
    const notice = lines.findIndex((line) => line.startsWith('Received SIGTERM'));
    expect(notice).toBeGreaterThan(lines.findIndex((line) => SERVING.test(line)));
    expect(lines.findIndex((line) => line.startsWith('{'))).toBeGreaterThan(notice);
  } finally {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
});
