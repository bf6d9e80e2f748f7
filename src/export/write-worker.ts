// Runs in a worker thread: writes one file and, when asked, its .gz and .br siblings, compressed with
// the very function the server uses.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { parentPort } from 'node:worker_threads';
import type { Encoding } from '../model.ts';
import { compress } from '../render/representation.ts';
import { writeFileWithTime } from './write-file.ts';

export interface WriteJob {
  id: number;
  /** Absolute path of the identity file; siblings are written next to it. */
  target: string;
  body: Uint8Array;
  lastModified: number;
  /** Also write the .gz and .br siblings. */
  siblings: boolean;
}

export type WriteReply = { id: number; bytes: number; files: number } | { id: number; error: string };

export const SIBLINGS: readonly (readonly [Exclude<Encoding, 'identity'>, string])[] = [
  ['gzip', '.gz'],
  ['br', '.br'],
];

const port = parentPort;
if (port) {
  port.on('message', (job: WriteJob) => {
    try {
      const body = Buffer.from(job.body.buffer, job.body.byteOffset, job.body.byteLength);
      const lastModified = new Date(job.lastModified);
      // Recursive mkdir is safe when two workers make the same folder at once.
      mkdirSync(dirname(job.target), { recursive: true });
      writeFileWithTime(job.target, body, lastModified);
      if (!job.siblings) {
        port.postMessage({ id: job.id, bytes: body.length, files: 1 } satisfies WriteReply);
        return;
      }
      // The function representations compress with, so the bytes are exactly what the server sends.
      let bytes = body.length;
      for (const [encoding, suffix] of SIBLINGS) {
        const encoded = compress(body, encoding);
        writeFileWithTime(`${job.target}${suffix}`, encoded, lastModified);
        bytes += encoded.length;
      }
      port.postMessage({ id: job.id, bytes, files: 1 + SIBLINGS.length } satisfies WriteReply);
    } catch (error) {
      // An I/O error (a full disk, a folder removed underneath) is the operator's to fix and says
      // enough in its message; only a bug needs the stack.
      const expected = typeof (error as NodeJS.ErrnoException).code === 'string';
      port.postMessage({
        id: job.id,
        error: expected ? (error as Error).message : ((error as Error).stack ?? String(error)),
      } satisfies WriteReply);
    }
  });
}
