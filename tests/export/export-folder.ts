// Reading an export folder back: every file with its bytes, inode and mtime, and the site URLs that
// its pages and feeds link to but that have no file.
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { filePathFor } from '../../src/export/file-paths.ts';

export interface FileState {
  bytes: Buffer;
  ino: number;
  mtimeMs: number;
}

export async function readFolder(root: string): Promise<Map<string, FileState>> {
  const files = new Map<string, FileState>();
  const walk = async (dir: string, prefix: string) => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) await walk(path, `${prefix}${entry.name}/`);
      else {
        const [bytes, info] = await Promise.all([readFile(path), stat(path)]);
        files.set(`${prefix}${entry.name}`, { bytes, ino: info.ino, mtimeMs: info.mtimeMs });
      }
    }
  };
  await walk(root, '');
  return files;
}

/** Every folder in `root`, relative, so a test can tell an empty folder left behind. */
export async function readFolders(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => join(entry.parentPath, entry.name).slice(root.length + 1))
    .sort();
}

/** File name → bytes as text (base64), for byte-for-byte comparisons of two folders. */
export function contentsOf(files: Map<string, FileState>): Record<string, string> {
  return Object.fromEntries(
    [...files].sort(([a], [b]) => a.localeCompare(b)).map(([name, f]) => [name, f.bytes.toString('base64')]),
  );
}

/**
 * Site URLs that a reader can reach by following links but that have no file: what would answer 404.
 * Reading starts at `entries` (files a reader may hold the URL of: those the site had before and
 * still has), or at every page and feed of the folder when none are given, and follows every link
 * to a file that exists. Identity files only.
 */
export async function danglingLinks(
  root: string,
  siteUrl: string,
  entries?: Iterable<string>,
): Promise<string[]> {
  const files = await readFolder(root);
  const escaped = siteUrl.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  const link = new RegExp(`${escaped}[A-Za-z0-9._~\\-/]*`, 'g');
  const isDocument = (name: string) => /\.(html|xml|json)$/.test(name) && !name.startsWith('.');
  const queue = [...(entries ?? files.keys())].filter((name) => isDocument(name) && files.has(name));
  const seen = new Set(queue);
  const missing = new Set<string>();
  while (queue.length > 0) {
    const name = queue.pop() as string;
    for (const url of (files.get(name)?.bytes.toString('utf8') ?? '').match(link) ?? []) {
      const path = `/${url.slice(siteUrl.length)}`;
      let file: string;
      try {
        file = filePathFor(path);
      } catch {
        continue;
      }
      if (!files.has(file)) missing.add(path);
      else if (isDocument(file) && !seen.has(file)) {
        seen.add(file);
        queue.push(file);
      }
    }
  }
  return [...missing].sort();
}
