import { utimes, writeFile } from 'node:fs/promises';

/**
 * Writes a file and sets its modification time to the representation's Last-Modified: static
 * hosts send the mtime as Last-Modified, and nginx answers If-Modified-Since only on an exact match.
 */
export async function writeFileWithTime(path: string, bytes: Uint8Array, lastModified: Date): Promise<void> {
  await writeFile(path, bytes, { flag: 'wx' });
  await utimes(path, lastModified, lastModified);
}
