import { type FSWatcher, watch } from 'node:fs';
import { isArticleFileName } from '../content/file-name.ts';

export interface FolderWatch {
  close(): void;
}

/**
 * Watches the articles folder with node:fs (inotify, FSEvents, ReadDirectoryChangesW), which reports
 * every write by file name, and calls `onChange` once per burst of events (`debounceMs` apart) with
 * the article file names touched. `relist` is true when the platform reported an event without a
 * name (some do, on overflow), so the whole folder must be listed again. (chokidar was tried first:
 * it drops a change whose mtime equals the one before, so an edit saved right after another was lost
 * on file systems with coarse timestamps.)
 */
export function watchFolder(
  folder: string,
  debounceMs: number,
  onChange: (names: Set<string>, relist: boolean) => void,
  log: (line: string) => void,
): FolderWatch {
  let pending = new Set<string>();
  let relist = false;
  let debounce: NodeJS.Timeout | undefined;
  let closed = false;
  const watcher: FSWatcher = watch(folder, (_event, filename) => {
    if (closed) return;
    const name = filename?.toString();
    // A named event is enough: reloading a name that is gone is its deletion.
    if (name === undefined) relist = true;
    else if (!isArticleFileName(name)) return;
    else pending.add(name);
    clearTimeout(debounce);
    debounce = setTimeout(() => {
      const names = pending;
      const all = relist;
      pending = new Set();
      relist = false;
      onChange(names, all);
    }, debounceMs);
  });
  watcher.on('error', (error) => log(`watch: ${error.message}`));
  return {
    close() {
      closed = true;
      clearTimeout(debounce);
      watcher.close();
    },
  };
}
