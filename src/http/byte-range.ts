// Which bytes a `Range` request asks for (RFC 9110 §14), for bodies in memory and streamed files alike.
import type { IncomingHttpHeaders } from 'node:http';
import parseRange from 'range-parser';

export type RangeAnswer =
  /** Send the whole body with 200: no Range, a malformed one, several ranges or an If-Range mismatch. */
  | { kind: 'whole' }
  /** 416: no byte asked for exists. */
  | { kind: 'unsatisfiable' }
  /** 206 with bytes `start` to `end`, inclusive. */
  | { kind: 'part'; start: number; end: number };

/**
 * A server may ignore Range, so several ranges (players ask for one) get the whole body instead of a
 * multipart answer. `lastModified` undefined: an If-Range date never matches.
 */
export function rangeAsked(
  headers: IncomingHttpHeaders,
  size: number,
  etag: string,
  lastModified: Date | undefined,
): RangeAnswer {
  if (headers.range === undefined) return { kind: 'whole' };
  const ifRange = headers['if-range'];
  // §13.1.5: an entity tag must match strongly; a date only when it equals Last-Modified exactly.
  if (ifRange !== undefined && ifRange !== etag && ifRange !== lastModified?.toUTCString()) {
    return { kind: 'whole' };
  }
  const ranges = parseRange(size, headers.range, { combine: true });
  if (ranges === -2) return { kind: 'whole' };
  if (ranges === -1) return { kind: 'unsatisfiable' };
  const [range] = ranges;
  if (ranges.type !== 'bytes' || ranges.length !== 1 || range === undefined) return { kind: 'whole' };
  return { kind: 'part', start: range.start, end: range.end };
}
