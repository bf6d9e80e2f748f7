import { type FSWatcher, watch } from 'node:fs';
import { join } from 'node:path';
import { isArticleFileName } from '../content/file-name.ts';

export interface FolderWatch {
  /**
   * Watches these subfolders (paths inside the folder) too, and no others: media files live in them.
   * Each is watched on its own, not with `recursive: true`, which Node 20 implements on Linux by
   * polling every file of the tree with `fs.watchFile` (8,800 articles made the server crawl).
   */
  watchSubfolders(paths: readonly string[]): void;
  close(): void;
}

/** Folders watched at most, each one inotify watch; beyond this, the periodic rescan still sees changes. */
const MAX_SUBFOLDERS = 500;

/**
 * Watches the articles folder with node:fs (inotify, FSEvents, ReadDirectoryChangesW), which reports
 * every write by file name, and calls `onChange` once per burst of events (`debounceMs` apart) with
 * the article file names touched. `relist` is true when the platform reported an event without a
 * name (some do, on overflow), so the whole folder must be listed again. `media` is true when
 * something other than an article changed, so the media files must be listed again. (chokidar was
 * tried first: it drops a change whose mtime equals the one before, so an edit saved right after
 * another was lost on file systems with coarse timestamps.)
 */
export function watchFolder(
  folder: string,
  debounceMs: number,
  onChange: (names: Set<string>, relist: boolean, media: boolean) => void,
  log: (line: string) => void,
): FolderWatch {
  let pending = new Set<string>();
  let relist = false;
  let media = false;
  let debounce: NodeJS.Timeout | undefined;
  let closed = false;
  const flush = () => {
    clearTimeout(debounce);
    debounce = setTimeout(() => {
      const names = pending;
      const all = relist;
      const relistMedia = media;
      pending = new Set();
      relist = false;
      media = false;
      onChange(names, all, relistMedia);
    }, debounceMs);
  };
  const watcher: FSWatcher = watch(folder, (_event, filename) => {
    if (closed) return;
    const name = filename?.toString();
    // A named event is enough: reloading a name that is gone is its deletion. Anything but an
    // article may be a media file or a folder of them: the media files are listed again (no file is read).
    if (name === undefined) {
      relist = true;
      media = true;
    } else if (!isArticleFileName(name)) media = true;
    else pending.add(name);
    flush();
  });
  watcher.on('error', (error) => log(`watch: ${error.message}`));
  const subfolders = new Map<string, FSWatcher>();
  return {
    watchSubfolders(paths) {
      if (closed) return;
      const wanted = new Set(paths.slice(0, MAX_SUBFOLDERS));
      for (const [path, sub] of subfolders) {
        if (!wanted.has(path)) {
          sub.close();
          subfolders.delete(path);
        }
      }
      for (const path of wanted) {
        if (subfolders.has(path)) continue;
        try {
          const sub = watch(join(folder, path), () => {
            if (closed) return;
            media = true;
            flush();
          });
          // A subfolder deleted while watched: the next listing forgets it.
          sub.on('error', () => {});
          subfolders.set(path, sub);
        } catch {
          // Gone since it was listed.
        }
      }
    },
    close() {
      closed = true;
      clearTimeout(debounce);
      watcher.close();
      for (const sub of subfolders.values()) sub.close();
      subfolders.clear();
    },
  };
}
