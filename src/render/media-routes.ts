// Media files (images, audio, video, PDFs) from the articles folder, published with the articles.
import type { MediaFile, Site } from '../model.ts';
import { mediaPath } from '../site/paths.ts';
import type { Rendered } from './representation.ts';
import type { Route } from './route.ts';

// Where media files are served, for the consumers of the rendered site (the export's host recipes),
// which do not reach into the site model themselves.
export { MEDIA_TYPES } from '../content/media-types.ts';
export { isMediaPath, MEDIA_PREFIX } from '../site/paths.ts';

/** One route per media file found when the folder was listed: never a lookup by request path. */
export function mediaRoutes(site: Site): Route[] {
  // The inputs name the file's bytes (their digest, taken when the folder was listed): a file saved
  // again with the same bytes keeps its representation, one with other bytes is read again.
  return [...site.media.values()].map(
    (file): Route => [
      mediaPath(file.name),
      () => renderMediaFile(file),
      { key: `media ${file.name} ${file.digest}`, articles: [] },
    ],
  );
}

/**
 * Files larger than this are streamed from disk on every request instead of being read into memory:
 * one would take an eighth of the rendered pages' memory budget (render-site.ts), and an episode of
 * 100 MB read whole per request made the server's memory grow with each listener.
 */
export const STREAMED_MEDIA_BYTES = 4 * 1024 * 1024;

/** Images, audio and video are compressed already: gzip or brotli would cost time and save nothing. */
const COMPRESSED_ALREADY = /^(?:image\/(?!svg\+xml|x-icon)|audio\/|video\/|application\/pdf)/;

function renderMediaFile(file: MediaFile): Rendered {
  if (file.size > STREAMED_MEDIA_BYTES) {
    // Its ETag comes from the digest taken when the folder was listed; the server checks, as it
    // opens the file, that the version on disk is still that one.
    return { mediaType: file.mediaType, body: '', lastModified: file.modified, streamed: file };
  }
  let body: Buffer;
  try {
    body = file.read();
  } catch {
    // Gone or replaced by something that is not a regular file since the folder was listed; the
    // watcher's next listing drops it. Until then, as if it had never been there.
    return {
      mediaType: 'text/plain; charset=utf-8',
      body: 'Not Found\n',
      lastModified: file.modified,
      status: 404,
    };
  }
  return {
    mediaType: file.mediaType,
    body,
    // The file's modification time: when these bytes appeared in the folder.
    lastModified: file.modified,
    compressible: !COMPRESSED_ALREADY.test(file.mediaType),
  };
}
