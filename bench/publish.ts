// Incremental publishing: `herald build` into an existing export and `herald deploy` to a local
// S3-protocol server (s3rver), after one edit, one new article and no change.

import { rm, unlink, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { CorpusWriter } from './corpus.ts';
import { startChild } from './process.ts';

export interface PublishFigures {
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
  ms: number;
  /** Files (build) or objects (deploy) written. */
  written: number;
}

export interface PublishContext {
  root: string;
  corpus: string;
  count: number;
  out: string;
  heraldArgs: (command: string, ...rest: string[]) => string[];
  heraldEnv: (corpus: string, extra?: Record<string, string>) => NodeJS.ProcessEnv;
  log: (line: string) => void;
}

interface S3rverInstance {
  run(): Promise<AddressInfo>;
  close(): Promise<void>;
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
  const summary = stdout.split('\n').find((line) => /^(updated|uploaded) /.test(line)) ?? '';
  const written = Number(
    /^(?:updated|uploaded) ([\d,]+)/.exec(summary)?.[1]?.replaceAll(',', '') ?? Number.NaN,
  );
  return { ms, written, stdout };
}

export async function measurePublishing(ctx: PublishContext): Promise<PublishFigures> {
  const figures: PublishFigures = {};
  const site = join(ctx.out, `publish-${ctx.count}`);
  const newest = new CorpusWriter().article(ctx.count - 1, ctx.count);
  const file = join(ctx.corpus, newest.name);
  const added = join(ctx.corpus, '2024-06-02-bench-publish-added.md');
  const build = () => timed(ctx, ctx.heraldArgs('build', '--out', site, '--no-compress'));
  const edit = async (n: number) =>
    writeFile(file, newest.text.replace(/^title: .*$/m, `title: ${JSON.stringify(`Publish edit ${n}`)}`));
  try {
    await rm(site, { recursive: true, force: true });
    await build();
    figures.buildNoChange = await build();
    await edit(1);
    figures.buildEdit = await build();
    await writeFile(
      added,
      `---\ntitle: "Added for the publish bench"\ndate: 2024-06-02T12:00:00Z\ntags: [Bench]\n---\n${newest.text.split('\n---\n')[1]}`,
    );
    figures.buildAdd = await build();
    ctx.log(
      `incremental build ${ctx.count}: no change ${figures.buildNoChange.ms.toFixed(0)} ms, edit ${figures.buildEdit.ms.toFixed(0)} ms (${figures.buildEdit.written} files), add ${figures.buildAdd.ms.toFixed(0)} ms (${figures.buildAdd.written} files)`,
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
      await edit(2);
      figures.deployEdit = await deploy();
      figures.deployNoChange = await deploy();
      ctx.log(
        `deploy ${ctx.count}: first ${figures.deployFirst.ms.toFixed(0)} ms (${figures.deployFirst.written} objects), edit ${figures.deployEdit.ms.toFixed(0)} ms (${figures.deployEdit.written} objects), no change ${figures.deployNoChange.ms.toFixed(0)} ms`,
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

/** Rows for the report: figure, target, verdict. */
export function publishRows(
  figures: PublishFigures | undefined,
  verdict: (value: number | undefined, limit: number, kind: 'max' | 'min') => string,
): string[] {
  if (!figures) return [];
  const s = (run?: Run) => (run ? `${(run.ms / 1000).toFixed(2)} s` : '—');
  const n = (run?: Run) => (run && Number.isFinite(run.written) ? String(run.written) : '—');
  const row = (name: string, value: string, target: string, result: string) =>
    `| ${name} | ${value} | ${target} | ${result} |`;
  return [
    '| Measure | Figure | Target | Result |',
    '|---|---:|---|---|',
    row(
      '`herald build` (incremental, `--no-compress`), no change: whole command',
      s(figures.buildNoChange),
      '≤ 1 s',
      verdict(figures.buildNoChange?.ms, 1000, 'max'),
    ),
    row(
      '`herald build` after editing one article: whole command',
      s(figures.buildEdit),
      '≤ 1 s',
      verdict(figures.buildEdit?.ms, 1000, 'max'),
    ),
    row('…files written', n(figures.buildEdit), '≤ 50', verdict(figures.buildEdit?.written, 50, 'max')),
    row(
      '`herald build` after adding one article: whole command',
      s(figures.buildAdd),
      '≤ 1 s',
      verdict(figures.buildAdd?.ms, 1000, 'max'),
    ),
    row('…files written', n(figures.buildAdd), '≤ 50', verdict(figures.buildAdd?.written, 50, 'max')),
    row(
      '`herald deploy` to local s3rver, first deploy',
      `${s(figures.deployFirst)} (${n(figures.deployFirst)} objects)`,
      '—',
      '',
    ),
    row(
      '`herald deploy` after editing one article',
      s(figures.deployEdit),
      '≤ 2 s',
      verdict(figures.deployEdit?.ms, 2000, 'max'),
    ),
    row('…objects uploaded', n(figures.deployEdit), '≤ 50', verdict(figures.deployEdit?.written, 50, 'max')),
    row('`herald deploy`, no change', s(figures.deployNoChange), '—', ''),
    ...(figures.note ? ['', figures.note] : []),
  ];
}
