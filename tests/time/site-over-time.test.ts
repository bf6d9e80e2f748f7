// The site over time, read by real readers. A folder of articles changes step by step (at least 1.1 s
// apart, so HTTP dates can tell the steps apart) while readers that keep state between polls read it:
// Python feedparser (both validators, and If-Modified-Since only), newsboat with its cache, and HTTP
// clients that check the validators byte by byte. The same story runs against `herald serve` (a real
// process, restarted half-way) and against the export served by a real nginx with its own recipe,
// rebuilt into the same folder after every step.
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rename, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findNginx, freePort, type RunningNginx, startNginx } from '../helpers/nginx.ts';
import { type RawResponse, rawGet } from '../helpers/raw-http.ts';
import { type RunningHerald, runHerald, spawnHerald, watchHerald } from '../helpers/run-herald.ts';
import { childrenNamed, childText, onlyChild, parseXmlStrict } from '../helpers/xml.ts';

const SITE_URL = 'https://news.example.org/';
const ITEMS = 5;
const GAP_MS = 1100;
const PYTHON = '/usr/bin/python3';
const POLL_SCRIPT = join(import.meta.dirname, '../readers/feedparser-poll.py');

/** What the test knows about one article file: the truth readers must end up seeing. */
interface Article {
  file: string;
  id: string;
  title: string;
  /** ISO 8601 with offset. */
  date: string;
  updated?: string;
  body: string;
  draft?: boolean;
  tags: string[];
}

function articleText(a: Article): string {
  const lines = ['---', `title: ${JSON.stringify(a.title)}`, `date: ${a.date}`, `id: ${a.id}`];
  if (a.updated) lines.push(`updated: ${a.updated}`);
  if (a.draft) lines.push('draft: true');
  lines.push(`tags: [${a.tags.join(', ')}]`, '---', '', a.body, '');
  return lines.join('\n');
}

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
const DAY = 86_400_000;

/** The story: each step changes the folder the way a writer would. */
interface Story {
  dir: string;
  articles: Map<string, Article>;
}

async function put(story: Story, article: Article): Promise<void> {
  story.articles.set(article.file, article);
  await writeFile(join(story.dir, article.file), articleText(article));
}

async function remove(story: Story, file: string): Promise<void> {
  story.articles.delete(file);
  await unlink(join(story.dir, file));
}

function newest(story: Story): Article {
  const published = [...story.articles.values()].filter((a) => !a.draft);
  return published.sort((a, b) => Date.parse(b.date) - Date.parse(a.date))[0] as Article;
}

let serial = 0;
function makeArticle(date: number, extra: Partial<Article> = {}): Article {
  serial += 1;
  const slug = `story-${serial}`;
  return {
    file: `${iso(date).slice(0, 10)}-${slug}.md`,
    id: `tag:news.example.org,2026:${slug}`,
    title: `Story ${serial}`,
    date: iso(date),
    body: `Body of story ${serial}, first version.`,
    tags: serial % 2 === 0 ? ['even', 'all'] : ['odd', 'all'],
    ...extra,
  };
}

const START = Date.now() - 100 * DAY;

