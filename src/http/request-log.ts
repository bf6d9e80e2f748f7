// The request log: one JSON line per request, with what `herald readers` needs (client address,
// User-Agent, the validators sent, status, the Last-Modified answered). A request only appends its
// fields to a list; the lines are formatted and written in one write per batch, after the responses of
// the batch have gone out. Writing one line per request with console.log cost polling a third of its
// speed (a formatted string and a synchronous write for every 304).
import type { IncomingMessage } from 'node:http';

export interface LogOutput {
  write(chunk: string): unknown;
}

export interface RequestLogOptions {
  /** Longest time a line waits before it is written (ms). */
  flushMs?: number;
  /** Lines gathered before a write happens anyway. */
  maxLines?: number;
  now?: () => number;
  /** Also given every batch of lines (the metrics' subscriber estimates read them). */
  onLines?: (lines: readonly RequestLogLine[]) => void;
}

/** One request as the log records it; fields that were not sent are absent. */
export interface RequestLogLine {
  time: string;
  ip: string;
  method: string;
  path: string;
  status: number;
  bytes: number;
  ms: number;
  ua?: string;
  ifNoneMatch?: string;
  ifModifiedSince?: string;
  lastModified?: string;
}

// A flat list of fields per request: no object per line until the batch is written.
const FIELDS = 11;

export class RequestLog {
  readonly #out: LogOutput | undefined;
  readonly #onLines: ((lines: readonly RequestLogLine[]) => void) | undefined;
  readonly #flushMs: number;
  readonly #maxLines: number;
  readonly #now: () => number;
  #pending: unknown[] = [];
  #timer?: NodeJS.Timeout;

  /** `out` undefined: nothing is written, lines only go to `onLines`. */
  constructor(out: LogOutput | undefined, options: RequestLogOptions = {}) {
    this.#out = out;
    this.#onLines = options.onLines;
    this.#flushMs = options.flushMs ?? 200;
    this.#maxLines = options.maxLines ?? 512;
    this.#now = options.now ?? Date.now;
  }

  /** Records a finished request. `startedAt` is `performance.now()` when it arrived. */
  record(
    req: IncomingMessage,
    status: number,
    bytes: number,
    startedAt: number,
    lastModified: string | undefined,
  ): void {
    const h = req.headers;
    this.#pending.push(
      this.#now(),
      req.socket.remoteAddress ?? '',
      req.method,
      req.url,
      status,
      bytes,
      performance.now() - startedAt,
      h['user-agent'],
      h['if-none-match'],
      h['if-modified-since'],
      lastModified,
    );
    if (this.#pending.length >= this.#maxLines * FIELDS) this.flush();
    else this.#timer ??= setTimeout(() => this.flush(), this.#flushMs).unref();
  }

  /** Writes every line gathered so far. */
  flush(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const fields = this.#pending;
    if (fields.length === 0) return;
    this.#pending = [];
    let text = '';
    const lines: RequestLogLine[] = [];
    let lastMs = -1;
    let lastTime = '';
    for (let i = 0; i < fields.length; i += FIELDS) {
      const ms = fields[i] as number;
      if (ms !== lastMs) {
        lastMs = ms;
        lastTime = new Date(ms).toISOString();
      }
      const line: RequestLogLine = {
        time: lastTime,
        ip: fields[i + 1] as string,
        method: fields[i + 2] as string,
        path: fields[i + 3] as string,
        status: fields[i + 4] as number,
        bytes: fields[i + 5] as number,
        ms: Math.round((fields[i + 6] as number) * 1000) / 1000,
      };
      const ua = fields[i + 7];
      if (typeof ua === 'string') line.ua = ua;
      const inm = fields[i + 8];
      if (typeof inm === 'string') line.ifNoneMatch = inm;
      const ims = fields[i + 9];
      if (typeof ims === 'string') line.ifModifiedSince = ims;
      const lm = fields[i + 10];
      if (typeof lm === 'string') line.lastModified = lm;
      lines.push(line);
      if (this.#out) text += `${JSON.stringify(line)}\n`;
    }
    if (this.#out) this.#out.write(text);
    this.#onLines?.(lines);
  }

  close(): void {
    this.flush();
  }
}

/** A line of the request log, or undefined for any other line (problems, notices, nginx lines). */
export function parseRequestLogLine(line: string): RequestLogLine | undefined {
  if (!line.startsWith('{')) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined;
  }
  const v = value as Partial<RequestLogLine>;
  if (
    typeof v.time !== 'string' ||
    typeof v.ip !== 'string' ||
    typeof v.path !== 'string' ||
    typeof v.status !== 'number' ||
    typeof v.method !== 'string'
  )
    return undefined;
  return v as RequestLogLine;
}
