// `herald build` with `feedDelayMinutes`: the exported article page is there at once, the exported
// feeds leave the article out until its date plus the delay has passed, and the next build after
// that puts it in (read back from the files by Python's feedparser, as a reader of the host would).
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SHIPPED_ARTICLES_DIR } from '../helpers/articles-dir.ts';
import { parseWithPythonFeedparser } from '../helpers/python-feedparser.ts';
import { runHerald } from '../helpers/run-herald.ts';

const DELAY_MS = 6000;

let root: string;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'herald-feed-delay-'));
  await mkdir(join(root, 'articles'));
  for (const name of ['2022-05-23-leica-ends-huawei-partnership-and-signs-with-xiaomi.md']) {
    await writeFile(join(root, 'articles', name), await readFile(join(SHIPPED_ARTICLES_DIR, name)));
  }
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

const build = () =>
  runHerald(['build', '--out', 'site', '--no-compress', '--site-url', 'https://news.example.test/'], root, {
    HERALD_FEED_DELAY_MINUTES: String(DELAY_MS / 60_000),
  });

async function titles(file: string): Promise<string[]> {
  const feed = await parseWithPythonFeedparser(await readFile(join(root, 'site', file)));
  expect(feed.bozo, feed.bozo_exception).toBe(false);
  return feed.entries.map((entry) => entry.title);
}

describe('herald build with feedDelayMinutes', () => {
  it('exports the page at once and the feeds with the article only once the delay is over', async () => {
    const date = new Date(Math.floor(Date.now() / 1000) * 1000);
    await writeFile(
      join(root, 'articles', 'fresh.md'),
      `---\ntitle: Fresh news\ndate: ${date.toISOString()}\n---\n\nJust in.\n`,
    );
    const first = await build();
    expect(first.code, first.stderr).toBe(0);
    const builtBy = Date.now();
    expect(await readFile(join(root, 'site', 'articles', 'fresh', 'index.html'), 'utf8')).toContain(
      'Fresh news',
    );
    // A machine so loaded that the build outlasted the delay cannot show the wait.
    if (builtBy < date.getTime() + DELAY_MS) {
      expect(await titles('feed.xml')).not.toContain('Fresh news');
      expect(await titles('atom.xml')).not.toContain('Fresh news');
      expect(await readFile(join(root, 'site', 'feed.json'), 'utf8')).not.toContain('Fresh news');
      expect(await titles('feed.xml')).toContain(
        'Leica Ends Its Huawei Partnership and Signs a Long-Term Deal with Xiaomi',
      );
    }

    await new Promise((done) => setTimeout(done, Math.max(0, date.getTime() + DELAY_MS - Date.now())));
    const second = await build();
    expect(second.code, second.stderr).toBe(0);
    expect((await titles('feed.xml'))[0]).toBe('Fresh news');
    expect((await titles('atom.xml'))[0]).toBe('Fresh news');
    const json = JSON.parse(await readFile(join(root, 'site', 'feed.json'), 'utf8')) as {
      items: { title: string }[];
    };
    expect(json.items[0]?.title).toBe('Fresh news');
  }, 120_000);
});
