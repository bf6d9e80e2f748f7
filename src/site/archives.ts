// How a scope's articles are split between its current document (a feed's subscription document, a
// scope's HTML page) and archives of fixed size counted from the oldest (RFC 5005 §4 for feeds).
//
// Counting from the oldest is what keeps archives stable: an article added at the new end changes
// only the current document, and once in a while cuts one new archive from the oldest of it. Counting
// pages from the newest (the previous design) moved every item of every page on each new article.

/** One archive: its number (1 = oldest) and its articles, oldest first. */
export interface ArchiveRun<T> {
  number: number;
  /** Oldest first. */
  items: readonly T[];
}

export interface ArchiveSplit<T> {
  /** Newest first: the items of the current document, never fewer than `size` when there are that many. */
  current: readonly T[];
  /** Oldest first: archive 1 … archive N. */
  archives: ArchiveRun<T>[];
}

/**
 * Number of archives for `count` items: an archive of `size` is cut from the oldest whenever the
 * current document would reach twice that, so the current document always holds `size` to
 * `2 × size − 1` items (all of them while there are fewer than `size`).
 */
export function archiveCount(count: number, size: number): number {
  return count < 2 * size ? 0 : Math.floor(count / size) - 1;
}

/** Where archive `number` (1 = oldest) lies among `count` items given newest first: [start, end). */
export function archiveBounds(count: number, size: number, number: number): [start: number, end: number] {
  const end = count - (number - 1) * size;
  return [end - size, end];
}

/** The current document's items (newest first), without cutting the archives. */
export function currentItems<T>(newestFirst: readonly T[], size: number): readonly T[] {
  return newestFirst.slice(0, newestFirst.length - archiveCount(newestFirst.length, size) * size);
}

/** Splits items given newest first (a scope's order). */
export function splitArchives<T>(newestFirst: readonly T[], size: number): ArchiveSplit<T> {
  const count = archiveCount(newestFirst.length, size);
  const archives: ArchiveRun<T>[] = [];
  for (let number = 1; number <= count; number++) {
    // Oldest first: the archive's items newest first, reversed.
    const items = newestFirst.slice(...archiveBounds(newestFirst.length, size, number)).reverse();
    archives.push({ number, items });
  }
  return { current: currentItems(newestFirst, size), archives };
}
