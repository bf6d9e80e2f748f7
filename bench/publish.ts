// Incremental publishing: `herald build` into an existing export and `herald deploy` to a local
// S3-protocol server (s3rver), after one edit, one new article and no change.

import { execFileSync } from 'node:child_process';
import { rm, unlink, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { CorpusWriter } from './corpus.ts';
import { startChild } from './process.ts';

export interface PublishFigures {
  /** The first build into an empty folder: the anchor the incremental builds are compared with. */
  buildFull?: Run;
  /** Whole `herald build` command, ms, and files (URLs) it updated. */
  buildNoChange?: Run;
  buildEdit?: Run;
  buildAdd?: Run;
  deployFirst?: Run;
  deployEdit?: Run;
  deployNoChange?: Run;
  note?: string;
}

export interface Run {
  /** The median of `times` when the command ran more than once. */
  ms: number;
  /** Files (build) or objects (deploy) written. */
  written: number;
  /** Each run's time (ms), when the command ran more than once. */
  times?: number[];
}

/**
 * Times each incremental command is run; the figure is the median. A single run of a one-second
 * command on a shared 2-core machine varied by a third from one run to the next (2.2 to 3.3 s for the
 * same edit build), more than most changes to Herald move it.
 */
export const PUBLISH_REPEATS = 5;

/** `measure` run `times` times, one after another: the median time, the counts written, and every time. */
async function repeated(times: number, measure: (i: number) => Promise<Run>): Promise<Run> {
  const runs: Run[] = [];
  for (let i = 0; i < times; i++) runs.push(await measure(i));
  const sorted = runs.map((run) => run.ms).sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const ms =
    sorted.length % 2 === 1
      ? (sorted[middle] as number)
      : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
  // Every repetition writes the same kind of change: the most any of them wrote is the figure.
  return { ms, written: Math.max(...runs.map((run) => run.written)), times: runs.map((run) => run.ms) };
}

/** `1.92 s (1.80–2.31 s)`: a run's figure with the range of its repetitions. */
function seconds(run: Run): string {
  const figure = `${(run.ms / 1000).toFixed(2)} s`;
  if (!run.times || run.times.length < 2) return figure;
  const low = Math.min(...run.times) / 1000;
  const high = Math.max(...run.times) / 1000;
  return `${figure} (${low.toFixed(2)}–${high.toFixed(2)} s)`;
}

export interface PublishContext {
  root: string;
  corpus: string;
  count: number;
  out: string;
  heraldArgs: (command: string, ...rest: string[]) => string[];
  heraldEnv: (corpus: string, extra?: Record<string, string>) => NodeJS.ProcessEnv;
  /** Herald's state folder for the corpus (the article cache lives there). */
  stateDir: string;
  log: (line: string) => void;
}

interface S3rverInstance {
  run(): Promise<AddressInfo>;
  close(): Promise<void>;
}

/**
 * Writes the page cache's dirty pages to disk. The first build writes 1.2 GB (the first deploy as
 * much into s3rver's folder), which the kernel writes back over the next half-minute, in the time of
 * the builds measured next: an edit build measured so took 2.9–3.2 s, against 2.2–2.5 s a few minutes
 * later. A writer's edit rarely follows a whole export that closely.
 */
function flushWrites(): void {
  execFileSync('sync');
}

/** Waits until files written just now are old enough for a build to keep their stamps (2 s). */
function settle(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 2100));
}

async function timed(
  ctx: PublishContext,
  args: string[],
  env: Record<string, string> = {},
): Promise<Run & { stdout: string }> {
  const started = performance.now();
  const child = startChild(process.execPath, args, { cwd: ctx.root, env: ctx.heraldEnv(ctx.corpus, env) });
  const code = await child.exited;
  const ms = performance.now() - started;
  const stdout = child.stdout();
  if (code !== 0) throw new Error(`exit ${code}: ${child.stderr().trim().split('\n').slice(-3).join(' / ')}`);
  // `updated N files …`, `uploaded N objects …`, or a full build's `Exported … as N URLs: …`.
  const count = /^(?:updated|uploaded) ([\d,]+)|^Exported .* as ([\d,]+) URLs/m.exec(stdout);
  const written = Number((count?.[1] ?? count?.[2])?.replaceAll(',', '') ?? Number.NaN);
  return { ms, written, stdout };
}

