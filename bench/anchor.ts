// The anchors the targets are ratios of, measured in the same run as Herald on the same corpus:
// Hugo building the same site (bench/hugo-site/, laid out over the bench's corpus), and the floor of
// reading every article and parsing its front matter with `yaml` (bench/floor.mjs).
import { cp, mkdir, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { ensureSystemPackages } from '../tests/setup/ensure-system-packages.ts';
import { startChild } from './process.ts';

const HERE = import.meta.dirname;
const HUGO_SITE = join(HERE, 'hugo-site');

/**
 * Debian's hugo (the anchor) and GNU time (peak memory of a whole process tree) are installed when
 * missing, as the tests install their peers. Returns the line to print when they cannot be.
 */
export function ensureBenchTools(log: (line: string) => void): string | undefined {
  return ensureSystemPackages(
    [
      { name: 'hugo', provides: ['/usr/bin/hugo'], usedBy: 'npm run bench: Hugo building the same site' },
      { name: 'time', provides: ['/usr/bin/time'], usedBy: 'npm run bench: peak memory of a command' },
    ],
    log,
  );
}

/** Lays out the Hugo site over a copy of the corpus in `site` (replaced). */
export async function layoutHugoSite(corpus: string, site: string): Promise<void> {
  await rm(site, { recursive: true, force: true });
  await cp(HUGO_SITE, site, { recursive: true });
  await mkdir(join(site, 'content'), { recursive: true });
  await cp(corpus, join(site, 'content', 'posts'), { recursive: true });
}

export interface Timed {
  ms: number;
  /** Peak resident set size of the process, threads included (GNU time). */
  rssMb: number;
  code: number;
  stderr: string;
}

/** Runs a command to its end under GNU time: wall-clock time from spawn to exit, and peak memory. */
export async function timed(
  command: string,
  args: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv },
): Promise<Timed> {
  const started = performance.now();
  const child = startChild('/usr/bin/time', ['-f', 'maxrss_kb=%M', command, ...args], {
    cwd: options.cwd,
    env: options.env ?? process.env,
  });
  const code = await child.exited;
  const ms = performance.now() - started;
  const rssMb = Number(/maxrss_kb=(\d+)/.exec(child.stderr())?.[1] ?? Number.NaN) / 1024;
  return { ms, rssMb, code, stderr: child.stderr() };
}

/** `hugo` building the laid-out site into `out` (removed first: a fresh output folder). */
export async function buildWithHugo(site: string, out: string): Promise<Timed> {
  await rm(out, { recursive: true, force: true });
  const result = await timed(
    'hugo',
    ['--quiet', '--config', 'hugo.toml,nohl.toml', '--destination', resolve(out)],
    { cwd: site },
  );
  await rm(out, { recursive: true, force: true });
  return result;
}

/** The read + front-matter floor: a plain Node process from spawn to exit. */
export function measureFloor(corpus: string): Promise<Timed> {
  return timed(process.execPath, [join(HERE, 'floor.mjs'), corpus], { cwd: resolve(HERE, '..') });
}
