// The output folder is replaced in one step: build beside it, then swap (rename is atomic within a
// file system, which the same parent guarantees). A killed build leaves only a temp folder behind.
import { lstat, mkdir, readdir, realpath, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';

/** Written into every export, so an existing folder is only ever replaced by a newer export. */
export const EXPORT_MARKER = '.herald-export';

export class OutputFolderError extends Error {}

export interface OutputFolder {
  /** The folder the site ends up in. */
  out: string;
  /** Where this build writes: `.<name>.tmp-<pid>` beside `out`. */
  temp: string;
}

function isInside(parent: string, child: string): boolean {
  const rel = relative(parent, child);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}

/** The path with symbolic links resolved, also for a folder that does not exist yet. */
async function realPathOf(path: string): Promise<string> {
  const absolute = resolve(path);
  try {
    return await realpath(absolute);
  } catch {
    const parent = dirname(absolute);
    return parent === absolute ? absolute : join(await realPathOf(parent), basename(absolute));
  }
}

/**
 * Refuses an output folder that would overwrite something else: the articles folder, the project,
 * a folder inside the articles, or a non-empty folder that `herald build` did not write.
 */
export async function checkOutputFolder(
  outArg: string,
  guarded: { articlesDir: string; projectRoot: string },
): Promise<OutputFolder> {
  const out = await realPathOf(outArg);
  const articles = await realPathOf(guarded.articlesDir);
  const project = await realPathOf(guarded.projectRoot);
  if (isInside(out, project)) {
    throw new OutputFolderError(
      `${outArg} is or contains the project folder ${project}; choose a folder inside it, e.g. _site`,
    );
  }
  if (isInside(out, articles)) {
    throw new OutputFolderError(
      `${outArg} is or contains the articles folder ${articles}; choose another folder, e.g. _site`,
    );
  }
  if (isInside(articles, out)) {
    throw new OutputFolderError(
      `${outArg} is inside the articles folder ${articles}; choose a folder outside it, e.g. _site`,
    );
  }
  const existing = await lstat(out).catch(() => undefined);
  if (existing && !existing.isDirectory()) {
    throw new OutputFolderError(`${outArg} exists and is not a folder; remove it or choose another name`);
  }
  if (existing) {
    const entries = await readdir(out);
    if (entries.length > 0 && !entries.includes(EXPORT_MARKER)) {
      throw new OutputFolderError(
        `${outArg} is not empty and was not written by herald build; empty it or choose another folder`,
      );
    }
  }
  const parent = dirname(out);
  const parentStat = await stat(parent).catch(() => undefined);
  if (!parentStat?.isDirectory())
    throw new OutputFolderError(`the folder ${parent} (parent of ${outArg}) does not exist`);
  return { out, temp: join(parent, `.${basename(out)}.tmp-${process.pid}`) };
}

function isRunning(pid: number): boolean {
  if (pid === process.pid) return false; // a leftover of an earlier process that had our pid
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes what killed builds left beside `out`: temp folders, and old outputs of a build killed
 * between its two renames (then the old output is put back first, if `out` is missing).
 */
export async function cleanStaleBuilds({ out }: OutputFolder): Promise<string[]> {
  const parent = dirname(out);
  const name = basename(out);
  const pattern = new RegExp(`^\\.${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.(tmp|old)-(\\d+)$`);
  const removed: string[] = [];
  for (const entry of await readdir(parent)) {
    const match = pattern.exec(entry);
    if (!match || isRunning(Number(match[2]))) continue;
    const path = join(parent, entry);
    if (match[1] === 'old' && !(await lstat(out).catch(() => undefined))) {
      await rename(path, out);
      continue;
    }
    await rm(path, { recursive: true, force: true });
    removed.push(path);
  }
  return removed;
}

export async function createTempFolder({ temp }: OutputFolder): Promise<void> {
  await rm(temp, { recursive: true, force: true });
  await mkdir(temp);
}

/** Puts the finished build in place: old output renamed away, new renamed in, old removed. */
export async function swapIn({ out, temp }: OutputFolder): Promise<void> {
  const old = join(dirname(out), `.${basename(out)}.old-${process.pid}`);
  const hadOutput = await lstat(out).then(
    () => true,
    () => false,
  );
  if (hadOutput) await rename(out, old);
  try {
    await rename(temp, out);
  } catch (error) {
    if (hadOutput) await rename(old, out);
    throw error;
  }
  if (hadOutput) await rm(old, { recursive: true, force: true });
}
