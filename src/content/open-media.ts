// A listed media file opened for streaming: its bytes are read in chunks from one open descriptor,
// never whole, and a version check after every chunk makes sure the bytes sent all belong to the
// version that was opened (a rename over the file leaves the descriptor on the old one; a write into
// it changes its change time, which nobody can set back).
import { createHash } from 'node:crypto';
import type { Stats } from 'node:fs';
import { constants, type FileHandle, open } from 'node:fs/promises';
import type { OpenedMedia } from '../model.ts';

/** Bytes read at a time: large enough that the check after each costs nothing, small for memory. */
const CHUNK_BYTES = 256 * 1024;

/** What changes whenever a file may hold other bytes (see `MediaFile.version`). */
export function versionOf(info: Stats): string {
  return `${info.size} ${info.mtimeMs} ${info.ctimeMs} ${info.dev}:${info.ino}`;
}

/**
 * Opens a listed file. O_NONBLOCK: if a FIFO took the file's place since the listing, opening it must
 * not wait for a writer; fstat then refuses it. O_NOFOLLOW: a file that was not a symlink when it was
 * listed is not followed if one took its place (a listed symlink was resolved and checked already).
 */
export async function openMedia(path: string, resolved: boolean, limit: number): Promise<OpenedMedia> {
  const flags = constants.O_RDONLY | constants.O_NONBLOCK | (resolved ? 0 : constants.O_NOFOLLOW);
  const handle = await open(path, flags);
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw new Error(`${path} is no longer a regular file`);
    if (info.size > limit) throw new Error(`${path} is now over the media size limit`);
    return opened(handle, info, path);
  } catch (error) {
    await handle.close();
    throw error;
  }
}

/**
 * Whether the open file still holds the bytes it had when opened. Removing its name (a rename of a new
 * version over it, as editors and rsync replace files) also moves the change time, but leaves its
 * bytes: then size and modification time decide, so a download under way finishes with the version it
 * started. (Writing into a file whose last name is gone takes a process that opened it before.)
 */
function sameBytes(now: Stats, then: Stats): boolean {
  if (versionOf(now) === versionOf(then)) return true;
  return (
    now.nlink < then.nlink &&
    now.size === then.size &&
    now.mtimeMs === then.mtimeMs &&
    now.ino === then.ino &&
    now.dev === then.dev
  );
}

function opened(handle: FileHandle, info: Stats, path: string): OpenedMedia {
  const version = versionOf(info);
  const { size } = info;
  async function* chunks(start: number, end: number): AsyncGenerator<Buffer> {
    for (let position = start; position <= end; ) {
      const buffer = Buffer.allocUnsafe(Math.min(CHUNK_BYTES, end + 1 - position));
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, position);
      // Checked after the read, before the bytes leave: a write that these bytes may contain has
      // already moved the change time.
      if (bytesRead === 0 || !sameBytes(await handle.stat(), info)) {
        throw new Error(`${path} changed while it was being read`);
      }
      position += bytesRead;
      yield bytesRead === buffer.length ? buffer : buffer.subarray(0, bytesRead);
    }
  }
  return {
    version,
    size,
    modified: info.mtime,
    chunks,
    async digest() {
      const hash = createHash('sha256');
      if (size > 0) for await (const chunk of chunks(0, size - 1)) hash.update(chunk);
      return hash.digest('base64url');
    },
    close: () => handle.close(),
  };
}
