// The request log: one JSON line per request, with what `herald readers` needs (client address,
// User-Agent, the validators sent, status, the Last-Modified answered). A request only appends its
// fields to a list (no clock read, no object, no string built); the lines are formatted and written in
// one write per batch, after the responses of the batch have gone out. Writing one line per request
// with console.log cost polling a third of its speed (a formatted string and a synchronous write for
// every 304).
import type { IncomingMessage } from 'node:http';

export interface LogOutput {
  write(chunk: string): unknown;
}

/** One request as the batch hands it on (to the metrics' subscriber estimates); no object per line. */
export type RequestSeen = (
  time: number,
  ip: string,
  path: string,
  status: number,
  ua: string | undefined,
) => void;

export interface RequestLogOptions {
  /** Longest time a line waits before it is written (ms). */
  flushMs?: number;
  /** Lines gathered before a write happens anyway. */
  maxLines?: number;
  /** The wall clock (ms); a request's time is when it arrived. */
  now?: () => number;
  /** Also told of every request of a batch (the metrics' subscriber estimates read them). */
  onRequest?: RequestSeen;
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
  readonly #onRequest: RequestSeen | undefined;
  readonly #flushMs: number;
  readonly #maxLines: number;
  readonly #now: () => number;
  #pending: unknown[] = [];
  #timer?: NodeJS.Timeout;

  /** `out` undefined: nothing is written, requests only go to `onRequest`. */
  constructor(out: LogOutput | undefined, options: RequestLogOptions = {}) {
    this.#out = out;
    this.#onRequest = options.onRequest;
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
      startedAt,
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
    // Arrival times were taken on the monotonic clock; the wall clock is read once per batch.
    const offset = this.#now() - performance.now();
    const out = this.#out;
    const onRequest = this.#onRequest;
    let text = '';
    let lastMs = -1;
    let lastTime = '';
    for (let i = 0; i < fields.length; i += FIELDS) {
      const ms = Math.floor((fields[i] as number) + offset);
      if (ms !== lastMs) {
        lastMs = ms;
        lastTime = new Date(ms).toISOString();
      }
      const ip = fields[i + 1] as string;
      const path = (fields[i + 3] as string | undefined) ?? '';
      const status = fields[i + 4] as number;
      const ua = fields[i + 7] as string | undefined;
      onRequest?.(ms, ip, path, status, ua);
      if (!out) continue;
      // The line built by hand in the field order of RequestLogLine; every string a client sent
      // goes through JSON.stringify, which escapes it.
      let line = `{"time":"${lastTime}","ip":${JSON.stringify(ip)},"method":${JSON.stringify(fields[i + 2] ?? '')},"path":${JSON.stringify(path)},"status":${status},"bytes":${fields[i + 5]},"ms":${Math.round((fields[i + 6] as number) * 1000) / 1000}`;
      if (typeof ua === 'string') line += `,"ua":${JSON.stringify(ua)}`;
      const inm = fields[i + 8];
      if (typeof inm === 'string') line += `,"ifNoneMatch":${JSON.stringify(inm)}`;
      const ims = fields[i + 9];
      if (typeof ims === 'string') line += `,"ifModifiedSince":${JSON.stringify(ims)}`;
      const lm = fields[i + 10];
      if (typeof lm === 'string') line += `,"lastModified":${JSON.stringify(lm)}`;
      text += `${line}}\n`;
    }
    out?.write(text);
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
