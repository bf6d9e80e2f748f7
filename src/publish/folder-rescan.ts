import { changedSince, type FileStamp, folderIdentity } from '../content/file-stamp.ts';

export interface RescanOptions {
  folder: string;
  /** The stamp of every file as it was last read (by name). */
  known: () => ReadonlyMap<string, FileStamp>;
  /** Runs `update` after the updates already queued, never alongside one. */
  enqueue: (update: () => Promise<void>) => void;
  /** Resolves once the updates queued so far are done. */
  settled: () => Promise<void>;
  /**
   * Reads the named files again: they are new, gone, or changed since they were last read. Called
   * after every scan, with no names when no article changed, so what else the folder holds (media
   * files) can be compared too.
   */
  reload: (names: string[]) => Promise<void>;
  /** The folder now at the path is another one (it was replaced): watch it instead. */
  rewatch: () => void;
  log: (line: string) => void;
  /** Milliseconds between two scans when nothing happens, at least (see `startRescan`). */
  intervalMs?: number;
  /** Milliseconds between two scans, at most, however large the folder. */
  maxIntervalMs?: number;
  /** Milliseconds after a burst of events before the scan that checks nothing was missed. */
  settleMs?: number;
  /**
   * Files named by the watch events since the last scan that make a burst (see `watched`); 1,000
   * when not given.
   */
  burstFiles?: number;
}

export interface FolderRescan {
  /**
   * Told of each batch of watch events: the files it names, and whether the folder must be listed
   * again. Once the batches since the last scan name `burstFiles` files or more (only a burst can
   * overflow the kernel's event queue), or the folder must be listed again, a scan runs `settleMs`
   * after the last batch: what the burst dropped is found a second after it instead of at the next
   * periodic scan. The batches are counted together, not one by one: the watcher hands events on
   * every few milliseconds, so a `sed -i` over 10,000 files that takes 4 s comes as batches of a
   * dozen files, of which none alone makes a burst. A writer's single edit starts no scan.
   */
  watched(files: number, relist: boolean): void;
  close(): void;
}

/** The share of the main thread the periodic scans may take. */
const SCAN_SHARE = 0.01;

/**
 * The watcher cannot be trusted alone: when the kernel's event queue overflows (16,384 events by
 * default, fewer than a `sed -i` over 10,000 files makes) the events are dropped, and libuv does not
 * report the overflow; and a folder replaced by another (as deploy tools do) is no longer the one
 * watched. So the folder's listing and every entry's stamp are compared with what was last read,
 * every `intervalMs` and `settleMs` after a large burst; what differs is read again, and a folder with
 * a new identity is watched again. Only metadata is read, but a scan of 10,000 files still takes
 * tens of milliseconds of the main thread and leaves tens of thousands of objects to collect: every
 * 3 s, that was a few per cent of what a server polled for its feeds could answer. So the pause
 * after a scan grows with the scan's own time, keeping the scans to about one per cent of the main
 * thread: 3 s for a folder of a few thousand files, up to `maxIntervalMs` for a large one. A burst
 * of events still gets its scan `settleMs` after it.
 */
export function startRescan(options: RescanOptions): FolderRescan {
  const { folder, log } = options;
  const intervalMs = options.intervalMs ?? 3000;
  const maxIntervalMs = Math.max(intervalMs, options.maxIntervalMs ?? 15_000);
  let nextMs = intervalMs;
  const settleMs = options.settleMs ?? 1000;
  const burstFiles = options.burstFiles ?? 1000;
  /** Files named by watch events since the last scan started. */
  let watchedFiles = 0;
  let closed = false;
  let identity: string | undefined;
  let settle: NodeJS.Timeout | undefined;

  let scanning = false;
  /** A scan was asked for while one ran: it runs again once that one ends. */
  let again = false;

  // The metadata is read outside the update queue: at 10,000 files it takes tens of milliseconds
  // or more on a busy machine, and an edit queued behind it would wait that long to go live. Only
  // the reading of what differs is queued. A file changed while the scan runs may be read twice,
  // which publishes nothing the second time.
  const scan = async () => {
    // What is being read now (the first reading of the whole folder, a burst) is not compared
    // half-done: that would read every file of it again.
    await options.settled();
    const now = await folderIdentity(folder);
    // Between the removal of a folder and the arrival of its replacement: the last site stays served,
    // and the update counts as failed until the folder is back.
    if (now === undefined) {
      options.enqueue(async () => {
        throw new Error(`the articles folder ${folder} is gone`);
      });
      return;
    }
    if (identity !== undefined && now !== identity) {
      log(`watch: the articles folder ${folder} was replaced; watching the new one`);
      options.rewatch();
    }
    identity = now;
    const timing = { busyMs: 0 };
    const names = await changedSince(folder, options.known(), timing);
    nextMs = Math.min(maxIntervalMs, Math.max(intervalMs, timing.busyMs / SCAN_SHARE));
    // Queued even when no article differs: the media files are compared too, and the first scan that
    // finds a missing folder again clears the failed state.
    if (closed) return;
    options.enqueue(() => options.reload(names));
  };
  // A scan asked for while one runs (a burst's, while a periodic one waits for the burst's reading
  // to settle) runs after it instead of not at all, which left the burst's dropped events to the
  // periodic scan up to `maxIntervalMs` later.
  const run = async (): Promise<void> => {
    if (closed) return;
    if (scanning) {
      again = true;
      return;
    }
    scanning = true;
    try {
      do {
        again = false;
        watchedFiles = 0;
        await scan().catch((error: unknown) =>
          log(`watch: could not compare the articles folder: ${String(error)}`),
        );
      } while (again && !closed);
    } finally {
      scanning = false;
    }
  };

  // The identity of the folder being read now, so a replacement from here on is noticed.
  void folderIdentity(folder).then((first) => {
    identity ??= first;
  });
  // Each scan is scheduled when the one before has ended, `nextMs` later.
  let timer: NodeJS.Timeout | undefined;
  const periodic = () => {
    if (closed) return;
    timer = setTimeout(() => void run().then(periodic), nextMs);
    timer.unref();
  };
  periodic();
  return {
    watched(files, relist) {
      watchedFiles += files;
      if (!relist && watchedFiles < burstFiles) return;
      clearTimeout(settle);
      settle = setTimeout(() => void run(), settleMs);
      settle.unref();
    },
    close() {
      closed = true;
      clearTimeout(timer);
      clearTimeout(settle);
    },
  };
}
