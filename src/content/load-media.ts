// The media files of the articles folder: listed once per change of the folder, never looked up by a
// request's path. Only regular files of a known type are published; hidden files, editor backups,
// special files (FIFOs, sockets, devices) and symlinks that leave the folder never are.
import { createHash } from 'node:crypto';
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { open, readdir, realpath, stat } from 'node:fs/promises';
import { join, sep } from 'node:path';
import type { MediaFile, Problem } from '../model.ts';
import { mediaTypeOf } from './media-types.ts';
import { openMedia, versionOf } from './open-media.ts';
import { shownFile, shownFolderOf } from './shown-path.ts';

export interface MediaLoadOptions {
  articlesDir: string;
  maxMediaBytes: number;
  /** The folder as problem lines name it (SiteSettings.articlesDirShown). */
  articlesDirShown?: string;
  /** Without `articlesDirShown`: the folder is shown relative to this one when inside it. */
  cwd?: string;
  /** The files of the previous listing: a file of the same version keeps its digest unread. */
  previous?: ReadonlyMap<string, MediaFile>;
}

export interface MediaLoadResult {
  /** By name in the articles folder, in name order. */
  media: Map<string, MediaFile>;
  /** The subfolders listed (paths inside the articles folder, `/`-separated), to be watched. */
  folders: string[];
  problems: Problem[];
}

/** Folders deeper than this are not listed: a media layout never needs more, and a loop cannot run away. */
const MAX_DEPTH = 8;

/** Characters a media file's path may have: every one maps to the same URL and file on every host. */
const SAFE_NAME = /^[A-Za-z0-9_][A-Za-z0-9._~-]*$/;

export async function loadMedia(options: MediaLoadOptions): Promise<MediaLoadResult> {
  const root = await realpath(options.articlesDir);
  const media = new Map<string, MediaFile>();
  const problems: Problem[] = [];
  const folders: string[] = [];
  const folder = options.articlesDirShown ?? shownFolderOf(options.articlesDir, options.cwd ?? process.cwd());

  const visit = async (dir: string, segments: string[]): Promise<void> => {
    let entries: import('node:fs').Dirent[];
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      return; // a folder removed while it was listed: the watcher reports the change
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const { name: base } = entry;
      if (base.startsWith('.') || base.startsWith('#') || base.endsWith('~')) continue;
      const path = join(dir, base);
      if (entry.isDirectory()) {
        if (segments.length < MAX_DEPTH) {
          folders.push([...segments, base].join('/'));
          await visit(path, [...segments, base]);
        }
        continue;
      }
      const mediaType = mediaTypeOf(base);
      if (mediaType === undefined) continue;
      if (!entry.isFile() && !entry.isSymbolicLink()) continue;
      const name = [...segments, base].join('/');
      const file = shownFile(folder, [...segments, base].join(sep));
      const warn = (message: string) => problems.push({ file, severity: 'warning', message });
      // A symlink is published only when it points at a regular file inside the folder.
      let target = path;
      if (entry.isSymbolicLink()) {
        try {
          target = await realpath(path);
        } catch {
          warn('is a broken symlink, so it is not published');
          continue;
        }
        if (!target.startsWith(root + sep)) {
          warn('is a symlink to a file outside the articles folder, so it is not published');
          continue;
        }
      }
      let info: import('node:fs').Stats;
      try {
        info = await stat(target);
      } catch {
        continue; // deleted while listed
      }
      if (!info.isFile()) continue;
      if (![...segments, base].every((s) => SAFE_NAME.test(s))) {
        warn(
          'has a name with characters other than letters, digits, ".", "-", "_" and "~", so it is not published (rename it)',
        );
        continue;
      }
      if (info.size > options.maxMediaBytes) {
        warn(
          `is ${info.size} bytes, over the ${options.maxMediaBytes}-byte limit (maxMediaBytes), so it is not published`,
        );
        continue;
      }
      const version = versionOf(info);
      const known = options.previous?.get(name);
      let digest: string;
      try {
        digest = known?.version === version ? known.digest : await digestFile(target, target !== path);
      } catch {
        continue; // deleted or replaced by something else while listed: the watcher reports it
      }
      media.set(name, {
        name,
        file,
        mediaType,
        size: info.size,
        modified: info.mtime,
        version,
        digest,
        read: () => readMediaFile(target, target !== path, options.maxMediaBytes),
        open: () => openMedia(target, target !== path, options.maxMediaBytes),
      });
    }
  };
  await visit(root, []);
  return { media, problems, folders };
}

/**
 * The SHA-256 of a file's bytes, read in chunks without blocking (a podcast episode is 100 MB: about
 * a third of a second here, once per version of the file). Same flags as `readMediaFile`.
 */
async function digestFile(path: string, resolved: boolean): Promise<string> {
  const flags = constants.O_RDONLY | constants.O_NONBLOCK | (resolved ? 0 : constants.O_NOFOLLOW);
  const handle = await open(path, flags);
  try {
    if (!(await handle.stat()).isFile()) throw new Error(`${path} is no longer a regular file`);
    const hash = createHash('sha256');
    for await (const chunk of handle.createReadStream({ autoClose: false })) hash.update(chunk as Buffer);
    return hash.digest('base64url');
  } finally {
    await handle.close();
  }
}

/**
 * Reads a listed file. O_NONBLOCK: if a FIFO took the file's place since the listing, opening it must
 * not wait for a writer; fstat then refuses it. O_NOFOLLOW: a file that was not a symlink when it was
 * listed is not followed if one took its place (a listed symlink was resolved and checked already).
 */
function readMediaFile(path: string, resolved: boolean, limit: number): Buffer {
  const flags = constants.O_RDONLY | constants.O_NONBLOCK | (resolved ? 0 : constants.O_NOFOLLOW);
  const fd = openSync(path, flags);
  try {
    const info = fstatSync(fd);
    const { size } = info;
    if (!info.isFile()) throw new Error(`${path} is no longer a regular file`);
    if (size > limit) throw new Error(`${path} is now over the media size limit`);
    const body = Buffer.allocUnsafe(size);
    let read = 0;
    while (read < size) {
      const n = readSync(fd, body, read, size - read, read);
      if (n === 0) break; // the file shrank while being read
      read += n;
    }
    return read === size ? body : body.subarray(0, read);
  } finally {
    closeSync(fd);
  }
}
