// The article cache keeps a run's few changes in a journal beside the cache file instead of writing
// the whole file again: on random histories of runs (files edited, added, deleted, journals folded
// into the file, a journal cut short by a crash), the next run can give without reading exactly the
// files the last run read, under the stamps it read them with; after a crash, at worst fewer, and
// never one under a stamp its file has now unless the last run read it so.
// And one process that saves after each change (as `herald serve` does), which keeps what it saved
// without making it again, holds after each save what a new run reads from the file and its journal.
import { mkdir, mkdtemp, readFile, rm, truncate, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { ArticleCache, journalFileOf } from '../../src/content/article-cache.ts';
import { fileStamp } from '../../src/content/file-stamp.ts';
import type { LoadOptions } from '../../src/content/load-articles.ts';
import { loadOptionsFor } from '../helpers/load-options.ts';

const roots: string[] = [];
afterAll(async () => {
  await Promise.all(roots.map((root) => rm(root, { recursive: true, force: true })));
});

const NAMES = ['2024-01-02-one.md', '2024-01-03-two.md', '2024-01-04-three.md', '2024-01-05-four.md'];

const run = fc.record({
  // Per file: 0 leave, 1 write (edit or add), 2 delete.
  changes: fc.array(fc.nat(2), { minLength: NAMES.length, maxLength: NAMES.length }),
  // Cut the journal short (a crash while appending) before the next run opens the cache.
  tornBytes: fc.option(fc.integer({ min: 1, max: 40 }), { nil: undefined }),
});

const pause = () => new Promise((resolve) => setTimeout(resolve, 2));

const NOW = { now: () => new Date('2025-01-01T00:00:00Z') };

interface History {
  runs: { changes: number[]; tornBytes: number | undefined }[];
  articlesDir: string;
  file: string;
  options: LoadOptions;
  open: () => Promise<ArticleCache>;
}

/** Runs `body` on random histories of runs, each in a folder and with a cache file of its own. */
async function eachHistory(maxRuns: number, body: (history: History) => Promise<void>): Promise<void> {
  const root = await mkdtemp(join(tmpdir(), 'herald-cache-journal-'));
  roots.push(root);
  let history = 0;
  await fc.assert(
    fc.asyncProperty(
      fc.array(run, { minLength: 1, maxLength: maxRuns }),
      fc.integer({ min: 1, max: 6 }),
      async (runs, journalMinLines) => {
        history += 1;
        const articlesDir = join(root, `articles-${history}`);
        await mkdir(articlesDir);
        const file = join(root, `cache-${history}.json`);
        const open = () => ArticleCache.open({ file, version: 'v', racyMs: 0, journalMinLines });
        await body({ runs, articlesDir, file, options: loadOptionsFor(articlesDir, undefined, NOW), open });
      },
    ),
    { numRuns: Number(process.env.HERALD_PROPERTY_RUNS ?? 25) },
  );
}

describe('the article cache journal', () => {
  it('gives the next run every file the last run read, after any history of runs', async () => {
    await eachHistory(12, async ({ runs, articlesDir, file, options, open }) => {
      let edits = 0;
      const write = (name: string) => {
        edits += 1;
        return writeFile(
          join(articlesDir, name),
          `---\ntitle: "Edit ${edits}"\ntags: [T${edits % 3}]\n---\nBody ${'x'.repeat(edits)}.\n`,
        );
      };
      const present = new Set<string>();
      /** What the last run read: file → stamp. */
      let kept = new Map<string, string>();
      let torn = false;
      for (const step of runs) {
        for (const [i, change] of step.changes.entries()) {
          const name = NAMES[i] as string;
          if (change === 1) {
            await write(name);
            present.add(name);
          } else if (change === 2 && present.has(name)) {
            await unlink(join(articlesDir, name));
            present.delete(name);
          }
        }
        await pause();
        const cache = await open();
        // What the previous run kept is there, under its stamps, and nothing else. After a torn
        // journal an older entry may stand instead, under a stamp the file no longer has.
        for (const name of NAMES) {
          const stamp = cache.stampOf(name);
          if (!torn) expect(stamp).toBe(kept.get(name));
          else if (stamp !== undefined && stamp !== kept.get(name))
            expect(stamp).not.toBe(fileStamp(join(articlesDir, name)));
        }
        kept = new Map();
        for (const name of [...present].sort()) {
          const result = await cache.load(name, options);
          expect(result.article?.title).toMatch(/^Edit \d+$/);
          if (result.stamp !== undefined) kept.set(name, result.stamp);
        }
        await cache.save();
        // A crash while appending: the last line cut short. The next run loses at most the
        // entries of that line (read again from their files), never gives a wrong one.
        torn = false;
        if (step.tornBytes !== undefined) {
          const journal = await readFile(journalFileOf(file), 'utf8').catch(() => undefined);
          if (journal !== undefined && journal.length > step.tornBytes) {
            await truncate(journalFileOf(file), journal.length - step.tornBytes);
            torn = true;
          }
        }
      }
    });
  });

  it('leaves one process (a server saving after each change) with what a new run reads from disk', async () => {
    await eachHistory(10, async ({ runs, articlesDir, options, open }) => {
      // One cache for the whole history, saved after each change, as `herald serve` keeps it.
      const cache = await open();
      const present = new Set<string>();
      let edits = 0;
      for (const step of runs) {
        for (const [i, change] of step.changes.entries()) {
          const name = NAMES[i] as string;
          if (change === 1) {
            edits += 1;
            await writeFile(join(articlesDir, name), `---\ntitle: "Edit ${edits}"\n---\nBody ${edits}.\n`);
            present.add(name);
          } else if (change === 2 && present.has(name)) {
            await unlink(join(articlesDir, name));
            present.delete(name);
          }
        }
        await pause();
        for (const name of [...present].sort()) await cache.load(name, options);
        await cache.save();
        // What this process holds as saved is what the file and its journal give a new run.
        const fresh = await open();
        for (const name of NAMES) expect(cache.stampOf(name)).toBe(fresh.stampOf(name));
      }
    });
  });
});
