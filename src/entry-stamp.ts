/**
 * What a directory entry is and when it last changed: device, inode, size, and modification and
 * change times in milliseconds (with their fraction). Any write, truncation, replacement (a new inode)
 * or rename into place (a new change time) gives a new stamp. Shared by the readers of the articles
 * folder and by the build's listing of it, which hands its stamps to the article cache: one format for
 * both.
 *
 * From Node's number stats, not its bigint ones: a BigIntStats is made of eighteen BigInts and four
 * Dates, and listing 10,000 files with them took 202–225 ms against 163–180 ms (a cold process, the
 * bench corpus, four runs each). A double holds a time of today to a quarter of a microsecond, finer than the clock
 * file systems stamp with; and a file written so recently that its stamp could repeat is read again
 * anyway (the article cache's and the build record's "racy" rule).
 */
export type FileStamp = string;

export function stampOf(stats: {
  dev: number;
  ino: number;
  size: number;
  mtimeMs: number;
  ctimeMs: number;
}): FileStamp {
  return `${stats.dev}:${stats.ino}:${stats.size}:${stats.mtimeMs}:${stats.ctimeMs}`;
}

/** When the entry of `stamp` last changed (ms): the later of its modification and change times. */
export function changedAtOf(stamp: FileStamp): number {
  const [, , , mtimeMs, ctimeMs] = stamp.split(':');
  return Math.max(Number(mtimeMs ?? 0), Number(ctimeMs ?? 0));
}