export async function measurePublishing(ctx: PublishContext): Promise<PublishFigures> {
  const figures: PublishFigures = {};
  const site = join(ctx.out, `publish-${ctx.count}`);
  const newest = new CorpusWriter().article(ctx.count - 1, ctx.count);
  const file = join(ctx.corpus, newest.name);
  const added = join(ctx.corpus, '2024-06-02-bench-publish-added.md');
  const build = () => timed(ctx, ctx.heraldArgs('build', '--out', site, '--no-compress'));
  // A one-word edit: a word added to the last sentence of the body (not the first paragraph, which
  // may be the summary that listings show).
  const edit = async (n: number) => {
    const at = newest.text.lastIndexOf('. ');
    await writeFile(file, `${newest.text.slice(0, at)} edited${n}${newest.text.slice(at)}`);
  };
  try {
    await rm(site, { recursive: true, force: true });
    // The article cache in the state folder is part of what an incremental build relies on: start
    // without one, as after a fresh checkout; the full build fills it.
    await rm(ctx.stateDir, { recursive: true, force: true });
    // A build does not trust files written less than 2 s before it listed them to keep their stamps
    // (README, "Nothing to do, told at once"), and the corpus has just been written. A site's files
    // were written long before a build with no change; so here too.
    await settle();
    figures.buildFull = await build();
    await flushWrites();
    figures.buildNoChange = await repeated(PUBLISH_REPEATS, build);
    // Each edit adds another word, each written 2.1 s before the build (the article cache keeps only
    // files older than 2 s, and a writer's edits are seconds apart).
    figures.buildEdit = await repeated(PUBLISH_REPEATS, async (i) => {
      await edit(i + 1);
      await settle();
      return build();
    });
    // The added article is removed again after each measured build, and the site built back
    // without it (not measured), so every repetition adds the same article to the same site.
    figures.buildAdd = await repeated(PUBLISH_REPEATS, async () => {
      await writeFile(
        added,
        `---\ntitle: "Added for the publish bench"\ndate: 2024-06-02T12:00:00Z\ntags: [Bench]\n---\n${newest.text.split('\n---\n')[1]}`,
      );
      await settle();
      const run = await build();
      await unlink(added);
      await settle();
      await build();
      return run;
    });
    ctx.log(
      `incremental build ${ctx.count}: full ${figures.buildFull.ms.toFixed(0)} ms, no change ${seconds(figures.buildNoChange)}, edit ${seconds(figures.buildEdit)} (${figures.buildEdit.written} files), add ${seconds(figures.buildAdd)} (${figures.buildAdd.written} files)`,
    );

    const S3rver = createRequire(import.meta.url)('s3rver') as new (
      options: Record<string, unknown>,
    ) => S3rverInstance;
    const directory = join(ctx.out, `s3-${ctx.count}`);
    await rm(directory, { recursive: true, force: true });
    const server = new S3rver({
      address: '127.0.0.1',
      port: 0,
      silent: true,
      directory,
      configureBuckets: [{ name: 'bench', configs: [] }],
    });
    const { port } = await server.run();
    const env = {
      AWS_ENDPOINT_URL: `http://127.0.0.1:${port}`,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'S3RVER',
      AWS_SECRET_ACCESS_KEY: 'S3RVER',
    };
    const deploy = () => timed(ctx, ctx.heraldArgs('deploy', 's3://bench/site'), env);
    try {
      figures.deployFirst = await deploy();
      await flushWrites();
      figures.deployEdit = await repeated(PUBLISH_REPEATS, async (i) => {
        await edit(PUBLISH_REPEATS + i + 1);
        await settle();
        return deploy();
      });
      figures.deployNoChange = await repeated(PUBLISH_REPEATS, deploy);
      ctx.log(
        `deploy ${ctx.count}: first ${figures.deployFirst.ms.toFixed(0)} ms (${figures.deployFirst.written} objects), edit ${seconds(figures.deployEdit)} (${figures.deployEdit.written} objects), no change ${seconds(figures.deployNoChange)}`,
      );
    } finally {
      await server.close();
      await rm(directory, { recursive: true, force: true });
    }
  } catch (error) {
    figures.note = `publishing: ${(error as Error).message}`;
    ctx.log(figures.note);
  } finally {
    await writeFile(file, newest.text);
    await unlink(added).catch(() => {});
    await rm(site, { recursive: true, force: true });
  }
  return figures;
}

type Verdict = (value: number | undefined, limit: number, kind: 'max' | 'min') => string;

/**
 * The rows of one command: its whole time against its target (and as a share of the full build
 * measured in the same run), then what it wrote against the limit on files or objects.
 */
function commandRows(
  name: string,
  run: Run | undefined,
  limits: { ms?: number; written?: number; unit: 'files' | 'objects' },
  anchor: Run | undefined,
  verdict: Verdict,
): string[] {
  const row = (cells: string[]) => `| ${cells.join(' | ')} |`;
  const time = run ? seconds(run) : '—';
  const share = run && anchor ? `${((run.ms / anchor.ms) * 100).toFixed(1)}% of the full build` : '';
  const written = run && Number.isFinite(run.written) ? run.written.toLocaleString('en') : '—';
  return [
    row([
      name,
      time,
      share,
      limits.ms === undefined ? '—' : `≤ ${limits.ms / 1000} s`,
      limits.ms === undefined ? '' : verdict(run?.ms, limits.ms, 'max'),
    ]),
    row([
      `…${limits.unit} ${limits.unit === 'files' ? 'written' : 'uploaded'}`,
      written,
      '',
      limits.written === undefined ? '—' : `≤ ${limits.written}`,
      limits.written === undefined ? '' : verdict(run?.written, limits.written, 'max'),
    ]),
  ];
}

/** Rows for the report: figure, share of the same run's full build, target, verdict. */
export function publishRows(figures: PublishFigures | undefined, verdict: Verdict): string[] {
  if (!figures) return [];
  const anchor = figures.buildFull;
  const build = (name: string, run: Run | undefined, ms?: number) =>
    commandRows(name, run, { ...(ms ? { ms, written: 50 } : {}), unit: 'files' }, anchor, verdict);
  const deploy = (name: string, run: Run | undefined, ms?: number) =>
    commandRows(name, run, { ...(ms ? { ms, written: 50 } : {}), unit: 'objects' }, anchor, verdict);
  return [
    '| Measure | Figure | Same run | Target | Result |',
    '|---|---:|---|---|---|',
    ...build('`herald build --no-compress` into an empty folder (the anchor)', anchor),
    ...build('`herald build` (incremental), no change: whole command', figures.buildNoChange, 1000),
    ...build('`herald build` after a one-word edit of one article: whole command', figures.buildEdit, 1000),
    ...build('`herald build` after adding one article: whole command', figures.buildAdd, 1000),
    ...deploy('`herald deploy` to local s3rver, first deploy', figures.deployFirst),
    ...deploy('`herald deploy` after a one-word edit of one article', figures.deployEdit, 2000),
    ...deploy('`herald deploy`, no change', figures.deployNoChange),
    ...(figures.note ? ['', figures.note] : []),
  ];
}
