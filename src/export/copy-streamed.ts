// A media file too large to keep in memory (Representation.streamed) copied into the export in
// chunks, never read whole, and only if it still holds the bytes the site was rendered with.
import { createWriteStream } from 'node:fs';
import { mkdir, utimes } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { MediaFile, OpenedMedia } from '../model.ts';

/** The file's bytes as a stream, for an upload; `done` closes the file when the stream is over. */
export async function openStreamed(file: MediaFile): Promise<{ body: Readable; done(): Promise<void> }> {
  const opened = await openListed(file);
  return { body: Readable.from(bytesOf(opened)), done: () => opened.close() };
}

/** Writes the file at `target` (a new file) with `lastModified` as its modification time. */
export async function copyStreamed(file: MediaFile, target: string, lastModified: Date): Promise<void> {
  await mkdir(dirname(target), { recursive: true });
  const opened = await openListed(file);
  try {
    await pipeline(bytesOf(opened), createWriteStream(target, { flags: 'wx' }));
    await utimes(target, lastModified, lastModified);
  } finally {
    await opened.close();
  }
}

/**
 * Opens the file and makes sure it is the version the site was rendered from (or holds the same
 * bytes): the manifest and the pages that link it carry that version's ETag and length.
 */
async function openListed(file: MediaFile): Promise<OpenedMedia> {
  const opened = await file.open();
  if (opened.version === file.version || (await opened.digest()) === file.digest) return opened;
  await opened.close();
  throw new Error(`${file.file} changed while the site was being published; run the command again`);
}

async function* bytesOf(opened: OpenedMedia): AsyncGenerator<Buffer> {
  if (opened.size > 0) yield* opened.chunks(0, opened.size - 1);
}
