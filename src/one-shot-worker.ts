// A worker thread that does one piece of work and posts one answer (stamping the article files,
// checking an export's files): the answer, or undefined when the thread could not start or failed,
// so that the caller does the work itself.
import { Worker } from 'node:worker_threads';

export interface OneShotOptions {
  /**
   * The thread does not keep the process alive: for work a caller may end up not waiting for. A
   * caller that awaits the answer with nothing else pending must keep it referenced.
   */
  unref?: boolean;
}

export function oneShotWorker<T>(
  entry: URL,
  workerData: unknown,
  options: OneShotOptions = {},
): Promise<T | undefined> {
  return new Promise((resolve) => {
    let worker: Worker;
    try {
      worker = new Worker(entry, { workerData });
    } catch {
      resolve(undefined);
      return;
    }
    if (options.unref) worker.unref();
    worker.once('message', (answer: T) => resolve(answer));
    worker.once('error', () => resolve(undefined));
    worker.once('exit', () => resolve(undefined));
  });
}
