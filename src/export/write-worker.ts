// Runs in a worker thread: writes one file and, when asked, its .gz and .br siblings.
import { parentPort } from 'node:worker_threads';
import { failureText, writeWithSiblings } from './write-siblings.ts';

export { SIBLINGS } from './write-siblings.ts';

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

const port = parentPort;
if (port) {
  port.on('message', (job: WriteJob) => {
    try {
      const body = Buffer.from(job.body.buffer, job.body.byteOffset, job.body.byteLength);
      const written = writeWithSiblings(job.target, body, new Date(job.lastModified), job.siblings);
      port.postMessage({ id: job.id, ...written } satisfies WriteReply);
    } catch (error) {
      port.postMessage({ id: job.id, error: failureText(error) } satisfies WriteReply);
    }
  });
}
