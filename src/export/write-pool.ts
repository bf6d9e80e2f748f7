// A pool of worker threads that write the exported files and their .gz and .br siblings while the
// main thread renders.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { workerEntry } from '../worker-entry.ts';
import type { WriteJob, WriteReply } from './write-worker.ts';

export interface WritePool {
  /** Queues a file; resolves once the pool has room for more (backpressure, not completion). */
  submit(job: Omit<WriteJob, 'id'>): Promise<void>;
  /** Waits for every queued file; rejects with the first worker error. */
  drain(): Promise<void>;
  close(): Promise<void>;
}

export function defaultWorkerCount(): number {
  return Math.max(1, availableParallelism());
}

/**
 * Writing and compressing (gzip -9 and brotli for every page) are most of an export's time, so they
 * get every core; the main thread only renders.
 */
export function startWritePool(
  size: number,
  onDone: (reply: { bytes: number; files: number }) => void,
): WritePool {
  const workers = Array.from(
    { length: size },
    () => new Worker(workerEntry(import.meta.url, 'write-worker')),
  );
  const queue: WriteJob[] = [];
  const idle: Worker[] = [];
  const busy = new Map<Worker, number>();
  const maxQueued = size * 4;
  let nextId = 0;
  let failure: Error | undefined;
  let closing = false;
  let waiting: (() => void)[] = [];

  const wake = () => {
    const ready = waiting;
    waiting = [];
    for (const resolve of ready) resolve();
  };
  const dispatch = () => {
    while (!failure && idle.length > 0 && queue.length > 0) {
      const worker = idle.pop() as Worker;
      const job = queue.shift() as WriteJob;
      busy.set(worker, job.id);
      worker.postMessage(job);
    }
  };
  for (const worker of workers) {
    idle.push(worker);
    worker.on('message', (reply: WriteReply) => {
      busy.delete(worker);
      idle.push(worker);
      if ('error' in reply) failure ??= new Error(`writing failed: ${reply.error}`);
      else onDone(reply);
      dispatch();
      wake();
    });
    worker.on('error', (error) => {
      failure ??= error;
      wake();
    });
    worker.on('exit', (code) => {
      if (!closing) failure ??= new Error(`a writer thread stopped (exit code ${code})`);
      wake();
    });
  }

  return {
    async submit(job) {
      if (failure) throw failure;
      queue.push({ ...job, id: nextId++ });
      dispatch();
      while (!failure && queue.length >= maxQueued)
        await new Promise<void>((resolve) => waiting.push(resolve));
      if (failure) throw failure;
    },
    async drain() {
      while (!failure && (queue.length > 0 || busy.size > 0)) {
        await new Promise<void>((resolve) => waiting.push(resolve));
      }
      if (failure) throw failure;
    },
    async close() {
      closing = true;
      await Promise.all(workers.map((worker) => worker.terminate()));
    },
  };
}
