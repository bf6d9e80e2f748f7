// Removing the files of URLs that are gone, so that what remains never links to what was removed.
// Pages that disappear together link each other (a tag's page and its feeds, feed pages that point
// to the next and previous page), so no order of single removals avoids a moment when one of them
// links to a missing one. Where all of a folder's files go (a tag or author that is gone, a run of
// feed pages), the folder is renamed away in one atomic step; the rest go one by one, linking
// documents (HTML pages, then subscription feeds) before what they link to.
import { existsSync, readdirSync } from 'node:fs';
import { mkdir, rename, rm, rmdir, unlink } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { SIBLINGS } from './write-worker.ts';

export interface GoneFile {
  /** Identity file, relative to the export root. */
  file: string;
  mediaType: string;
}

const SUBSCRIPTION = /(^|\/)(feed\.xml|atom\.xml|feed\.json)$/;

function removalRank({ file, mediaType }: GoneFile): number {
  if (mediaType.startsWith('text/html')) return 0;
  if (SUBSCRIPTION.test(file)) return 1;
  return 2;
}

/**
 * Removes the files (and their .gz/.br siblings); `trash` is a folder on the same file system that
 * the caller deletes. Returns the number of files removed.
 */
export async function removeGone(
  out: string,
  gone: readonly GoneFile[],
  trash: string,
  step: (name: string) => Promise<void>,
): Promise<number> {
  const files = new Set<string>();
  for (const { file } of gone) {
    files.add(file);
    for (const [, suffix] of SIBLINGS) files.add(`${file}${suffix}`);
  }
  // The topmost folders all of whose files are going.
  const whole = new Set<string>();
  const checked = new Map<string, boolean>();
  const allGoing = (folder: string): boolean => {
    let known = checked.get(folder);
    if (known === undefined) {
      const entries = readdirSync(join(out, folder), { recursive: true, withFileTypes: true });
      known = entries.every(
        (entry) =>
          entry.isDirectory() ||
          files.has(relative(out, join(entry.parentPath, entry.name)).split(sep).join('/')),
      );
      checked.set(folder, known);
    }
    return known;
  };
  for (const { file } of gone) {
    let folder = dirname(file);
    let top: string | undefined;
    while (folder !== '.' && existsSync(join(out, folder)) && allGoing(folder)) {
      top = folder;
      folder = dirname(folder);
    }
    if (top !== undefined) whole.add(top);
  }
  const topmost = [...whole].filter((folder) => ![...whole].some((other) => folder.startsWith(`${other}/`)));
  let removed = 0;
  let n = 0;
  if (topmost.length > 0) await mkdir(trash, { recursive: true });
  for (const folder of topmost) {
    const count = [...files].filter(
      (file) => file.startsWith(`${folder}/`) && existsSync(join(out, file)),
    ).length;
    await step(`/${folder}/`);
    await rename(join(out, folder), join(trash, `gone-${n++}`));
    removed += count;
  }
  const inside = (file: string) => topmost.some((folder) => file.startsWith(`${folder}/`));
  const single = gone.filter(({ file }) => !inside(file)).sort((a, b) => removalRank(a) - removalRank(b));
  for (const { file } of single) {
    const target = join(out, file);
    await step(`/${file}`);
    for (const [, suffix] of SIBLINGS) {
      if (await unlink(`${target}${suffix}`).then(() => true, ignoreMissing)) removed += 1;
    }
    if (await unlink(target).then(() => true, ignoreMissing)) removed += 1;
  }
  for (const { file } of gone) await removeEmptyFolders(dirname(join(out, file)), out);
  await rm(trash, { recursive: true, force: true });
  return removed;
}

function ignoreMissing(error: NodeJS.ErrnoException): false {
  if (error.code === 'ENOENT') return false;
  throw error;
}

/** Removes `folder` and its parents up to (not including) `root` while they are empty. */
async function removeEmptyFolders(folder: string, root: string): Promise<void> {
  let current = folder;
  while (current.length > root.length && current.startsWith(root)) {
    try {
      await rmdir(current);
    } catch {
      return;
    }
    current = dirname(current);
  }
}
