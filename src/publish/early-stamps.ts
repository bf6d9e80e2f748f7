// The stamps of the article files, taken on another thread while a starting server loads its modules
// and reads the article cache: at 10,000 files, examining every file took 0.1–0.2 s of the start's
// own thread before its first feed. The article cache takes them instead of examining each file
// itself (see ArticleCacheOptions.stamps). They are taken before the folder is watched: a file
// changed in between is read as it is now under its earlier stamp, and the folder's rescan, which
// compares every entry with the stamp it was read under, reads it again a few seconds later, as it
// does for any change the watcher missed.
import type { FileStamp } from '../content/file-stamp.ts';
import { oneShotWorker } from '../one-shot-worker.ts';
import { workerEntry } from '../worker-entry.ts';

/** The stamp of every article file in `folder` by name; undefined when they could not be taken. */
export function stampArticleFiles(folder: string): Promise<Map<string, FileStamp> | undefined> {
  // Never keeps a command from exiting; a thread that fails leaves every file to be examined as usual.
  return oneShotWorker(workerEntry(import.meta.url, 'stamp-worker'), { folder }, { unref: true });
}
