import type { IncomingHttpHeaders } from 'node:http';

/**
 * Whether a conditional GET/HEAD can be answered with 304 Not Modified (RFC 9110 §13.1–13.2).
 * If-None-Match decides when present (a client sending both headers gets the ETag's answer, §13.1.3),
 * compared weakly against every ETag this resource has had in any encoding, since a client may hold
 * the tag of the gzip variant and ask again for br. If-Modified-Since is only read without it.
 */
export function isNotModified(
  headers: IncomingHttpHeaders,
  etags: readonly string[],
  lastModified: Date | undefined,
): boolean {
  const ifNoneMatch = headers['if-none-match'];
  if (ifNoneMatch !== undefined) return matchesAny(ifNoneMatch, etags);
  const ifModifiedSince = headers['if-modified-since'];
  if (ifModifiedSince === undefined || lastModified === undefined) return false;
  const since = parseHttpDate(ifModifiedSince);
  return since !== undefined && lastModified.getTime() <= since;
}

function matchesAny(header: string, etags: readonly string[]): boolean {
  // The common case, a reader sending back the one tag it was given, needs no parsing.
  if (etags.includes(header)) return true;
  if (header.trim() === '*') return true;
  for (const raw of header.split(',')) {
    const tag = raw.trim().replace(/^W\//, '');
    if (etags.includes(tag)) return true;
  }
  return false;
}

// The three forms of HTTP-date (RFC 9110 §5.6.7): IMF-fixdate, and the obsolete RFC 850 and asctime forms.
const IMF_FIXDATE = /^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/;
const RFC_850 = /^[A-Z][a-z]{5,8}, \d{2}-[A-Z][a-z]{2}-\d{2} \d{2}:\d{2}:\d{2} GMT$/;
const ASCTIME = /^[A-Z][a-z]{2} [A-Z][a-z]{2} [ \d]\d \d{2}:\d{2}:\d{2} \d{4}$/;

/**
 * Milliseconds of an HTTP-date, or undefined for anything else: a recipient must ignore an
 * If-Modified-Since that is not a valid HTTP-date (§13.1.3), and `Date.parse` alone would read
 * `3000` as the year 3000 and answer 304 forever.
 */
export function parseHttpDate(value: string): number | undefined {
  const text = value.trim();
  let ms: number;
  if (IMF_FIXDATE.test(text) || RFC_850.test(text)) ms = Date.parse(text);
  else if (ASCTIME.test(text))
    ms = Date.parse(`${text} GMT`); // asctime carries no zone: it is UTC
  else return undefined;
  return Number.isNaN(ms) ? undefined : ms;
}
