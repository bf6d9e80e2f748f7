// Incremental equals from scratch: on random histories of changes to an articles folder, bringing an
// export up to date in place gives exactly the folder a full build gives, touches only the files
// whose bytes changed, and, interrupted at any step, leaves a folder whose links all resolve. The
// incremental side runs as `herald build` does: unchanged files come from the article cache in the
// state folder, and routes whose fingerprint the export's manifest holds are not rendered. Before
// each build, as `herald build` does, the record of the last build is asked whether there is anything
// to do at all; when it says no, nothing is built, and the folder must still equal a full build.
import { mkdir, mkdtemp, readFile, rename, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveSettings } from '../../src/config.ts';
import { ArticleCache } from '../../src/content/article-cache.ts';
import { BodyStore } from '../../src/content/body-store.ts';
import { articlesFolderInputs } from '../../src/export/build-inputs.ts';
import { readExportManifest } from '../../src/export/export-manifest.ts';
import { exportSite } from '../../src/export/export-site.ts';
import { RECIPE_FILES } from '../../src/export/nginx-recipe.ts';
import { checkOutputFolder } from '../../src/export/output-folder.ts';
import { rendererStamp } from '../../src/export/renderer-stamp.ts';
import { recordBuild, upToDate } from '../../src/export/up-to-date.ts';
import { updateExport } from '../../src/export/update-export.ts';
import { loadSite } from '../../src/load-site.ts';
import type { SiteSettings } from '../../src/model.ts';
import { Publisher } from '../../src/publish/publisher.ts';
import { contentsOf, danglingLinks, readFolder, readFolders } from './export-folder.ts';

const SITE_URL = 'https://news.example.test/';
const START = new Date('2024-06-01T00:00:00Z');
const DAY = 86_400_000;
/** Builds here write no .gz/.br siblings. */
const VARIANT = 'identity';
/** Files written this long before a build count as settled (the tests wait a little longer). */
const RACY_MS = 20;
const TAGS = ['Cameras', 'Phones', 'Leica', 'Software'];
const AUTHORS = ['Ada Lovelace', 'Grace Hopper'];

interface Article {
  name: string;
  title: string;
  day: number;
  tags: string[];
  author?: string;
  body: string;
}

type Change =
  | { kind: 'add'; day: number; tags: string[]; author?: string }
  | { kind: 'edit'; at: number; body: string }
  | { kind: 'retitle'; at: number; title: string }
  | { kind: 'retag'; at: number; tags: string[] }
  | { kind: 'delete'; at: number }
  | { kind: 'rename'; at: number }
  | { kind: 'settings'; title: string; itemsPerFeed: number }
  // Changes that leave the output alone, or change it only through time or damage:
  | { kind: 'none' }
  | { kind: 'touch'; at: number }
  | { kind: 'future'; days: number }
  | { kind: 'wait'; days: number }
  | { kind: 'damage'; at: number };

const tags = fc.subarray(TAGS, { maxLength: 2 });
const change: fc.Arbitrary<Change> = fc.oneof(
  fc.record({
    kind: fc.constant('add' as const),
    day: fc.integer({ min: 1, max: 300 }),
    tags,
    author: fc.option(fc.constantFrom(...AUTHORS), { nil: undefined }),
  }),
  fc.record({ kind: fc.constant('edit' as const), at: fc.nat(), body: fc.lorem({ maxCount: 8 }) }),
  fc.record({ kind: fc.constant('retitle' as const), at: fc.nat(), title: fc.lorem({ maxCount: 3 }) }),
  fc.record({ kind: fc.constant('retag' as const), at: fc.nat(), tags }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('rename' as const), at: fc.nat() }),
  fc.record({
    kind: fc.constant('settings' as const),
    title: fc.constantFrom('Herald News', 'Camera Notes'),
    itemsPerFeed: fc.constantFrom(2, 3, 20),
  }),
  fc.constant({ kind: 'none' as const }),
  fc.record({ kind: fc.constant('touch' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('future' as const), days: fc.integer({ min: 1, max: 3 }) }),
  fc.record({ kind: fc.constant('wait' as const), days: fc.integer({ min: 1, max: 3 }) }),
  fc.record({ kind: fc.constant('damage' as const), at: fc.nat() }),
);

function text(article: Article): string {
  const date = new Date(Date.UTC(2023, 0, article.day)).toISOString().slice(0, 10);
  return [
    '---',
    `title: ${JSON.stringify(article.title)}`,
    `date: ${date}`,
    ...(article.tags.length > 0 ? [`tags: [${article.tags.join(', ')}]`] : []),
    ...(article.author ? [`author: ${article.author}`] : []),
    '---',
    '',
    article.body,
    '',
  ].join('\n');
}

