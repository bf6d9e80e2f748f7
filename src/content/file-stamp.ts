import { lstatSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { sep } from 'node:path';
import { type FileStamp, stampOf } from '../entry-stamp.ts';
import { isArticleFileName } from './file-name.ts';

export type { FileStamp };

/**
 * The stamp of one entry, or undefined when it is gone. Read without following links and without
 * opening, so it never blocks and never reads outside the folder. Taken before the file is read, so
 * a write made while it is read gives a stamp that differs from the recorded one, and is read again.
 */
export function fileStamp(path: string): FileStamp | undefined {
  const stats = lstatSync(path, { throwIfNoEntry: false });
  return stats ? stampOf(stats) : undefined;
}

/** Entries examined between two pauses: about a millisecond of work. */
const ENTRIES_PER_SLICE = 256;

/**
 * The article file names whose entry differs from `known`: new, gone, or with another stamp. A watcher
 * can miss changes (the kernel drops events when its queue overflows), so the folder is compared
 * with what was last read; this reads no file, only the listing and each entry's metadata.
 * Synchronous `lstat` in slices with a pause between them: 10,000 promise-based calls cost several
 * times the CPU (a thread-pool round trip each) and crowd out the reads of an edit being published.
 */
export async function changedSince(
  folder: string,
  known: ReadonlyMap<string, FileStamp>,
  /** Gets the milliseconds the synchronous slices took, the main thread's share of the scan. */
  timing?: { busyMs: number },
): Promise<string[]> {
  const listed = (await readdir(folder)).filter(isArticleFileName);
  const changed = new Set<string>();
  const present = new Set(listed);
  for (const name of known.keys()) if (!present.has(name)) changed.add(name);
  // The names are entries of the folder: joined by hand, not by path.join, which normalizes each of
  // 10,000 paths again on every scan.
  const prefix = folder.endsWith(sep) ? folder : `${folder}${sep}`;
  for (let start = 0; start < listed.length; start += ENTRIES_PER_SLICE) {
    if (start > 0) await new Promise((resolve) => setImmediate(resolve));
    const sliceStarted = performance.now();
    for (const name of listed.slice(start, start + ENTRIES_PER_SLICE)) {
      const stamp = fileStamp(`${prefix}${name}`);
      if (stamp === undefined ? known.has(name) : known.get(name) !== stamp) changed.add(name);
    }
    if (timing) timing.busyMs += performance.now() - sliceStarted;
  }
  return [...changed].sort();
}

/** Which folder a path names now (device and inode), or undefined when there is none: a folder
 * replaced by another (as deploy tools do) has a new identity and must be watched again. */
export async function folderIdentity(path: string): Promise<string | undefined> {
  const stats = await stat(path, { bigint: true }).catch(() => undefined);
  return stats?.isDirectory() ? `${stats.dev}:${stats.ino}` : undefined;
}
