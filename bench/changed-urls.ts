// How many URLs one new article changes, read from the change set the publisher emits (the list
// every consumer acts on: Last-Modified, the incremental export, deploys, pushes). The corpus article
// `count` of the same generator, dated now, with its tags and author like the others, is added to a
// site loaded by the same publishing layer as `herald serve`, then removed again.
// Run alone: npx tsx bench/changed-urls.ts [articles=10000]; `npm run bench` runs it on its largest size.
import { mkdtemp, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveSettings } from '../src/config.ts';
import type { ChangeSet } from '../src/model.ts';
import { Publisher } from '../src/publish/publisher.ts';
import { CorpusWriter, writeCorpus } from './corpus.ts';

export interface ChangedUrls {
  count: number;
  urlsBefore: number;
  added: string[];
  changed: string[];
  removed: string[];
}

export async function measureChangedUrls(corpus: string, count: number): Promise<ChangedUrls> {
  const state = await mkdtemp(join(tmpdir(), 'herald-changed-urls-'));
  const now = new Date();
  const next = new CorpusWriter().article(count, count);
  const name = `${now.toISOString().slice(0, 10)}-bench-one-new-article.md`;
  const settings = resolveSettings(
    [{ articlesDir: corpus, siteUrl: 'https://bench.example.org/', stateDir: state }],
    state,
  );
  // Last-Modified plays no part here: no ledger is written.
  const publisher = await Publisher.start({ settings, stamp: () => now });
  try {
    const urlsBefore = publisher.rendered.paths().length;
    const changes: ChangeSet[] = [];
    publisher.subscribe((change) => changes.push(change));
    await writeFile(join(corpus, name), next.text.replace(/^date: .*$/m, `date: ${now.toISOString()}`));
    await publisher.reload([name]);
    const [change] = changes;
    if (!change || changes.length !== 1) throw new Error(`expected one change set, got ${changes.length}`);
    return {
      count,
      urlsBefore,
      added: [...change.added],
      changed: change.changed.map((c) => c.path),
      removed: [...change.removed],
    };
  } finally {
    await publisher.close();
    await unlink(join(corpus, name)).catch(() => {});
    await rm(state, { recursive: true, force: true });
  }
}

/** `| … |` rows for the bench report. */
export function changedUrlsRows(figures: ChangedUrls | undefined): string[] {
  if (!figures) return [];
  const touched = figures.added.length + figures.changed.length + figures.removed.length;
  const list = (paths: string[]) => (paths.length === 0 ? '—' : paths.map((p) => `\`${p}\``).join(' '));
  return [
    `Adding one article dated now (with its tags and author) to the ${figures.count.toLocaleString('en')}-article site (${figures.urlsBefore.toLocaleString('en')} URLs), as the publisher's change set names them (bench/changed-urls.ts):`,
    '',
    '| Measure | Figure | Target | Result |',
    '|---|---:|---|---|',
    `| URLs added, changed or removed | ${touched} | ≤ 50 | ${touched <= 50 ? '✅' : '❌'} |`,
    '',
    `Added: ${list(figures.added)}. Changed: ${list(figures.changed)}. Removed: ${list(figures.removed)}.`,
  ];
}

if (process.argv[1]?.endsWith('changed-urls.ts')) {
  const count = Number(process.argv[2] ?? 10_000);
  const root = await mkdtemp(join(tmpdir(), 'herald-changed-urls-corpus-'));
  try {
    await writeCorpus(root, count);
    const figures = await measureChangedUrls(root, count);
    console.log(changedUrlsRows(figures).join('\n'));
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}