/** Step name and what it does to the folder. */
const STEPS: [string, (story: Story) => Promise<void>][] = [
  ['add an article dated now', (s) => put(s, makeArticle(Date.now() - 60_000))],
  [
    'fix a typo silently: same dates, same length',
    async (s) => {
      const a = newest(s);
      // Same length on purpose: nginx's own ETag is mtime and size, so only a new mtime can show it.
      await put(s, { ...a, body: a.body.replace('first', 'fixed') });
    },
  ],
  [
    'edit with updated bumped',
    async (s) => {
      const [, second] = [...s.articles.values()]
        .filter((a) => !a.draft)
        .sort((a, b) => Date.parse(b.date) - Date.parse(a.date));
      if (!second) throw new Error('no second article');
      await put(s, { ...second, body: `${second.body} Corrected.`, updated: iso(Date.now() - 1000) });
    },
  ],
  ['add a backdated article', (s) => put(s, makeArticle(START + 3.5 * DAY))],
  ['delete the newest article', (s) => remove(s, newest(s).file)],
  [
    'rename a file that has an explicit id',
    async (s) => {
      const a = newest(s);
      const renamed = { ...a, file: a.file.replace('.md', '-renamed.md') };
      await rename(join(s.dir, a.file), join(s.dir, renamed.file));
      s.articles.delete(a.file);
      s.articles.set(renamed.file, renamed);
    },
  ],
  [
    'change a title',
    async (s) => {
      const a = newest(s);
      await put(s, { ...a, title: `${a.title} (new title)` });
    },
  ],
  [
    'publish a draft',
    async (s) => {
      const draft = [...s.articles.values()].find((a) => a.draft);
      if (!draft) throw new Error('no draft');
      await put(s, { ...draft, draft: false });
    },
  ],
  [
    'add 25 articles at once',
    async (s) => {
      for (let i = 0; i < 25; i++) await put(s, makeArticle(Date.now() - (25 - i) * 60_000));
    },
  ],
  [
    'delete an article in an archive',
    async (s) => {
      const oldest = [...s.articles.values()].sort((a, b) => Date.parse(a.date) - Date.parse(b.date));
      await remove(s, (oldest[2] as Article).file);
    },
  ],
];

/** Published articles of a scope, as the test's own model says. */
function expected(story: Story, tag?: string): Article[] {
  return [...story.articles.values()].filter((a) => !a.draft && (tag === undefined || a.tags.includes(tag)));
}

// --- Readers -------------------------------------------------------------------------------------

/** Rewrites a link in a feed (under the site URL) to the server being read. */
const onServer = (base: string, url: string) => url.replace(SITE_URL, `${base}/`);

interface Walked {
  id: string;
  title: string;
}

/** Follows prev-archive (JSON Feed: next_url) from a subscription document; every item seen. */
async function walkArchives(base: string, path: string): Promise<Walked[]> {
  const items: Walked[] = [];
  let url: string | undefined = `${base}${path}`;
  for (let hops = 0; url !== undefined; hops++) {
    if (hops > 50) throw new Error(`${path}: archive links loop`);
    const response = await rawGet(url);
    expect(response.status, url).toBe(200);
    const body = response.body.toString();
    if (path.endsWith('.json')) {
      const feed = JSON.parse(body) as { items: { id: string; title: string }[]; next_url?: string };
      items.push(...feed.items.map(({ id, title }) => ({ id, title })));
      url = feed.next_url && onServer(base, feed.next_url);
      continue;
    }
    const root = parseXmlStrict(body).root;
    const rss = root.local === 'rss';
    const container = rss ? onlyChild(root, 'channel') : root;
    for (const item of childrenNamed(container, rss ? 'item' : 'entry')) {
      items.push({ id: childText(item, rss ? 'guid' : 'id'), title: childText(item, 'title') });
    }
    const prev = childrenNamed(container, rss ? 'atom:link' : 'link').find(
      (l) => l.attributes.rel === 'prev-archive',
    );
    url = prev?.attributes.href && onServer(base, prev.attributes.href);
  }
  return items;
}

/** A client that keeps the bytes and validators it was sent, and sends some of them back. */
class ValidatingClient {
  readonly #held = new Map<string, { body: Buffer; etag?: string; lastModified?: string }>();
  constructor(readonly send: 'if-modified-since' | 'both') {}

  async poll(url: string): Promise<Buffer> {
    const held = this.#held.get(url);
    const headers: Record<string, string> = {};
    if (held?.lastModified) headers['If-Modified-Since'] = held.lastModified;
    if (this.send === 'both' && held?.etag) headers['If-None-Match'] = held.etag;
    const response = await rawGet(url, headers);
    if (response.status === 304 && held) return held.body;
    expect(response.status, url).toBe(200);
    this.#held.set(url, {
      body: response.body,
      etag: header(response, 'etag'),
      lastModified: header(response, 'last-modified'),
    });
    return response.body;
  }
}

