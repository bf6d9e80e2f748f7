// Readers polling while the writer edits: a real `herald serve` under concurrent requests from
// keep-alive clients while an article is rewritten every 50 ms. No request fails, and no response is
// torn: every body is a whole document whose ETag is the one the server gives for exactly those bytes.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { writeArticleCorpus } from '../helpers/article-corpus.ts';
import { articleText } from '../helpers/articles-dir.ts';
import { type ServingHerald, serveHerald } from '../helpers/run-herald.ts';
import { parseXmlStrict } from '../helpers/xml.ts';

const PATHS = ['/feed.xml', '/atom.xml', '/feed.json', '/', '/tags/cameras/feed.xml'];
const CLIENTS = 8;
const EDITS = 60;
const EDIT_EVERY_MS = 50;

let root: string;
let herald: ServingHerald;
let url: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'herald-load-'));
  await writeArticleCorpus(join(root, 'articles'), 200);
  // Eight readers polling without validators as fast as they can: measure serving, not 429s.
  herald = await serveHerald(['--articles', 'articles', '--site-url', 'https://news.example.org/'], root, {
    HERALD_POLL_LIMIT_PER_MINUTE: '0',
  });
  url = herald.url;
}, 90_000);

afterAll(async () => {
  herald?.child.kill('SIGTERM');
  await herald?.exited;
  await rm(root, { recursive: true, force: true });
});

interface Answer {
  path: string;
  status: number;
  etag: string;
  body: Buffer;
}

function get(agent: Agent, path: string, headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}${path}`, { agent, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({
          path,
          status: res.statusCode ?? 0,
          etag: String(res.headers.etag ?? ''),
          body: Buffer.concat(chunks),
        }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/** A whole document of its kind: parses, and ends where a document of that kind ends. */
function wellFormed(answer: Answer): boolean {
  const text = answer.body.toString('utf8');
  try {
    if (answer.path.endsWith('.json')) JSON.parse(text);
    else if (answer.path.endsWith('.xml')) parseXmlStrict(text);
    else if (!text.trimEnd().endsWith('</html>')) return false;
    return true;
  } catch {
    return false;
  }
}

it('answers every request with a whole document and its own ETag while an article is rewritten every 50 ms', async () => {
  const file = join(root, 'articles', '2030-01-01-breaking.md');
  const failures: string[] = [];
  const answers: Answer[] = [];
  let editing = true;
  const editor = (async () => {
    for (let i = 0; i < EDITS; i++) {
      await writeFile(
        file,
        articleText({
          title: `Breaking ${i}`,
          date: '2024-01-01',
          tags: ['Cameras'],
          body: `Edit number ${i}. `.repeat(50 + i),
        }),
      );
      await new Promise((resolve) => setTimeout(resolve, EDIT_EVERY_MS));
    }
    editing = false;
  })();
  const clients = Array.from({ length: CLIENTS }, async (_, c) => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    let n = 0;
    while (editing) {
      const path = PATHS[(c + n++) % PATHS.length] as string;
      try {
        const answer = await get(agent, path, { 'accept-encoding': 'identity' });
        if (answer.status !== 200) failures.push(`${path}: ${answer.status}`);
        else answers.push(answer);
      } catch (error) {
        failures.push(`${path}: ${String(error)}`);
      }
    }
    agent.destroy();
  });
  await Promise.all([editor, ...clients]);
  expect(failures).toEqual([]);
  expect(answers.length).toBeGreaterThan(EDITS);
  expect(answers.filter((answer) => !wellFormed(answer)).map((answer) => answer.path)).toEqual([]);
  // An ETag names one body: two answers with the same ETag have the same bytes.
  const bodies = new Map<string, Buffer>();
  const torn: string[] = [];
  for (const answer of answers) {
    const key = `${answer.path} ${answer.etag}`;
    const seen = bodies.get(key);
    if (seen && !seen.equals(answer.body)) torn.push(key);
    else bodies.set(key, answer.body);
  }
  expect(torn).toEqual([]);
  // The edits were seen while they happened, and the last one is what is served now.
  const titles = new Set(answers.flatMap((answer) => /Breaking \d+/.exec(answer.body.toString())?.[0] ?? []));
  expect(titles.size).toBeGreaterThan(5);
  await vi.waitFor(
    async () => {
      const feed = await get(new Agent(), '/feed.xml');
      expect(feed.body.toString()).toContain(`Breaking ${EDITS - 1}`);
      // …and a conditional request with its ETag is answered 304.
      expect((await get(new Agent(), '/feed.xml', { 'if-none-match': feed.etag })).status).toBe(304);
    },
    { timeout: 10_000, interval: 50 },
  );
}, 120_000);
