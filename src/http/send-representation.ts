import type { IncomingMessage, ServerResponse } from 'node:http';
import Negotiator from 'negotiator';
import { attached, memo } from '../memory.ts';
import type { Encoding, RenderedSite, Representation, SiteSettings } from '../model.ts';
import { cacheControl, negotiatedPath, securityHeaders, vary } from '../render/response-headers.ts';
import { rangeAsked } from './byte-range.ts';
import { isNotModified } from './conditional.ts';
import { sendMediaFile } from './send-media-file.ts';

export const MAX_URL_LENGTH = 2048;

const ENCODINGS: Encoding[] = ['br', 'gzip', 'identity'];

// Readers send a handful of distinct Accept-Encoding values; remember each answer.
const negotiated = memo<string, Encoding>(
  'negotiated encodings',
  'the encoding chosen for each distinct Accept-Encoding',
  1000,
);

export function chooseEncoding(acceptEncoding: string | undefined): Encoding {
  if (acceptEncoding === undefined) return 'identity';
  let encoding = negotiated.get(acceptEncoding);
  if (encoding === undefined) {
    // negotiator 1.x takes a preference order for ties; its published types predate that option.
    const negotiator = new Negotiator({ headers: { 'accept-encoding': acceptEncoding } }) as unknown as {
      encoding(available: Encoding[], options: { preferred: Encoding[] }): string | undefined;
    };
    const choice = negotiator.encoding(ENCODINGS, { preferred: ENCODINGS });
    encoding = (choice ?? 'identity') as Encoding;
    negotiated.set(acceptEncoding, encoding);
  }
  return encoding;
}

interface Prepared {
  etags: readonly string[];
  /**
   * Until when (ms) Last-Modified is ahead of the clock; 0 once the clock has passed it, after which
   * no request reads the clock for it again. Only a wall clock stepped back by more than the second
   * or so this covers could then see a Last-Modified sent a moment ahead of it.
   */
  earlyUntil: number;
  /** The headers and body for an encoding (identity when it is not offered), made on first use. */
  variant(encoding: Encoding): Variant;
}

interface Variant {
  /** Flat [name, value, name, value…] lists, as `writeHead` takes them without copying. */
  full: string[];
  notModified: string[];
  /** Both lists without Last-Modified, while that is still in the future (see `sendRepresentation`). */
  early?: { full: string[]; notModified: string[] };
  body: Buffer;
}

const prepared = attached<Representation, Prepared>(
  'prepared headers',
  "a representation's header lists for each encoding (the bodies are the representation's own)",
);

// The body bytes the last `sendRepresentation` call wrote (0 for a 304 or HEAD). `writeHead` with a
// header list keeps no copy that `getHeader` could read, so the request log reads it here, right after
// the call: a number in the module instead of a WeakMap entry per response on the polling path.
let lastBodyBytes = 0;

/** Bytes of the body the last `sendRepresentation` (or `sendRendered`) call wrote; read it right after. */
export function answeredBytes(): number {
  return lastBodyBytes;
}

// Answers that finish after the request has left the front door (through Express) are looked up
// when the response finishes.
const answered = attached<ServerResponse, [Representation, number]>(
  'answered representations',
  'the representation and body bytes a response answered through Express was sent with, for the request log and the metrics',
);

/** Remembers what the last `sendRepresentation` call answered `res` with, for `answeredWith`. */
export function noteAnswer(res: ServerResponse, representation: Representation): void {
  answered.set(res, [representation, lastBodyBytes]);
}

/** The representation and body bytes noted for this response, if `noteAnswer` was called. */
export function answeredWith(res: ServerResponse): readonly [Representation, number] | undefined {
  return answered.get(res);
}

/**
 * Everything about a representation that does not depend on the request, computed on first use.
 * An encoding is compressed only when a client first asks for it.
 */
export function prepareRepresentation(representation: Representation, settings: SiteSettings): Prepared {
  let ready = prepared.get(representation);
  if (ready) return ready;
  const common: string[] = [
    'Cache-Control',
    cacheControl(settings, representation),
    'Last-Modified',
    representation.lastModified.toUTCString(),
    'Vary',
    vary(representation),
    ...Object.entries(securityHeaders(representation)).flat(),
    ...(representation.link === undefined ? [] : ['Link', representation.link]),
    ...(representation.location === undefined ? [] : ['Location', representation.location]),
  ];
  // Byte ranges (for audio and video players) are offered on bodies sent only as they are: a range
  // of a compressed variant would differ per encoding.
  if (acceptsRanges(representation)) common.push('Accept-Ranges', 'bytes');
  const variants = new Map<Encoding, Variant>();
  const lastModified = representation.lastModified.getTime();
  ready = {
    etags: representation.etags,
    earlyUntil: lastModified > Date.now() ? lastModified : 0,
    variant(wanted) {
      // Identity is always offered (the list ends with it): most pollers ask for nothing else.
      const encoding =
        wanted === 'identity' || representation.encodings.includes(wanted) ? wanted : 'identity';
      let variant = variants.get(encoding);
      if (!variant) {
        const { body, etag } = representation.encoded(encoding);
        const notModified = ['ETag', etag, ...common];
        const full = [
          'Content-Type',
          representation.mediaType,
          'Content-Length',
          String(body.length),
          ...notModified,
        ];
        if (encoding !== 'identity') full.push('Content-Encoding', encoding);
        variant = { full: full.map(flat), notModified: notModified.map(flat), body };
        variants.set(encoding, variant);
      }
      return variant;
    },
  };
  prepared.set(representation, ready);
  return ready;
}

