import type { IncomingHttpHeaders } from 'node:http';

/**
 * Whether a conditional GET/HEAD can be answered with 304 Not Modified (RFC 9110 §13.1–13.2).
 * If-None-Match decides when present (a client sending both headers gets the ETag's answer, §13.1.3),
 * compared weakly against every ETag this resource has had in any encoding, since a client may hold
 * the tag of the gzip variant and ask again for br. If-Modified-Since is only read without it.
 */
export function isNotModified(headers: IncomingHttpHeaders, etags: readonly string[], lastModified: Date): boolean {
  const ifNoneMatch = headers['if-none-match'];
  if (ifNoneMatch !== undefined) return matchesAny(ifNoneMatch, etags);
  const ifModifiedSince = headers['if-modified-since'];
  if (ifModifiedSince === undefined) return false;
  const since = Date.parse(ifModifiedSince);
  return !Number.isNaN(since) && lastModified.getTime() <= since;
}

function matchesAny(header: string, etags: readonly string[]): boolean {
  if (header.trim() === '*') return true;
  for (const raw of header.split(',')) {
    const tag = raw.trim().replace(/^W\//, '');
    if (etags.includes(tag)) return true;
  }
  return false;
}
