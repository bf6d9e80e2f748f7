import { createHash } from 'node:crypto';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { Encoding, Representation } from '../model.ts';

/** What a renderer produces for one URL, before hashing and compression. */
export interface Rendered {
  mediaType: string;
  body: string | Buffer;
  lastModified: Date;
  status?: number;
}

/**
 * Wraps rendered bytes with what HTTP needs: a strong ETag derived from the bytes alone (so it is the
 * same across restarts and instances), the Last-Modified time, and compressed variants made on
 * first use and then kept. Each encoding has its own strong ETag: different bytes, different tag
 * (RFC 9110 §8.8.3).
 */
export function makeRepresentation(path: string, rendered: Rendered): Representation {
  const body = typeof rendered.body === 'string' ? Buffer.from(rendered.body, 'utf8') : rendered.body;
  const hash = createHash('sha256').update(body).digest('base64url').slice(0, 27);
  const etag = `"${hash}"`;
  const variants = new Map<Encoding, { body: Buffer; etag: string }>([['identity', { body, etag }]]);
  return {
    path,
    mediaType: rendered.mediaType,
    status: rendered.status ?? 200,
    body,
    etag,
    // HTTP dates carry whole seconds; keeping the same precision makes If-Modified-Since exact.
    lastModified: new Date(Math.floor(rendered.lastModified.getTime() / 1000) * 1000),
    encoded(encoding) {
      let variant = variants.get(encoding);
      if (!variant) {
        variant = { body: compress(body, encoding), etag: `"${hash}-${encoding}"` };
        variants.set(encoding, variant);
      }
      return variant;
    },
  };
}

export function compress(body: Buffer, encoding: Encoding): Buffer {
  if (encoding === 'gzip') return gzipSync(body, { level: 9 });
  if (encoding === 'br') {
    return brotliCompressSync(body, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: 11,
        [constants.BROTLI_PARAM_SIZE_HINT]: body.length,
        [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
      },
    });
  }
  return body;
}
