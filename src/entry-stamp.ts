/**
 * What a directory entry is and when it last changed: device, inode, size, and modification and
 * change times in nanoseconds. Any write, truncation, replacement (a new inode) or rename into place
 * (a new change time) gives a new stamp. Shared by the readers of the articles folder and by the
 * build's listing of it, which hands its stamps to the article cache: one format for both.
 */
export type FileStamp = string;

export function stampOf(stats: {
  dev: bigint;
  ino: bigint;
  size: bigint;
  mtimeNs: bigint;
  ctimeNs: bigint;
}): FileStamp {
  return `${stats.dev}:${stats.ino}:${stats.size}:${stats.mtimeNs}:${stats.ctimeNs}`;
}
