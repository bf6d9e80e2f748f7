// Bulk changes while serving: `sed -i` over every file of a 10,000-article folder, and two bursts of
// 20,000 new files into a 100-article folder, each while `herald serve` runs. Measured: the time from
// the last write until every change is live (target: 10 s). Each change adds a tag, and a tag's page
// shows how many articles carry it, so one request tells whether every file's change is published.
// Both sizes overflow the kernel's inotify queue (16,384 events), so the periodic rescan is what
// finds most changes.
import { execFileSync } from 'node:child_process';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CorpusWriter, writeCorpus } from './corpus.ts';
import { get, newAgent, sleep } from './http-client.ts';
import type { Child } from './process.ts';

export interface BulkFigures {
  /** `sed -i` over every file: how long sed ran, and from its end until every edit was live. */
  sedFiles?: number;
  sedMs?: number;
  sedLiveMs?: number;
  /** Two bursts of new files: how long the writing took, and from its end until all were live. */
  burstFiles?: number;
  burstWriteMs?: number;
  burstLiveMs?: number;
  note?: string;
}

export interface BulkContext {
  out: string;
  /** Starts `herald serve` on a folder and resolves once it answers. */
  start: (corpus: string) => Promise<{ child: Child; port: number }>;
  stop: (child: Child) => Promise<void>;
  log: (line: string) => void;
}

/** Longest wait for the changes to show; past it the figure is reported as missing. */
const GIVE_UP_MS = 180_000;

export async function measureBulkChanges(
  ctx: BulkContext,
  sedFiles = 10_000,
  burst = 20_000,
): Promise<BulkFigures> {
  const figures: BulkFigures = { sedFiles, burstFiles: 2 * burst };
  const sedCorpus = join(ctx.out, `bulk-sed-${sedFiles}`);
  await writeCorpus(sedCorpus, sedFiles);
  let server = await ctx.start(sedCorpus);
  try {
    const started = performance.now();
    // The real tool, as a writer or a script would run it: one new file renamed over each article.
    execFileSync(
      'sh',
      ['-c', `find . -name '*.md' -exec sed -i 's/^tags: \\[/tags: ["Bulk Edited", /' {} +`],
      {
        cwd: sedCorpus,
      },
    );
    figures.sedMs = performance.now() - started;
    ctx.log(`sed -i over ${sedFiles} files: ${figures.sedMs.toFixed(0)} ms`);
    figures.sedLiveMs = await untilCount(server.port, '/tags/bulk-edited/', sedFiles, performance.now());
    ctx.log(`every edit live ${fmt(figures.sedLiveMs)} after sed ended`);
  } finally {
    await ctx.stop(server.child);
    await rm(sedCorpus, { recursive: true, force: true });
  }

  const burstCorpus = join(ctx.out, 'bulk-burst');
  await writeCorpus(burstCorpus, 100);
  server = await ctx.start(burstCorpus);
  try {
    const writer = new CorpusWriter();
    const started = performance.now();
    for (const [tag, first] of [
      ['Burst One', 100],
      ['Burst Two', 100 + burst],
    ] as const) {
      for (let start = first; start < first + burst; start += 64) {
        const articles = Array.from({ length: Math.min(64, first + burst - start) }, (_, k) =>
          writer.article(start + k, 100 + 2 * burst),
        );
        await Promise.all(
          articles.map((a) =>
            writeFile(join(burstCorpus, a.name), a.text.replace(/^tags: \[/m, `tags: ["${tag}", `)),
          ),
        );
      }
    }
    figures.burstWriteMs = performance.now() - started;
    ctx.log(`${2 * burst} new files written in ${figures.burstWriteMs.toFixed(0)} ms`);
    const written = performance.now();
    const one = await untilCount(server.port, '/tags/burst-one/', burst, written);
    const two = await untilCount(server.port, '/tags/burst-two/', burst, written);
    figures.burstLiveMs = one === undefined || two === undefined ? undefined : Math.max(one, two);
    ctx.log(`every new file live ${fmt(figures.burstLiveMs)} after the last write`);
  } finally {
    await ctx.stop(server.child);
    await rm(burstCorpus, { recursive: true, force: true });
  }
  return figures;
}

/** Milliseconds from `started` until the page at `path` says it lists `count` articles, or undefined. */
async function untilCount(
  port: number,
  path: string,
  count: number,
  started: number,
): Promise<number | undefined> {
  const agent = newAgent(1);
  const wanted = `${count} articles`;
  try {
    while (performance.now() - started < GIVE_UP_MS) {
      const page = await get(agent, port, path).catch(() => undefined);
      if (page?.status === 200 && page.body.toString('utf8').includes(wanted))
        return performance.now() - started;
      await sleep(50);
    }
    return undefined;
  } finally {
    agent.destroy();
  }
}

function fmt(ms: number | undefined): string {
  return ms === undefined ? `not within ${GIVE_UP_MS / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}
