// Runs in a worker thread: compresses one file's bytes with the very function the server uses.
import { parentPort } from 'node:worker_threads';
import type { Encoding } from '../model.ts';
import { makeRepresentation } from '../render/representation.ts';
import { writeFileWithTime } from './write-file.ts';

export interface CompressJob {
  id: number;
  path: string;
  /** Absolute path of the identity file; siblings are written next to it. */
  target: string;
  mediaType: string;
  body: Uint8Array;
  lastModified: number;
}

export type CompressReply = { id: number; bytes: number; files: number } | { id: number; error: string };

export const SIBLINGS: readonly (readonly [Exclude<Encoding, 'identity'>, string])[] = [
  ['gzip', '.gz'],
  ['br', '.br'],
];

const port = parentPort;
if (port) {
  port.on('message', async (job: CompressJob) => {
    try {
      const body = Buffer.from(job.body.buffer, job.body.byteOffset, job.body.byteLength);
      const lastModified = new Date(job.lastModified);
      // Rebuilt from the same bytes, so `encoded()` gives exactly what the server sends.
      const representation = makeRepresentation(job.path, { mediaType: job.mediaType, body, lastModified });
      let bytes = 0;
      for (const [encoding, suffix] of SIBLINGS) {
        const encoded = representation.encoded(encoding).body;
        writeFileWithTime(`${job.target}${suffix}`, encoded, lastModified);
        bytes += encoded.length;
      }
      port.postMessage({ id: job.id, bytes, files: SIBLINGS.length } satisfies CompressReply);
    } catch (error) {
      port.postMessage({
        id: job.id,
        error: (error as Error).stack ?? String(error),
      } satisfies CompressReply);
    }
  });
}
