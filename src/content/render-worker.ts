// Runs in a worker thread: renders one article body at a time, so the thread that asked can stop
// waiting (and this thread can be terminated) when a body takes too long.
import { type MessagePort, workerData } from 'node:worker_threads';
import { renderMarkdown } from './markdown.ts';

export interface RenderJob {
  id: number;
  markdown: string;
  articleUrl: string;
  mediaBase?: string;
}

export type RenderReply = { id: number; html: string } | { id: number; error: string; overflow: boolean };

export interface RenderWorkerData {
  port: MessagePort;
  /** [0]: 1 once this thread is ready; [1]: id of the last job answered. */
  signal: Int32Array;
}

const { port, signal } = workerData as RenderWorkerData;
port.on('message', (job: RenderJob) => {
  let reply: RenderReply;
  try {
    reply = { id: job.id, html: renderMarkdown(job.markdown, job.articleUrl, job.mediaBase) };
  } catch (error) {
    reply = { id: job.id, error: (error as Error).message, overflow: error instanceof RangeError };
  }
  port.postMessage(reply);
  Atomics.store(signal, 1, job.id);
  Atomics.notify(signal, 1);
});
Atomics.store(signal, 0, 1);
Atomics.notify(signal, 0);
