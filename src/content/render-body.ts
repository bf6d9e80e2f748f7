import { createHash } from 'node:crypto';
import { MessageChannel, type MessagePort, receiveMessageOnPort, Worker } from 'node:worker_threads';
import { memo } from '../memory.ts';
import { workerEntry } from '../worker-entry.ts';
import type { Checked } from './decode.ts';
import { nestingDepth } from './nesting-depth.ts';
import type { RenderJob, RenderReply } from './render-worker.ts';

/**
 * What one article body may cost to render. Markdown parsers recurse once per nesting level and are
 * quadratic on some inputs (100 kB of `_a` takes marked 38 s), so a body over any of these limits is
 * an error for that article alone, and the rest of the site is published.
 */
export const RENDER_LIMITS = {
  /** Nested block quotes and lists (5,000 `>` overflow marked's stack). */
  nestingLevels: 100,
  /** Wall-clock time to render one body, in milliseconds. */
  milliseconds: 2000,
  /** Characters of HTML one body may render to. */
  htmlCharacters: 4 * 1024 * 1024,
} as const;

/** Startup of the render thread (loading the Markdown and HTML libraries) is not a body's fault. */
const STARTUP_MS = 60_000;

/**
 * Renders an article body to sanitized HTML within RENDER_LIMITS, or says why it cannot.
 * Synchronous, because bodies are rendered on first use from inside page rendering; the work runs in
 * a worker thread that this thread waits for with a deadline, and that is terminated (and started
 * again for the next body) when the deadline passes, so no body can freeze the process.
 */
export function renderBody(markdown: string, articleUrl: string, mediaBase?: string): Checked<string> {
  const depth = nestingDepth(markdown);
  if (depth > RENDER_LIMITS.nestingLevels) return tooDeep();
  // A body that failed once fails again: answer at once instead of waiting out the deadline again
  // each time the file is read (every restart, every edit of its front matter).
  const key = createHash('sha256').update(markdown).digest('base64');
  const known = failures.get(key);
  if (known) return known;
  const sharedKey = shared && JSON.stringify([key, articleUrl, mediaBase ?? null]);
  const html = sharedKey === undefined ? undefined : shared?.get(sharedKey);
  if (html !== undefined) return { ok: true, value: html };
  const result = checkReply(
    renderInWorker({ markdown, articleUrl, ...(mediaBase === undefined ? {} : { mediaBase }) }),
  );
  if (!result.ok) failures.set(key, result);
  else if (sharedKey !== undefined) {
    shared?.set(sharedKey, result.value);
    fresh.push([sharedKey, result.value]);
  }
  return result;
}

/**
 * Bodies rendered in this thread or given by another, by what they were rendered from, while a
 * static export shares rendering between threads: each thread reads the site itself, so each would
 * otherwise render every body again (a body appears in its page and in a dozen feeds and listings).
 * Holds every body of the site until the export ends.
 */
let shared: Map<string, string> | undefined;
/** Rendered here since they were last taken, to be sent to the other threads. */
let fresh: [string, string][] = [];

/** From now on, bodies rendered in this thread are kept and shared (see `shared`). */
export function shareRenderedBodies(): void {
  shared ??= new Map();
}

/** Every body this thread knows; then only those rendered here since the last call. */
export function takeRenderedBodies(all = false): [string, string][] {
  const taken = all ? [...(shared ?? [])] : fresh;
  fresh = [];
  return taken;
}

/** Bodies another thread rendered, used instead of rendering them again. */
export function addRenderedBodies(bodies: readonly [string, string][]): void {
  if (!shared) return;
  for (const [key, html] of bodies) shared.set(key, html);
}

/** Forgets the shared bodies once the export is done. */
export function stopSharingBodies(): void {
  shared = undefined;
  fresh = [];
}

const failures = memo<string, Checked<string>>(
  'render failures',
  'the problem of each body that could not be rendered, by a hash of its Markdown',
  1000,
);

function checkReply(reply: RenderReply | 'timeout'): Checked<string> {
  if (reply === 'timeout') {
    return {
      ok: false,
      field: 'body',
      message: `takes too long to render (limit ${RENDER_LIMITS.milliseconds / 1000} s); simplify its Markdown`,
    };
  }
  if ('error' in reply) {
    if (reply.overflow) return tooDeep();
    return { ok: false, field: 'body', message: `could not be rendered: ${reply.error}` };
  }
  if (reply.html.length > RENDER_LIMITS.htmlCharacters) {
    return {
      ok: false,
      field: 'body',
      message: `renders to ${reply.html.length} characters of HTML, over the limit of ${RENDER_LIMITS.htmlCharacters}`,
    };
  }
  return { ok: true, value: reply.html };
}

function tooDeep(): Checked<string> {
  return {
    ok: false,
    field: 'body',
    message: `nested too deeply to render (limit ${RENDER_LIMITS.nestingLevels} levels)`,
  };
}

interface RenderThread {
  worker: Worker;
  port: MessagePort;
  signal: Int32Array;
}

let thread: RenderThread | undefined;
let nextId = 0;

function startThread(): RenderThread {
  const { port1, port2 } = new MessageChannel();
  const signal = new Int32Array(new SharedArrayBuffer(8));
  const worker = new Worker(workerEntry(import.meta.url, 'render-worker'), {
    workerData: { port: port2, signal },
    transferList: [port2],
    // A body that makes the parser allocate without bound stops this thread, not the process. Its
    // young generation is kept small: with V8's default (semi-spaces of 16 MB) this thread's heap
    // held 51 MB after rendering 10,000 bodies, 16 MB of it in use; with 8 MB, 25 MB, and a body
    // rendered as fast (0.85–0.94 ms against 1.05–1.15 ms, 3,000 bench bodies, machine under load).
    resourceLimits: { maxOldGenerationSizeMb: 512, maxYoungGenerationSizeMb: 8 },
  });
  // Never keeps a command from exiting; a thread that dies is replaced by the next render.
  worker.unref();
  port1.unref();
  worker.on('error', () => {});
  worker.on('exit', () => {
    if (thread?.worker === worker) thread = undefined;
  });
  return { worker, port: port1, signal };
}

/** Starts the render thread ahead of the first body, so its startup overlaps reading the files. */
export function warmUpRenderer(): void {
  thread ??= startThread();
}

function renderInWorker(job: Omit<RenderJob, 'id'>): RenderReply | 'timeout' {
  thread ??= startThread();
  const current = thread;
  if (Atomics.load(current.signal, 0) === 0) Atomics.wait(current.signal, 0, 0, STARTUP_MS);
  nextId = (nextId % 0x7fffffff) + 1;
  const id = nextId;
  current.port.postMessage({ id, ...job } satisfies RenderJob);
  const deadline = performance.now() + RENDER_LIMITS.milliseconds;
  for (;;) {
    const answered = Atomics.load(current.signal, 1);
    if (answered !== id) {
      const left = deadline - performance.now();
      if (left <= 0) break;
      Atomics.wait(current.signal, 1, answered, left);
      continue;
    }
    // Replies to jobs abandoned earlier were left on the port: skip them.
    for (
      let message = receiveMessageOnPort(current.port);
      message;
      message = receiveMessageOnPort(current.port)
    ) {
      const reply = message.message as RenderReply;
      if (reply.id === id) return reply;
    }
    break;
  }
  void current.worker.terminate();
  if (thread === current) thread = undefined;
  return 'timeout';
}
