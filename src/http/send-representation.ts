import type { IncomingMessage, ServerResponse } from 'node:http';
import Negotiator from 'negotiator';
import type { Encoding, Representation, SiteSettings } from '../model.ts';
import { cacheControl, SECURITY_HEADERS } from '../render/response-headers.ts';
import { isNotModified } from './conditional.ts';

const ENCODINGS: Encoding[] = ['br', 'gzip', 'identity'];

// Readers send a handful of distinct Accept-Encoding values; remember each answer.
const negotiated = new Map<string, Encoding>();

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
    if (negotiated.size < 1000) negotiated.set(acceptEncoding, encoding);
  }
  return encoding;
}

interface Prepared {
  etags: string[];
  /** Full headers for a 200, per encoding; a 304 sends the same minus the body's. */
  /** Flat [name, value, name, value…] lists, as `writeHead` takes them without copying. */
  headers: Map<Encoding, { full: string[]; notModified: string[]; body: Buffer }>;
}

const prepared = new WeakMap<Representation, Prepared>();

// `writeHead` with a header list keeps no copy that `getHeader` could read, so the access log asks here.
const bodyBytes = new WeakMap<ServerResponse, number>();

/** Bytes of the body `sendRepresentation` wrote to this response, if it answered it. */
export function sentBodyBytes(res: ServerResponse): number | undefined {
  return bodyBytes.get(res);
}

/** Everything about a representation that does not depend on the request, computed on first use. */
export function prepareRepresentation(representation: Representation, settings: SiteSettings): Prepared {
  let ready = prepared.get(representation);
  if (ready) return ready;
  const { encodings } = representation;
  const headers: Prepared['headers'] = new Map();
  const lastModified = representation.lastModified.toUTCString();
  const common: [string, string][] = [
    ['Cache-Control', cacheControl(settings, representation)],
    ['Last-Modified', lastModified],
    ['Vary', 'Accept-Encoding'],
    ...Object.entries(SECURITY_HEADERS),
  ];
  for (const encoding of encodings) {
    const { body, etag } = representation.encoded(encoding);
    const notModified: [string, string][] = [['ETag', etag], ...common];
    const full: [string, string][] = [
      ['Content-Type', representation.mediaType],
      ['Content-Length', String(body.length)],
      ...notModified,
    ];
    if (encoding !== 'identity') full.push(['Content-Encoding', encoding]);
    headers.set(encoding, { full: full.flat(), notModified: notModified.flat(), body });
  }
  ready = { etags: encodings.map((e) => representation.encoded(e).etag), headers };
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
  const variant = ready.headers.get(wanted) ?? ready.headers.get('identity');
  if (!variant) throw new Error('a representation always has an identity variant');
  if (representation.status === 200 && isNotModified(req.headers, ready.etags, representation.lastModified)) {
    bodyBytes.set(res, 0);
    res.writeHead(304, variant.notModified);
    res.end();
    return;
  }
  const body = req.method === 'HEAD' ? undefined : variant.body;
  bodyBytes.set(res, body?.length ?? 0); // before end(): 'finish' may fire within it
  res.writeHead(representation.status, variant.full);
  res.end(body);
}
