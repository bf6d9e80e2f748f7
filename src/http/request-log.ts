// The request log: one JSON line per request, with what `herald readers` needs (client address,
// User-Agent, the validators sent, status, the Last-Modified answered). A request only stores its
// fields in columns allocated once (no object, no string built, no boxed number); the lines are
// formatted from cached parts and written in one write per batch, after the responses of the batch
// have gone out. Writing one line per request with console.log cost polling a third of its speed (a
// formatted string and a synchronous write for every 304); building each line field by field with
// JSON.stringify, a further 1.5–2 µs per request, about a tenth of a 304 (a micro-benchmark of
// `record` and `flush` on repeated polls; `npm run bench`'s "request log on" table shows the effect).
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

// The global `performance` is a lazy getter in Node: read once, not on every request.
const clock = performance;

// A batch is kept in columns allocated once: numbers in typed arrays (no boxed number per request),
// the strings a request brought in one array, seven slots per request.
const STRINGS = 7;
const IP = 0;
const METHOD = 1;
const PATH = 2;
const UA = 3;
const IF_NONE_MATCH = 4;
const IF_MODIFIED_SINCE = 5;
const LAST_MODIFIED = 6;

export class RequestLog {
  readonly #out: LogOutput | undefined;
  readonly #onRequest: RequestSeen | undefined;
  readonly #flushMs: number;
  readonly #maxLines: number;
  readonly #now: () => number;
  readonly #started: Float64Array;
  readonly #took: Float64Array;
  readonly #status: Uint16Array;
  readonly #bytes: Float64Array;
  readonly #strings: (string | undefined)[];
  readonly #lines = new LineFormat();
  #count = 0;
  #timer?: NodeJS.Timeout;
  readonly #flushLater = () => this.flush();

  /** `out` undefined: nothing is written, requests only go to `onRequest`. */
  constructor(out: LogOutput | undefined, options: RequestLogOptions = {}) {
    this.#out = out;
    this.#onRequest = options.onRequest;
    this.#flushMs = options.flushMs ?? 200;
    this.#maxLines = Math.max(1, options.maxLines ?? 512);
    this.#now = options.now ?? Date.now;
    const lines = this.#maxLines;
    this.#started = new Float64Array(lines);
    this.#took = new Float64Array(lines);
    this.#status = new Uint16Array(lines);
    this.#bytes = new Float64Array(lines);
    this.#strings = new Array<string | undefined>(lines * STRINGS).fill(undefined);
  }