class History {
  articles: Article[] = [];
  /** The clock of every build: moves only with 'wait'. */
  now = START;
  /** The export to damage with 'damage'. */
  out = '';
  /**
   * The file of the export that 'damage' removed at this step: written again, so a new inode (and
   * the marker too, which says the file is pending while it is written).
   */
  damaged: string | undefined;
  settings: { title: string; itemsPerFeed: number } = { title: 'Herald News', itemsPerFeed: 3 };
  private counter = 0;
  constructor(readonly dir: string) {}

  siteSettings(): SiteSettings {
    // The state folder beside the articles folder: Herald never writes into the articles folder.
    return resolveSettings(
      [{ articlesDir: this.dir, siteUrl: SITE_URL, stateDir: `${this.dir}.state`, ...this.settings }],
      this.dir,
    );
  }

  async apply(c: Change): Promise<void> {
    const pick = (at: number) => this.articles[at % this.articles.length];
    this.damaged = undefined;
    if (c.kind === 'none') return;
    if (c.kind === 'wait') {
      this.now = new Date(this.now.getTime() + c.days * DAY);
      return;
    }
    if (c.kind === 'damage') {
      const files = (await readFolder(this.out)).keys();
      const names = [...files].filter((name) => !name.startsWith('.')).sort();
      this.damaged = names[c.at % names.length] as string;
      await unlink(join(this.out, this.damaged));
      return;
    }
    if (c.kind === 'touch' && this.articles.length > 0) {
      // The same bytes written again: a new modification time, nothing else.
      const file = join(this.dir, (pick(c.at) as Article).name);
      await writeFile(file, await readFile(file));
      return;
    }
    if (c.kind === 'add' || c.kind === 'future' || this.articles.length === 0) {
      const day =
        c.kind === 'add'
          ? c.day
          : c.kind === 'future'
            ? Math.round((this.now.getTime() - Date.UTC(2023, 0, 0)) / DAY) + c.days
            : 1;
      this.counter += 1;
      const article: Article = {
        name: `a-${this.counter}.md`,
        title: `Article ${this.counter}`,
        day,
        tags: c.kind === 'add' ? c.tags : ['Cameras'],
        ...(c.kind === 'add' && c.author ? { author: c.author } : {}),
        body: `Body of article ${this.counter}.`,
      };
      this.articles.push(article);
      await writeFile(join(this.dir, article.name), text(article));
      return;
    }
    if (c.kind === 'settings') {
      this.settings = { title: c.title, itemsPerFeed: c.itemsPerFeed };
      return;
    }
    const article = pick(c.at) as Article;
    if (c.kind === 'delete') {
      this.articles = this.articles.filter((a) => a !== article);
      await unlink(join(this.dir, article.name));
      return;
    }
    if (c.kind === 'rename') {
      this.counter += 1;
      const name = `renamed-${this.counter}.md`;
      await rename(join(this.dir, article.name), join(this.dir, name));
      article.name = name;
      return;
    }
    if (c.kind === 'edit') article.body = c.body || 'Empty.';
    if (c.kind === 'retitle') article.title = c.title || 'Untitled';
    if (c.kind === 'retag') article.tags = c.tags;
    await writeFile(join(this.dir, article.name), text(article));
  }
}

/** Throws at the n-th visible step of an update: the process dies there and does nothing more. */
class Interrupted extends Error {}