function header(response: RawResponse, name: string): string | undefined {
  const value = response.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Runs the feedparser reader on its state file; what it holds for each URL afterwards. */
async function pollWithFeedparser(
  stateFile: string,
  mode: 'both' | 'modified',
  urls: string[],
): Promise<Record<string, { status?: number; entries: { id: string; title: string; content: string }[] }>> {
  const { code, stdout, stderr } = await run(PYTHON, [POLL_SCRIPT, stateFile, mode, ...urls]);
  if (code !== 0) throw new Error(`feedparser reader failed: ${stderr}`);
  return JSON.parse(stdout);
}

function run(
  command: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** newsboat with a persistent cache, as a user's reader between polls. */
class Newsboat {
  constructor(
    readonly home: string,
    readonly urls: string[],
  ) {}

  async reload(): Promise<void> {
    await writeFile(join(this.home, 'urls'), `${this.urls.join('\n')}\n`);
    const { code, stderr } = await run(
      'newsboat',
      ['-x', 'reload', '-u', join(this.home, 'urls'), '-c', join(this.home, 'cache.db')],
      {
        HOME: this.home,
        XDG_CONFIG_HOME: join(this.home, '.config'),
        XDG_DATA_HOME: join(this.home, '.local'),
      },
    );
    if (code !== 0) throw new Error(`newsboat failed (${code}): ${stderr}`);
  }

  /**
   * Every item of the cache: guid, title, content. newsboat keeps one row per guid, under the first
   * feed that brought it: an article in the site feed and in a tag feed is one item.
   */
  items(): { guid: string; title: string; content: string }[] {
    const db = new Database(join(this.home, 'cache.db'), { readonly: true });
    try {
      return db.prepare('SELECT guid, title, content FROM rss_item WHERE deleted = 0').all() as {
        guid: string;
        title: string;
        content: string;
      }[];
    } finally {
      db.close();
    }
  }
}

// --- The story, told to one server ---------------------------------------------------------------

interface Target {
  /** Base URL, no trailing slash. */
  url(): string;
  /** Waits until the server shows the folder as it now is. */
  settle(story: Story): Promise<void>;
  /** Called once, half-way through the story. */
  midway?(): Promise<void>;
}

/** Paths read byte by byte after every step: every feed format, an archive, the home page, a tag feed. */
const WATCHED = ['/feed.xml', '/atom.xml', '/feed.json', '/archive/1/atom.xml', '/', '/tags/all/feed.xml'];
/** Feeds given to feedparser and newsboat. */
const READER_FEEDS = ['/feed.xml', '/atom.xml', '/tags/all/atom.xml', '/archive/1/feed.xml'];

function tellTheStory(
  name: string,
  makeTarget: (story: Story, root: string) => Promise<Target & { stop(): Promise<void> }>,
) {
  describe(`the site over time, served by ${name}`, () => {
    let root: string;
    let story: Story;
    let target: Target & { stop(): Promise<void> };

    beforeAll(async () => {
      root = await mkdtemp(join(tmpdir(), 'herald-over-time-'));
      story = { dir: join(root, 'articles'), articles: new Map() };
      await mkdir(story.dir);
      await mkdir(join(root, 'newsboat'));
      for (let i = 0; i < 30; i++) await put(story, makeArticle(START + i * DAY));
      await put(story, makeArticle(START + 40 * DAY, { draft: true }));
      target = await makeTarget(story, root);
    }, 120_000);

    afterAll(async () => {
      await target?.stop();
      await rm(root, { recursive: true, force: true });
    });

    it('keeps every reader right at every step', async () => {
      const base = () => target.url();
      const bytewise = { ims: new ValidatingClient('if-modified-since'), both: new ValidatingClient('both') };
      const previous = new Map<string, { body: Buffer; etag: string; lastModified: number }>();
      const newsboat = new Newsboat(
        join(root, 'newsboat'),
        READER_FEEDS.map((p) => `${base()}${p}`),
      );
      const state = { both: join(root, 'feedparser-both.json'), modified: join(root, 'feedparser-ims.json') };

      const check = async (step: string) => {
        await target.settle(story);
        // Walking the archives from each subscription document yields exactly the published articles.
        for (const [path, tag] of [
          ['/feed.xml', undefined],
          ['/atom.xml', undefined],
          ['/feed.json', undefined],
          ['/tags/all/atom.xml', 'all'],
          ['/tags/odd/feed.json', 'odd'],
        ] as const) {
          const walked = await walkArchives(base(), path);
          const want = expected(story, tag);
          expect(walked.map((w) => w.id).sort(), `${step}: ${path}`).toEqual(want.map((a) => a.id).sort());
          const titles = new Map(want.map((a) => [a.id, a.title]));
          for (const w of walked) expect(w.title, `${step}: ${path} ${w.id}`).toBe(titles.get(w.id));
        }
        // Validators: ETag changes iff the bytes do; Last-Modified never moves backwards and moves on
        // with the bytes; no client is ever left holding other bytes than the current ones.
        for (const path of WATCHED) {
          const url = `${base()}${path}`;
          const fresh = await rawGet(url);
          expect(fresh.status, `${step}: ${path}`).toBe(200);
          const etag = header(fresh, 'etag') as string;
          const lastModified = Date.parse(header(fresh, 'last-modified') as string);
          const before = previous.get(path);
          if (before) {
            const same = before.body.equals(fresh.body);
            expect(etag === before.etag, `${step}: ${path}: ETag changes iff the bytes do`).toBe(same);
            if (same) expect(lastModified, `${step}: ${path}`).toBe(before.lastModified);
            else
              expect(lastModified, `${step}: ${path}: Last-Modified moves on`).toBeGreaterThan(
                before.lastModified,
              );
          }
          previous.set(path, { body: fresh.body, etag, lastModified });
          for (const [kind, client] of Object.entries(bytewise)) {
            const held = await client.poll(url);
            expect(
              held.equals(fresh.body),
              `${step}: ${path}: a client sending ${kind} holds stale bytes`,
            ).toBe(true);
          }
        }
        // feedparser, with both validators and with If-Modified-Since only, holds what a fresh reader sees.
        const urls = READER_FEEDS.map((p) => `${base()}${p}`);
        const fresh = await pollWithFeedparser(
          join(root, `feedparser-fresh-${Date.now()}.json`),
          'both',
          urls,
        );
        for (const mode of ['both', 'modified'] as const) {
          const held = await pollWithFeedparser(state[mode], mode, urls);
          for (const url of urls) {
            expect(held[url]?.entries, `${step}: feedparser (${mode}) on ${url}`).toEqual(
              fresh[url]?.entries,
            );
          }
        }
        // newsboat: every item of each feed present once, with its current title and content.
        await newsboat.reload();
        const cached = newsboat.items();
        const guids = cached.map((i) => i.guid);
        expect(guids.length - new Set(guids).size, `${step}: newsboat duplicates`).toBe(0);
        for (const url of urls) {
          for (const entry of fresh[url]?.entries ?? []) {
            const item = cached.find((i) => i.guid === entry.id);
            expect(item, `${step}: newsboat lost ${entry.id} of ${url}`).toBeDefined();
            expect(item?.title, `${step}: newsboat title of ${entry.id}`).toBe(entry.title);
            const article = [...story.articles.values()].find((a) => a.id === entry.id) as Article;
            expect(item?.content, `${step}: newsboat content of ${entry.id}`).toContain(article.body);
          }
        }
      };

      await check('start');
      for (const [index, [step, change]] of STEPS.entries()) {
        await sleep(GAP_MS);
        await change(story);
        if (index === Math.floor(STEPS.length / 2)) await target.midway?.();
        await check(step);
      }
    }, 600_000);
  });
}

// --- herald serve --------------------------------------------------------------------------------

// The readers here poll far more often than real ones (and unconditionally, to know the truth): the
// polling limit, which would answer them 429, is off.
const SETTINGS_ENV = {
  HERALD_ITEMS_PER_FEED: String(ITEMS),
  HERALD_ITEMS_PER_PAGE: String(ITEMS),
  HERALD_POLL_LIMIT_PER_MINUTE: '0',
};

function cliFlags(root: string): string[] {
  return ['--articles', join(root, 'articles'), '--site-url', SITE_URL, '--state-dir', join(root, 'state')];
}

/** Polls until every walked feed shows the story's articles with their titles (or fails after 20 s). */
async function settleOn(base: string, story: Story): Promise<void> {
  const want = expected(story)
    .map((a) => `${a.id} ${a.title}`)
    .sort()
    .join('\n');
  for (let tries = 0; ; tries++) {
    const got = await walkArchives(base, '/feed.json').then(
      (items) =>
        items
          .map((i) => `${i.id} ${i.title}`)
          .sort()
          .join('\n'),
      () => '',
    );
    if (got === want) return;
    if (tries > 200) throw new Error(`the server did not show the change within 20 s`);
    await sleep(100);
  }
}

tellTheStory('herald serve (restarted half-way)', async (story, root) => {
  const port = await freePort();
  let herald: RunningHerald;
  const start = async () => {
    herald = watchHerald(
      spawnHerald(
        ['serve', '--quiet', '--host', '127.0.0.1', '--port', String(port), ...cliFlags(root)],
        root,
        SETTINGS_ENV,
      ),
    );
    for (let tries = 0; ; tries++) {
      const up = await rawGet(`http://127.0.0.1:${port}/healthz`).then(
        () => true,
        () => false,
      );
      if (up) return;
      if (herald.child.exitCode !== null || tries > 300)
        throw new Error(`herald serve did not start: ${herald.stderr()}`);
      await sleep(100);
    }
  };
  const stop = async () => {
    if (herald.child.exitCode === null) {
      herald.child.kill('SIGTERM');
      await herald.exited;
    }
  };
  await start();
  return {
    url: () => `http://127.0.0.1:${port}`,
    settle: () => settleOn(`http://127.0.0.1:${port}`, story),
    midway: async () => {
      await stop();
      await start();
    },
    stop,
  };
});

// --- the export, served by nginx -----------------------------------------------------------------

tellTheStory('nginx serving the export (rebuilt into the same folder)', async (story, root) => {
  const nginxBinary = findNginx();
  if (!nginxBinary) throw new Error('nginx is not installed: apt-get install nginx-light');
  const out = join(root, 'site');
  const recipes: string[] = [];
  const build = async () => {
    // Without .gz/.br siblings, to keep eleven builds quick; the readers here ask for identity anyway.
    const result = await runHerald(
      ['build', '--no-compress', '--out', out, ...cliFlags(root)],
      root,
      SETTINGS_ENV,
    );
    if (result.code !== 0) throw new Error(`herald build failed: ${result.stderr}`);
    recipes.push(
      await readFile(join(out, 'nginx.conf'), 'utf8'),
      await readFile(join(out, '_headers'), 'utf8'),
    );
  };
  await build();
  const nginx: RunningNginx = await startNginx(nginxBinary, out, `include ${join(out, 'nginx.conf')};`);
  return {
    url: () => nginx.url,
    settle: async () => {
      await build();
      // The recipes never change with the articles: nginx needs no reload.
      expect(recipes.at(-2)).toBe(recipes[0]);
      expect(recipes.at(-1)).toBe(recipes[1]);
      await settleOn(nginx.url, story);
    },
    stop: () => nginx.stop(),
  };
});