/**
 * Answers GET or HEAD for a precomputed representation: picks the encoding, answers a conditional
 * request with 304, and otherwise writes the stored bytes. Nothing is rendered or compressed here
 * after the first request for a representation.
 */
export function sendRepresentation(
  req: IncomingMessage,
  res: ServerResponse,
  representation: Representation,
  settings: SiteSettings,
): void {
  const ready = prepareRepresentation(representation, settings);
  const wanted = chooseEncoding(req.headers['accept-encoding']);
  const variant = ready.variant(wanted);
  // Bytes that changed twice within one second get a Last-Modified a second after the previous one
  // (publish/last-modified-ledger.ts), which may be ahead of the clock for that second. RFC 9110
  // §8.8.2.1 forbids sending a future date, so until the clock gets there none is sent and
  // If-Modified-Since is not evaluated: such a reader gets the new bytes, never a wrong 304.
  let early = false;
  if (ready.earlyUntil !== 0) {
    early = ready.earlyUntil > Date.now();
    if (!early) ready.earlyUntil = 0;
  }
  if (
    representation.status === 200 &&
    isNotModified(req.headers, ready.etags, early ? undefined : representation.lastModified)
  ) {
    lastBodyBytes = 0;
    res.writeHead(304, early ? withoutLastModified(variant).notModified : variant.notModified);
    res.end();
    return;
  }
  if (representation.streamed) {
    const headers = early ? withoutLastModified(variant).notModified : variant.notModified;
    const validators = {
      etag: representation.etag,
      lastModified: early ? undefined : representation.lastModified,
      headers,
    };
    lastBodyBytes = sendMediaFile(req, res, representation.streamed, validators);
    return;
  }
  if (representation.status === 200 && req.headers.range !== undefined && acceptsRanges(representation)) {
    if (sendRange(req, res, representation, variant)) return;
  }
  const body = req.method === 'HEAD' ? undefined : variant.body;
  lastBodyBytes = body?.length ?? 0;
  res.writeHead(representation.status, early ? withoutLastModified(variant).full : variant.full);
  res.end(body);
}

/**
 * The same header text as one flat Latin-1 string. Values built by concatenation stay ropes in V8,
 * and node:http joins every header of a response into one string it writes as Latin-1: made of flat
 * one-byte strings, that join is a copy; made of ropes (or of a value V8 holds as two-byte), it is
 * walked and converted on every response. Header values are Latin-1 by definition (node:http refuses
 * anything else), so the round trip changes no character.
 */
function flat(value: string): string {
  return Buffer.from(value, 'latin1').toString('latin1');
}

function withoutLastModified(variant: Variant): { full: string[]; notModified: string[] } {
  const drop = (list: string[]) => {
    const at = list.indexOf('Last-Modified');
    return [...list.slice(0, at), ...list.slice(at + 2)];
  };
  variant.early ??= { full: drop(variant.full), notModified: drop(variant.notModified) };
  return variant.early;
}

/**
 * Answers a GET or HEAD for a path of the rendered site and returns the representation it answered
 * with, or returns undefined and leaves the request alone. The server calls it before Express and the Express app calls it first, so a
 * rendered path gets the same answer either way. It writes the precomputed header list with one
 * `writeHead` instead of going through Express's `res.send` (per-request header setting, freshness
 * check, body conversion): `npx tsx bench/send-path.ts` measured Express routing + `res.send` of the
 * same /feed.xml at 0.16× the requests per second of this path (393 vs 2,412 req/s, 10 connections,
 * one process, on a heavily loaded 2-core machine).
 */
export function sendRendered(
  req: IncomingMessage,
  res: ServerResponse,
  rendered: RenderedSite,
  settings: SiteSettings,
): Representation | undefined {
  const url = req.url ?? '/';
  if ((req.method !== 'GET' && req.method !== 'HEAD') || url.length > MAX_URL_LENGTH) return undefined;
  const query = url.indexOf('?');
  const path = query === -1 ? url : url.slice(0, query);
  const representation =
    rendered.get(negotiatedPath(path, req.headers['sec-fetch-dest'])) ?? rendered.get(path);
  if (!representation) return undefined;
  sendRepresentation(req, res, representation, settings);
  return representation;
}

function acceptsRanges(representation: Representation): boolean {
  return representation.status === 200 && representation.encodings.length === 1;
}

/**
 * Answers a `Range` request with 206 and the bytes asked for, or 416 when none of them exists
 * (RFC 9110 §14). Returns false to send the whole body instead (see `rangeAsked`).
 */
function sendRange(
  req: IncomingMessage,
  res: ServerResponse,
  representation: Representation,
  variant: Variant,
): boolean {
  const size = variant.body.length;
  const range = rangeAsked(req.headers, size, representation.etag, representation.lastModified);
  if (range.kind === 'whole') return false;
  if (range.kind === 'unsatisfiable') {
    lastBodyBytes = 0;
    res.writeHead(416, [...variant.notModified, 'Content-Range', `bytes */${size}`, 'Content-Length', '0']);
    res.end();
    return true;
  }
  const body = variant.body.subarray(range.start, range.end + 1);
  lastBodyBytes = req.method === 'HEAD' ? 0 : body.length;
  res.writeHead(206, [
    'Content-Type',
    representation.mediaType,
    'Content-Length',
    String(body.length),
    'Content-Range',
    `bytes ${range.start}-${range.end}/${size}`,
    ...variant.notModified,
  ]);
  res.end(req.method === 'HEAD' ? undefined : body);
  return true;
}