  /** Records a finished request. `startedAt` is `performance.now()` when it arrived. */
  record(
    req: IncomingMessage,
    status: number,
    bytes: number,
    startedAt: number,
    lastModified: string | undefined,
  ): void {
    const i = this.#count;
    this.#started[i] = startedAt;
    this.#took[i] = clock.now() - startedAt;
    this.#status[i] = status;
    this.#bytes[i] = bytes;
    const strings = this.#strings;
    const s = i * STRINGS;
    const h = req.headers;
    strings[s + IP] = req.socket.remoteAddress;
    strings[s + METHOD] = req.method;
    strings[s + PATH] = req.url;
    strings[s + UA] = h['user-agent'];
    strings[s + IF_NONE_MATCH] = h['if-none-match'];
    strings[s + IF_MODIFIED_SINCE] = h['if-modified-since'];
    strings[s + LAST_MODIFIED] = lastModified;
    this.#count = i + 1;
    if (i + 1 >= this.#maxLines) this.flush();
    else if (this.#timer === undefined) this.#timer = setTimeout(this.#flushLater, this.#flushMs).unref();
  }

  /** Writes every line gathered so far. */
  flush(): void {
    if (this.#timer !== undefined) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
    }
    const count = this.#count;
    if (count === 0) return;
    this.#count = 0;
    // Arrival times were taken on the monotonic clock; the wall clock is read once per batch.
    const offset = this.#now() - clock.now();
    const out = this.#out;
    const onRequest = this.#onRequest;
    const strings = this.#strings;
    const lines = this.#lines;
    let text = '';
    for (let i = 0; i < count; i++) {
      const time = Math.floor((this.#started[i] as number) + offset);
      const s = i * STRINGS;
      const status = this.#status[i] as number;
      if (onRequest) {
        onRequest(time, strings[s + IP] ?? '', strings[s + PATH] ?? '', status, strings[s + UA]);
      }
      if (out)
        text += lines.format(time, strings, s, status, this.#bytes[i] as number, this.#took[i] as number);
    }
    // The strings are let go now rather than when the slots are next used (a loop: Array's fill
    // goes through the runtime, a few hundred instructions a line).
    for (let j = count * STRINGS - 1; j >= 0; j--) strings[j] = undefined;
    out?.write(text);
  }

  close(): void {
    this.flush();
  }
}

// "000Z\"" … "999Z\"": the milliseconds and the end of the time field.
const MILLIS = Array.from({ length: 1000 }, (_, ms) => `${String(ms).padStart(3, '0')}Z"`);
// "", ".001" … ".999" without trailing zeros: a duration's fraction as JavaScript writes the number.
const FRACTIONS = Array.from({ length: 1000 }, (_, f) =>
  f === 0 ? '' : `.${String(f).padStart(3, '0')}`.replace(/0+$/, ''),
);

/**
 * Builds request lines from parts made once: the time's date and second change once a second, and
 * consecutive lines mostly repeat the client and the answer (a reader's keep-alive connection, one
 * aggregator polling many feeds), so the part from "ip" to "bytes" and the part from "ua" to the end
 * are reused while their fields are the same, and each field is escaped again only when it differs
 * from the line before's. Every string a client sent goes through JSON.stringify, which escapes it.
 */
export class LineFormat {
  #second = Number.NaN;
  #timePrefix = '';
  /** Each string field of the line before, and its JSON text. */
  readonly #last: (string | undefined)[] = new Array<string | undefined>(STRINGS).fill(undefined);
  readonly #json: string[] = new Array<string>(STRINGS).fill('');
  #lastStatus = -1;
  #lastBytes = -1;
  #middle = '';
  #end = '';
  /** Whether `#middle` and `#end` have been flattened (see `flat`). */
  #middleFlat = false;
  #endFlat = false;

  /**
   * The line of a request that arrived at `time` (ms since the epoch) and took `took` ms; its strings
   * are `strings[s]` to `strings[s + 6]`: address, method, path, User-Agent, If-None-Match,
   * If-Modified-Since, Last-Modified answered.
   */
  format(
    time: number,
    strings: readonly (string | undefined)[],
    s: number,
    status: number,
    bytes: number,
    took: number,
  ): string {
    const second = Math.floor(time / 1000);
    if (second !== this.#second) {
      this.#second = second;
      // "2026-03-02T10:00:00." with the line's opening
      this.#timePrefix = flat(`{"time":"${new Date(second * 1000).toISOString().slice(0, 20)}`);
    }
    const last = this.#last;
    const ip = strings[s + IP] ?? '';
    const method = strings[s + METHOD] ?? '';
    const path = strings[s + PATH] ?? '';
    if (
      ip !== last[IP] ||
      method !== last[METHOD] ||
      path !== last[PATH] ||
      status !== this.#lastStatus ||
      bytes !== this.#lastBytes
    ) {
      this.#lastStatus = status;
      this.#lastBytes = bytes;
      this.#middle = `,"ip":${this.#text(IP, ip)},"method":${this.#text(METHOD, method)},"path":${this.#text(PATH, path)},"status":${status},"bytes":${bytes},"ms":`;
      this.#middleFlat = false;
    } else if (!this.#middleFlat) {
      flat(this.#middle);
      this.#middleFlat = true;
    }
    const ua = strings[s + UA];
    const ifNoneMatch = strings[s + IF_NONE_MATCH];
    const ifModifiedSince = strings[s + IF_MODIFIED_SINCE];
    const lastModified = strings[s + LAST_MODIFIED];
    if (
      ua !== last[UA] ||
      ifNoneMatch !== last[IF_NONE_MATCH] ||
      ifModifiedSince !== last[IF_MODIFIED_SINCE] ||
      lastModified !== last[LAST_MODIFIED] ||
      this.#end === ''
    ) {
      this.#end = `${this.#field(UA, ',"ua":', ua)}${this.#field(IF_NONE_MATCH, ',"ifNoneMatch":', ifNoneMatch)}${this.#field(IF_MODIFIED_SINCE, ',"ifModifiedSince":', ifModifiedSince)}${this.#field(LAST_MODIFIED, ',"lastModified":', lastModified)}}\n`;
      this.#endFlat = false;
    } else if (!this.#endFlat) {
      flat(this.#end);
      this.#endFlat = true;
    }
    return this.#timePrefix + MILLIS[time - second * 1000] + this.#middle + milliseconds(took) + this.#end;
  }

  /** A field's JSON text, escaped again only when it differs from the line before's. */
  #text(slot: number, value: string): string {
    if (value !== this.#last[slot]) {
      this.#last[slot] = value;
      this.#json[slot] = JSON.stringify(value);
    }
    return this.#json[slot] as string;
  }

  /** `,"name":value`, or nothing for a field the request did not have. */
  #field(slot: number, name: string, value: string | undefined): string {
    if (value === undefined) {
      this.#last[slot] = undefined;
      return '';
    }
    return name + this.#text(slot, value);
  }
}

/**
 * `text`, with V8 made to flatten it now. A string built from parts (a template literal) is kept as a
 * tree of its parts, a rope, and a line made of such parts is another rope; the write of a batch
 * walks every node of every line to copy its characters. The parts reused line after line are
 * flattened once (V8 flattens a rope in place when a character is read from it), which took a
 * third of the instructions of formatting and writing a batch of repeated polls (valgrind,
 * 3,700 → 2,500 per line).
 */
function flat(text: string): string {
  // Kept, so that the optimizing compiler cannot drop the read as unused.
  flattened.first = text.charCodeAt(0);
  return text;
}
const flattened = { first: 0 };

/** `Math.round(ms * 1000) / 1000` as JavaScript writes it, from integer parts kept in tables. */
export function milliseconds(ms: number): string {
  const micros = Math.round(ms * 1000);
  if (!(micros >= 0 && micros < 1e15)) return String(micros / 1000);
  const fraction = micros % 1000;
  return `${(micros - fraction) / 1000}${FRACTIONS[fraction]}`;
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