describe('incremental export', () => {
  const roots: string[] = [];
  afterAll(async () => {
    for (const root of roots) await rm(root, { recursive: true, force: true });
  });

  async function fullBuild(
    settings: SiteSettings,
    out: string,
    articlesDir: string,
    root: string,
    now: Date,
  ) {
    await rm(out, { recursive: true, force: true });
    const { rendered } = await loadSite(settings, now, root);
    const folder = await checkOutputFolder(out, { articlesDir, projectRoot: root });
    await exportSite({ settings, rendered, folder, compress: false, workers: 1 });
  }

  async function incrementalBuild(
    settings: SiteSettings,
    out: string,
    root: string,
    now: Date,
    beforeStep?: (step: string) => void,
    mainThreadWrites?: number,
  ) {
    const startedAt = Date.now();
    const inputs = articlesFolderInputs(settings.articlesDir);
    const previous = await readExportManifest(out);
    if (!previous) throw new Error('the export has no manifest');
    // Files written 20 ms or more before they are read are cached: most files of a history are.
    // As `herald build` reads: the bodies rendered by earlier builds, and the stamps of the listing.
    const bodies = BodyStore.open({ file: join(root, 'state', 'bodies.sqlite'), version: rendererStamp() });
    const articleCache = await ArticleCache.open({
      file: join(root, 'state', 'article-cache.json'),
      version: rendererStamp(),
      racyMs: 20,
      bodies,
      stamps: inputs.stamps,
    });
    const publisher = await Publisher.start({ settings, renderNow: true, articleCache, now: () => now });
    await publisher.close();
    bodies.close();
    const { rendered } = publisher;
    const summary = await updateExport({
      settings,
      rendered,
      out,
      previous,
      compress: false,
      workers: 1,
      ...(mainThreadWrites === undefined ? {} : { mainThreadWrites }),
      ...(beforeStep ? { beforeStep } : {}),
    });
    await recordBuild({
      out,
      settings,
      variant: VARIANT,
      articles: inputs,
      startedAt,
      ...(rendered.site.nextDueAt ? { nextDueAt: rendered.site.nextDueAt } : {}),
      urls: rendered.paths().length,
      published: rendered.site.site.articles.length,
      problems: publisher.problems,
      racyMs: RACY_MS,
    });
    return summary;
  }

  it('equals a full build after every change, touching only changed files, even when interrupted', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            change,
            interruptAt: fc.option(fc.nat(30), { nil: undefined }),
            // Files written on the main thread before the writer threads take the rest: none, some, all.
            mainThreadWrites: fc.option(fc.nat(6), { nil: undefined }),
          }),
          {
            minLength: 1,
            maxLength: 5,
          },
        ),
        async (steps) => {
          const root = await mkdtemp(join(tmpdir(), 'herald-incremental-'));
          roots.push(root);
          const articlesDir = join(root, 'articles');
          await mkdir(articlesDir);
          const history = new History(articlesDir);
          for (let i = 0; i < 4; i += 1) {
            await history.apply({ kind: 'add', day: 10 * i + 1, tags: TAGS.slice(i % 3, (i % 3) + 2) });
          }
          const inc = join(root, 'inc');
          const full = join(root, 'full');
          history.out = inc;
          await fullBuild(history.siteSettings(), inc, articlesDir, root, history.now);

          let first = true;
          for (const { change: c, interruptAt, mainThreadWrites } of steps) {
            const before = await readFolder(inc);
            const oldFullLinks = await danglingLinks(inc, SITE_URL);
            await history.apply(c);
            const settings = history.siteSettings();
            const { now } = history;
            // Asked before the full build, which must not hide a change by writing the state folder.
            const nothingToDo = await upToDate({
              out: inc,
              settings,
              variant: VARIANT,
              now,
              articles: articlesFolderInputs(settings.articlesDir),
            });
            if (c.kind === 'none' && !first) {
              expect(nothingToDo, 'a build with no change has nothing to do').toBeDefined();
            }
            first = false;
            await fullBuild(settings, full, articlesDir, root, now);
            const expected = await readFolder(full);

            // A damaged export lacks a file before the build starts: stopping it proves nothing more.
            if (nothingToDo === undefined && interruptAt !== undefined && c.kind !== 'damage') {
              let n = 0;
              const stopped = await incrementalBuild(
                settings,
                inc,
                root,
                now,
                () => {
                  if (n++ === interruptAt) throw new Interrupted();
                },
                mainThreadWrites,
              ).then(
                () => false,
                (error) => {
                  if (error instanceof Interrupted) return true;
                  throw error;
                },
              );
              if (stopped) {
                // A reader may hold the URL of any page or feed the site had and still has.
                const entries = [...before.keys()].filter((name) => expected.has(name));
                const allowed = new Set([...oldFullLinks, ...(await danglingLinks(full, SITE_URL))]);
                const dangling = (await danglingLinks(inc, SITE_URL, entries)).filter(
                  (path) => !allowed.has(path),
                );
                expect(dangling, `links that 404 after stopping at step ${interruptAt}`).toEqual([]);
              }
            }
            if (nothingToDo === undefined) {
              // Files written just before a build are not trusted to it (see RACY_MS).
              await new Promise((resolve) => setTimeout(resolve, RACY_MS + 10));
              await incrementalBuild(settings, inc, root, now, undefined, mainThreadWrites);
            }
            const after = await readFolder(inc);
            expect(contentsOf(after)).toEqual(contentsOf(expected));
            expect(await readFolders(inc)).toEqual(await readFolders(full));
            for (const [name, file] of after) {
              if (!RECIPE_FILES.includes(name as (typeof RECIPE_FILES)[number])) {
                expect(file.mtimeMs, `${name}: mtime is its Last-Modified`).toBe(expected.get(name)?.mtimeMs);
              }
              const old = before.get(name);
              const repaired =
                history.damaged !== undefined && [history.damaged, '.herald-export'].includes(name);
              const interrupted = interruptAt !== undefined && c.kind !== 'damage';
              if (!interrupted && old && old.bytes.equals(file.bytes) && !repaired) {
                expect(file.ino, `${name} was left untouched`).toBe(old.ino);
              }
            }
          }
        },
      ),
      { numRuns: Number(process.env.HERALD_PROPERTY_RUNS ?? 8), endOnFailure: true },
    );
  }, 300_000);
});
