// Rendering the export on every core. The site cannot be handed to another thread (its articles
// read and render their bodies on first use, media files read their bytes), so each render thread
// reads the articles folder itself, from the article cache the main thread has just written, with
// the main thread's clock; it then renders and writes the ranges of paths it is given. A thread joins
// only once it has shown that its site is the main thread's (same paths, same inputs for each); the
// main thread renders ranges too, so when no thread joins (or there is only one core) it does all of
// it, as without threads.
import { setImmediate as nextTurn } from 'node:timers/promises';
import { Worker } from 'node:worker_threads';
import type { RenderedSite, SiteSettings } from '../model.ts';
import {
  addRenderedBodies,
  shareRenderedBodies,
  stopSharingBodies,
  takeRenderedBodies,
} from '../publish/rendered-bodies.ts';
import { workerEntry } from '../worker-entry.ts';
import { type ExportedPath, exportPath, siteDigest } from './export-path.ts';
import type { RenderThreadData, RenderThreadJob, RenderThreadReply } from './render-thread.ts';

type RenderRange = Extract<RenderThreadJob, { kind: 'range' }>;

/** How the render threads read the same site the main thread published. */
export interface SiteSource {
  /** The settings the site was published with. */
  settings: SiteSettings;
  /** The clock it was published at: which scheduled articles were due. */
  now: Date;
}

export interface RenderThreadsOptions {
  rendered: RenderedSite;
  paths: readonly string[];
  source: SiteSource;
  /** Render threads besides the main thread. */
  threads: number;
  temp: string;
  compress: boolean;
  /** Told of each path once written, in the order they finish; may throw to stop the export. */
  onPath: (result: ExportedPath) => void | Promise<void>;
  /** Told when a thread joins, or is turned away because its site differs or it could not read it. */
  onThread?: (joined: boolean) => void;
}

/**
 * Paths per range: small enough that the threads finish together, large enough that messages cost
 * little next to rendering (a feed page of 20 full articles takes a few milliseconds).
 */
const RANGE = 16;
/** Ranges a thread holds at once, so it never waits for the main thread between two. */
const AHEAD = 2;

/**
 * Renders and writes every path: the results in the order of `paths`, and how many threads took part
 * (the main thread included).
 */
export async function renderInThreads(
  options: RenderThreadsOptions,
): Promise<{ results: ExportedPath[]; threads: number }> {
  const { rendered, paths, source, temp, compress } = options;
  const results: ExportedPath[] = new Array(paths.length);
  let next = 0;
  let finished = 0;
  let failure: Error | undefined;
  let wake: (() => void) | undefined;
  const notify = () => {
    const resolve = wake;
    wake = undefined;
    resolve?.();
  };
  const take = (): RenderRange | undefined => {
    if (next >= paths.length) return undefined;
    const start = next;
    next = Math.min(paths.length, next + RANGE);
    return { kind: 'range', start, end: next };
  };
  // The callbacks of one range at a time, so progress and tests' failure hooks see a steady order.
  let reporting = Promise.resolve();
  const report = (start: number, batch: readonly ExportedPath[]) => {
    reporting = reporting.then(async () => {
      for (const [k, result] of batch.entries()) {
        results[start + k] = result;
        await options.onPath(result);
        finished += 1;
      }
    });
    reporting.catch((error: unknown) => {
      failure ??= error as Error;
      notify();
    });
    return reporting;
  };

  const digest = options.threads > 0 ? siteDigest(rendered, paths) : '';
  // Each body is rendered once: what one thread renders is sent to the others (see render-body.ts).
  if (options.threads > 0) shareRenderedBodies();
  const joined = new Set<Worker>();
  const share = (bodies: [string, string][], from?: Worker) => {
    if (bodies.length === 0) return;
    for (const worker of joined) if (worker !== from) worker.postMessage({ kind: 'bodies', bodies });
  };
  const data: Omit<RenderThreadData, 'settings'> = { now: source.now.getTime(), temp, compress };
  const workers = Array.from({ length: options.threads }, () => {
    const worker = new Worker(workerEntry(import.meta.url, 'render-thread'), {
      workerData: { ...data, settings: source.settings } satisfies RenderThreadData,
    });
    let ready = false;
    let held = 0;
    const feed = () => {
      for (let range = held < AHEAD ? take() : undefined; range; range = held < AHEAD ? take() : undefined) {
        held += 1;
        worker.postMessage(range);
      }
    };
    worker.on('message', (reply: RenderThreadReply) => {
      if (reply.kind === 'ready') {
        // A thread whose site differs (a file changed in between, an article came due) renders
        // nothing: the main thread's site is the one published.
        if (reply.digest !== digest) {
          void worker.terminate();
          options.onThread?.(false);
          return;
        }
        ready = true;
        share(takeRenderedBodies());
        worker.postMessage({ kind: 'bodies', bodies: takeRenderedBodies(true) });
        joined.add(worker);
        options.onThread?.(true);
        feed();
      } else if (reply.kind === 'done') {
        held -= 1;
        addRenderedBodies(reply.bodies);
        share(reply.bodies, worker);
        // A failure is recorded by report and seen by the main loop.
        report(reply.start, reply.results).then(notify, notify);
        feed();
      } else if (ready) {
        failure ??= new Error(`writing failed: ${reply.error}`);
      } else {
        // It could not read the site: the other threads render its share.
        void worker.terminate();
        options.onThread?.(false);
        return;
      }
      notify();
    });
    worker.on('error', (error) => {
      if (ready) failure ??= error;
      notify();
    });
    worker.on('exit', (code) => {
      if (ready && held > 0) failure ??= new Error(`a render thread stopped (exit code ${code})`);
      notify();
    });
    return worker;
  });

  try {
    for (;;) {
      if (failure) throw failure;
      const range = take();
      if (range) {
        const batch: ExportedPath[] = [];
        for (let i = range.start; i < range.end; i += 1) {
          batch.push(await exportPath(rendered, paths[i] as string, temp, compress));
        }
        share(takeRenderedBodies());
        await report(range.start, batch);
        // Lets the threads' replies in, so their next ranges are sent while this thread renders.
        await nextTurn();
        continue;
      }
      if (finished === paths.length) break;
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
    }
    if (failure) throw failure;
    return { results, threads: 1 + joined.size };
  } finally {
    stopSharingBodies();
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
}
