// Answers GET and HEAD for a media file too large to keep in memory (see render/media-routes.ts) by
// streaming it from disk in chunks: memory stays the same whatever the file's size and however many
// clients download it. Conditional requests were answered before (send-representation.ts) from the
// ETag of the listed version; here the file is opened, and the bytes sent are always those of the
// version whose ETag goes with them.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import type { MediaFile, OpenedMedia } from '../model.ts';
import { type RangeAnswer, rangeAsked } from './byte-range.ts';
import { isNotModified } from './conditional.ts';

/** The listed version's validators and the headers a 304 of it carries (ETag, Cache-Control…). */
export interface ListedValidators {
  etag: string;
  /** Undefined while it is still in the future (see `sendRepresentation`). */
  lastModified: Date | undefined;
  headers: readonly string[];
}

/**
 * Starts the answer and returns the body bytes it will send (for the request log), counted from the
 * listed size; the answer itself finishes asynchronously.
 */
export function sendMediaFile(
  req: IncomingMessage,
  res: ServerResponse,
  file: MediaFile,
  listed: ListedValidators,
): number {
  const range = rangeAsked(req.headers, file.size, listed.etag, listed.lastModified);
  answer(req, res, file, listed, range).catch(() => {
    // Gone between the check and the open is answered in `answer`; this is a failed read or a client
    // that went away. Headers sent: cut the connection, so the client sees an incomplete body and
    // keeps none of it (its length falls short of Content-Length).
    if (res.headersSent) res.destroy();
    else {
      res.writeHead(500, ['Content-Type', 'text/plain; charset=utf-8', 'Cache-Control', 'no-store']);
      res.end('Internal Server Error\n');
    }
  });
  if (req.method === 'HEAD' || range.kind === 'unsatisfiable') return 0;
  return range.kind === 'part' ? range.end + 1 - range.start : file.size;
}

async function answer(
  req: IncomingMessage,
  res: ServerResponse,
  file: MediaFile,
  listed: ListedValidators,
  listedRange: RangeAnswer,
): Promise<void> {
  let opened: OpenedMedia;
  try {
    opened = await file.open();
  } catch {
    // Deleted, or no longer a regular file, since the folder was listed; the watcher's next listing
    // drops it. Until then, as if it had never been there.
    res.writeHead(404, ['Content-Type', 'text/plain; charset=utf-8', 'Cache-Control', 'no-store']);
    res.end('Not Found\n');
    return;
  }
  try {
    let headers = listed.headers;
    let range = listedRange;
    const digest = opened.version === file.version ? file.digest : await opened.digest();
    if (digest !== file.digest) {
      // Replaced by other bytes since the folder was listed, and the watcher has not listed it again
      // yet: answer from the opened version under its own ETag (the digest just read), without a
      // Last-Modified, which only the ledger gives.
      const etag = `"${digest.slice(0, 27)}"`;
      headers = replacedHeaders(listed.headers, etag);
      if (isNotModified(req.headers, [etag], undefined)) {
        res.writeHead(304, headers as string[]);
        res.end();
        return;
      }
      range = rangeAsked(req.headers, opened.size, etag, undefined);
    }
    await send(req, res, opened, file.mediaType, headers, range);
  } finally {
    await opened.close();
  }
}

async function send(
  req: IncomingMessage,
  res: ServerResponse,
  opened: OpenedMedia,
  mediaType: string,
  headers: readonly string[],
  range: RangeAnswer,
): Promise<void> {
  const { size } = opened;
  if (range.kind === 'unsatisfiable') {
    res.writeHead(416, [...headers, 'Content-Range', `bytes */${size}`, 'Content-Length', '0']);
    res.end();
    return;
  }
  const [start, end] = range.kind === 'part' ? [range.start, range.end] : [0, size - 1];
  const length = end + 1 - start;
  res.writeHead(range.kind === 'part' ? 206 : 200, [
    'Content-Type',
    mediaType,
    'Content-Length',
    String(length),
    ...(range.kind === 'part' ? ['Content-Range', `bytes ${start}-${end}/${size}`] : []),
    ...headers,
  ]);
  if (req.method === 'HEAD' || length === 0) {
    res.end();
    return;
  }
  // `pipeline` waits for the client to take each chunk (backpressure) and ends the response, or
  // destroys it if a chunk cannot be read or the file changes part way.
  await pipeline(opened.chunks(start, end), res);
}

/** The listed version's headers with another ETag and no Last-Modified. */
function replacedHeaders(headers: readonly string[], etag: string): string[] {
  const replaced: string[] = [];
  for (let i = 0; i < headers.length; i += 2) {
    const name = headers[i] as string;
    if (name === 'Last-Modified') continue;
    replaced.push(name, name === 'ETag' ? etag : (headers[i + 1] as string));
  }
  return replaced;
}
