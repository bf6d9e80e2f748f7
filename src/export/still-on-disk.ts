// Whether an export folder still holds what its manifest says, file by file, without reading a file.
import { lstatSync } from 'node:fs';
import { sep } from 'node:path';
import type { PublishedEntry } from './export-manifest.ts';
import { filePathFor } from './file-paths.ts';

/**
 * The paths whose identity file is there with the size and mtime the manifest says (one lstat
 * each). Synchronous: for the 19,000 files of a 10,000-article export, one `lstatSync` after another
 * takes about a third of the wall time and half the CPU of promise-based calls, even 64 at a time
 * (each of those is a thread-pool round trip and a promise).
 */
export function stillOnDisk(out: string, entries: Record<string, PublishedEntry>): Set<string> {
  const found = new Set<string>();
  // Joined by hand: path.join normalized each of 19,000 paths again.
  const folder = out.endsWith(sep) ? out : `${out}${sep}`;
  for (const path of Object.keys(entries)) {
    const entry = entries[path] as PublishedEntry;
    const info = lstatSync(`${folder}${filePathFor(path)}`, { throwIfNoEntry: false });
    if (info?.isFile() && info.size === entry.size && info.mtimeMs === entry.lastModified) found.add(path);
  }
  return found;
}
