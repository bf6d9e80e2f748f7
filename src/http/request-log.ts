// The request log: one JSON line per request, with what `herald readers` needs (client address,
// User-Agent, the validators sent, status, the Last-Modified answered). A request only stores its
// fields in columns allocated once (no object, no string built, no boxed number); the lines are
// formatted as bytes from cached parts and written in one write per batch, after the responses of the
// batch have gone out. Writing one line per request with console.log cost polling a third of its speed (a
// formatted string and a synchronous write for every 304); building each line field by field with
// JSON.stringify, a further 1.5–2 µs per request, about a tenth of a 304 (a micro-benchmark of
// `record` and `flush` on repeated polls; `npm run bench`'s "request log on" table shows the effect).
import type { IncomingMessage } from 'node:http';

export interface LogOutput {
  write(chunk: string): unknown;
  /**
   * The same text as UTF-8 bytes, when the output takes them (no string is made then). The bytes are
   * only valid during the call: they are overwritten by the next batch.
   */
  writeBytes?(bytes: Uint8Array): unknown;
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
  /** The strings of the request before, by slot (see `#same`). */
  readonly #previous: (string | undefined)[] = new Array<string | undefined>(STRINGS).fill(undefined);
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
    strings[s + PATH] = this.#same(PATH, req.url);
    strings[s + UA] = this.#same(UA, h['user-agent']);
    strings[s + IF_NONE_MATCH] = this.#same(IF_NONE_MATCH, h['if-none-match']);
    strings[s + IF_MODIFIED_SINCE] = h['if-modified-since'];
    strings[s + LAST_MODIFIED] = lastModified;
    this.#count = i + 1;
    if (i + 1 >= this.#maxLines) this.flush();
    else if (this.#timer === undefined) this.#timer = setTimeout(this.#flushLater, this.#flushMs).unref();
  }

  /**
   * `value`, or the equal string the request before brought. Each request's headers are new strings;
   * a poller sends the same ones every time, and keeping the first of them lets the others die young,
   * and makes every later comparison (the line format's, the estimates' map lookups, which hash a
   * string once) one of the same string.
   */
  #same(slot: number, value: string | undefined): string | undefined {
    const before = this.#previous[slot];
    if (value === before) return before;
    this.#previous[slot] = value;
    return value;
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
    for (let i = 0; i < count; i++) {
      const time = Math.floor((this.#started[i] as number) + offset);
      const s = i * STRINGS;
      const status = this.#status[i] as number;
      if (onRequest) {
        onRequest(time, strings[s + IP] ?? '', strings[s + PATH] ?? '', status, strings[s + UA]);
      }
      if (out) lines.format(time, strings, s, status, this.#bytes[i] as number, this.#took[i] as number);
    }
    // The strings are let go now rather than when the slots are next used (a loop: Array's fill
    // goes through the runtime, a few hundred instructions a line).
    for (let j = count * STRINGS - 1; j >= 0; j--) strings[j] = undefined;
    if (!out) return;
    const bytes = lines.take();
    if (out.writeBytes) out.writeBytes(bytes);
    else out.write(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('utf8'));
  }

  close(): void {
    this.flush();
  }
}

// "", ".001" … ".999" without trailing zeros: a duration's fraction as JavaScript writes the number.
const FRACTIONS = Array.from({ length: 1000 }, (_, f) =>
  f === 0 ? '' : `.${String(f).padStart(3, '0')}`.replace(/0+$/, ''),
);

const QUOTE = 0x22;
const ZERO = 0x30;
const DOT = 0x2e;
const Z = 0x5a;
/** Bytes a batch's buffer starts with, and goes back to after a batch of unusually long lines. */
const BATCH_BYTES = 64 * 1024;

/**
 * Builds request lines as UTF-8 bytes, in a buffer allocated once, from parts encoded once: the
 * time's date and second change once a second, and consecutive lines mostly repeat the client and
 * the answer (a reader's keep-alive connection, one aggregator polling many feeds), so the part from
 * "ip" to "ms" and the part from "ua" to the end are kept as bytes while their fields are the same,
 * and each field is escaped again only when it differs from the line before's. Every string a client
 * sent goes through JSON.stringify, which escapes it. The digits that change on every line (the
 * arrival's milliseconds, the duration) are written in place.
 *
 * Why bytes and not strings: a line built from string parts is a tree of its parts in V8 (a rope), and
 * a batch of such lines a deeper one; writing the batch made V8 copy every node into one flat string,
 * then encode that to UTF-8: 1.7–2.0 µs a line of the 1.9–2.4 µs that formatting and writing a line
 * cost (a micro-benchmark of 200,000 logged 304s), where copying the parts' bytes costs a few tens of
 * nanoseconds.
 */
export class LineFormat {
  #second = Number.NaN;
  #timePrefix: Uint8Array = new Uint8Array(0);
  /** Each string field of the line before, and its JSON text. */
  readonly #last: (string | undefined)[] = new Array<string | undefined>(STRINGS).fill(undefined);
  readonly #json: string[] = new Array<string>(STRINGS).fill('');
  #lastStatus = -1;
  #lastBytes = -1;
  #middle: Uint8Array = new Uint8Array(0);
  #end: Uint8Array | undefined;
  #buffer = Buffer.allocUnsafe(BATCH_BYTES);
  #length = 0;

  /**
   * Appends the line of a request that arrived at `time` (ms since the epoch) and took `took` ms; its
   * strings are `strings[s]` to `strings[s + 6]`: address, method, path, User-Agent, If-None-Match,
   * If-Modified-Since, Last-Modified answered.
   */
  format(
    time: number,
    strings: readonly (string | undefined)[],
    s: number,
    status: number,
    bytes: number,
    took: number,
  ): void {
    const second = Math.floor(time / 1000);
    if (second !== this.#second) {
      this.#second = second;
      // "2026-03-02T10:00:00." with the line's opening
      this.#timePrefix = Buffer.from(`{"time":"${new Date(second * 1000).toISOString().slice(0, 20)}`);
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
      this.#middle = Buffer.from(
        `,"ip":${this.#text(IP, ip)},"method":${this.#text(METHOD, method)},"path":${this.#text(PATH, path)},"status":${status},"bytes":${bytes},"ms":`,
      );
    }
    const ua = strings[s + UA];
    const ifNoneMatch = strings[s + IF_NONE_MATCH];
    const ifModifiedSince = strings[s + IF_MODIFIED_SINCE];
    const lastModified = strings[s + LAST_MODIFIED];
    let end = this.#end;
    if (
      end === undefined ||
      ua !== last[UA] ||
      ifNoneMatch !== last[IF_NONE_MATCH] ||
      ifModifiedSince !== last[IF_MODIFIED_SINCE] ||
      lastModified !== last[LAST_MODIFIED]
    ) {
      end = Buffer.from(
        `${this.#field(UA, ',"ua":', ua)}${this.#field(IF_NONE_MATCH, ',"ifNoneMatch":', ifNoneMatch)}${this.#field(IF_MODIFIED_SINCE, ',"ifModifiedSince":', ifModifiedSince)}${this.#field(LAST_MODIFIED, ',"lastModified":', lastModified)}}\n`,
      );
      this.#end = end;
    }
    const prefix = this.#timePrefix;
    const middle = this.#middle;
    // The prefix, five bytes of milliseconds, the middle, the duration (at most 24 bytes, as
    // "-1.7976931348623157e+308"), and the end.
    let at = this.#room(prefix.length + middle.length + end.length + 40);
    const buffer = this.#buffer;
    buffer.set(prefix, at);
    at += prefix.length;
    const ms = time - second * 1000;
    buffer[at] = ZERO + Math.floor(ms / 100);
    buffer[at + 1] = ZERO + (Math.floor(ms / 10) % 10);
    buffer[at + 2] = ZERO + (ms % 10);
    buffer[at + 3] = Z;
    buffer[at + 4] = QUOTE;
    at += 5;
    buffer.set(middle, at);
    at = writeMilliseconds(buffer, at + middle.length, took);
    buffer.set(end, at);
    this.#length = at + end.length;
  }

  /** The bytes of every line formatted since the last call; valid until the next `format`. */
  take(): Uint8Array {
    const bytes = this.#buffer.subarray(0, this.#length);
    this.#length = 0;
    // A batch of unusually long lines (User-Agents of kilobytes) does not keep its buffer.
    if (this.#buffer.length > 16 * BATCH_BYTES) this.#buffer = Buffer.allocUnsafe(BATCH_BYTES);
    return bytes;
  }

  /** Where `bytes` more can be written, the buffer grown (contents kept) when it has no room. */
  #room(bytes: number): number {
    const at = this.#length;
    if (at + bytes > this.#buffer.length) {
      const bigger = Buffer.allocUnsafe(Math.max(2 * this.#buffer.length, at + bytes));
      this.#buffer.copy(bigger, 0, 0, at);
      this.#buffer = bigger;
    }
    return at;
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
 * Writes `milliseconds(ms)` as ASCII at `at` (at most 21 bytes), returning where it ends: the digits
 * written in place, without making the string.
 */
function writeMilliseconds(buffer: Buffer, at: number, ms: number): number {
  const micros = Math.round(ms * 1000);
  if (!(micros >= 0 && micros < 1e15)) return at + buffer.write(String(micros / 1000), at, 'latin1');
  const fraction = micros % 1000;
  let whole = (micros - fraction) / 1000;
  let digits = 1;
  for (let power = 10; power <= whole; power *= 10) digits++;
  const end = at + digits;
  for (let i = end - 1; i >= at; i--) {
    buffer[i] = ZERO + (whole % 10);
    whole = Math.floor(whole / 10);
  }
  if (fraction === 0) return end;
  // ".5", ".05", ".005", ".12": the fraction's three digits without trailing zeros.
  const tenths = Math.floor(fraction / 100);
  const hundredths = Math.floor(fraction / 10) % 10;
  const thousandths = fraction % 10;
  buffer[end] = DOT;
  buffer[end + 1] = ZERO + tenths;
  if (hundredths === 0 && thousandths === 0) return end + 2;
  buffer[end + 2] = ZERO + hundredths;
  if (thousandths === 0) return end + 3;
  buffer[end + 3] = ZERO + thousandths;
  return end + 4;
}

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
