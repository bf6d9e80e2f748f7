import { hash as digestOf } from 'node:crypto';
import { promisify } from 'node:util';
import { brotliCompress, brotliCompressSync, constants, gzip, gzipSync } from 'node:zlib';
import type { Encoding, MediaFile, Representation } from '../model.ts';

/** Bodies this small are sent as they are: compressing them saves nothing worth a header. */
export const MIN_COMPRESS_BYTES = 256;

const ALL_ENCODINGS: readonly Encoding[] = ['br', 'gzip', 'identity'];
const IDENTITY_ONLY: readonly Encoding[] = ['identity'];

/**
 * Brotli quality 5: about ten times faster than the maximum (11) for 10–15% larger bodies, so an
 * edit can re-render and recompress the hot feeds within milliseconds; still smaller than gzip -9.
 */
const BROTLI_QUALITY = 5;

/** What a renderer produces for one URL, before hashing and compression. */
export interface Rendered {
  mediaType: string;
  body: string | Buffer;
  lastModified: Date;
  status?: number;
  /** The HTTP `Link` header value, if any. */
  link?: string;
  /** False for bytes compressed already (images, audio, video): only identity is offered. */
  compressible?: boolean;
  /** The `Location` of a redirect, an absolute URL. */
  location?: string;
  /** A media file streamed from disk instead of a body (see `Representation.streamed`). */
  streamed?: MediaFile;
}

/** Says when the bytes with this ETag appeared at this path (see publish/last-modified-ledger.ts). */
export type StampLastModified = (path: string, etag: string) => Date;

/**
 * Wraps rendered bytes with what HTTP needs: a strong ETag derived from the bytes alone (so it is the
 * same across restarts and instances), the Last-Modified time, and compressed variants made on
 * first use and then kept. Each encoding has its own strong ETag: different bytes, different tag
 * (RFC 9110 §8.8.3). With `stamp`, Last-Modified is when these bytes appeared at the path; without
 * it (`herald check`, renderer tests), the renderer's own date.
 */
export function makeRepresentation(
  path: string,
  rendered: Rendered,
  stamp?: StampLastModified,
): Representation {
  const body = typeof rendered.body === 'string' ? Buffer.from(rendered.body, 'utf8') : rendered.body;
  // A streamed file's digest is the SHA-256 of its bytes too, so its ETag is the one its bytes would
  // give as a body: the same whether a file is streamed or kept in memory.
  const hash = (rendered.streamed?.digest ?? digestOf('sha256', body, 'base64url')).slice(0, 27);
  const etag = `"${hash}"`;
  const variants = new Map<Encoding, { body: Buffer; etag: string }>([['identity', { body, etag }]]);
  const encodings =
    rendered.compressible !== false && !rendered.streamed && body.length >= MIN_COMPRESS_BYTES
      ? ALL_ENCODINGS
      : IDENTITY_ONLY;
  const etagOf = (encoding: Encoding) => (encoding === 'identity' ? etag : `"${hash}-${encoding}"`);
  return {
    path,
    mediaType: rendered.mediaType,
    status: rendered.status ?? 200,
    body,
    etag,
    // HTTP dates carry whole seconds; keeping the same precision makes If-Modified-Since exact.
    lastModified: new Date(
      Math.floor((stamp ? stamp(path, etag) : rendered.lastModified).getTime() / 1000) * 1000,
    ),
    encodings,
    etags: encodings.map(etagOf),
    ...(rendered.link === undefined ? {} : { link: rendered.link }),
    ...(rendered.location === undefined ? {} : { location: rendered.location }),
    ...(rendered.streamed === undefined ? {} : { streamed: rendered.streamed }),
    encoded(encoding) {
      let variant = variants.get(encoding);
      if (!variant) {
        variant = { body: compress(body, encoding), etag: etagOf(encoding) };
        variants.set(encoding, variant);
      }
      return variant;
    },
    async precompress() {
      await Promise.all(
        encodings.map(async (encoding) => {
          if (encoding === 'identity' || variants.has(encoding)) return;
          const compressed = await compressInBackground(body, encoding);
          if (!variants.has(encoding)) variants.set(encoding, { body: compressed, etag: etagOf(encoding) });
        }),
      );
    },
  };
}

const gzipInBackground = promisify(gzip);
const brotliInBackground = promisify(brotliCompress);

/** The bytes `compress` gives, made in zlib's thread pool. */
function compressInBackground(body: Buffer, encoding: Encoding): Promise<Buffer> {
  if (encoding === 'gzip') return gzipInBackground(body, GZIP_OPTIONS);
  if (encoding === 'br') return brotliInBackground(body, brotliOptions(body));
  return Promise.resolve(body);
}

const GZIP_OPTIONS = { level: 9 };

function brotliOptions(body: Buffer) {
  return {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY,
      [constants.BROTLI_PARAM_SIZE_HINT]: body.length,
      [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
    },
  };
}

export function compress(body: Buffer, encoding: Encoding): Buffer {
  if (encoding === 'gzip') return gzipSync(body, GZIP_OPTIONS);
  if (encoding === 'br') return brotliCompressSync(body, brotliOptions(body));
  return body;
}
