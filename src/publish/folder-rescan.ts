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
  /** Milliseconds between two scans when nothing happens. */
  intervalMs?: number;
  /** Milliseconds after a burst of events before the scan that checks nothing was missed. */
  settleMs?: number;
}

export interface FolderRescan {
  /** Schedules a scan `settleMs` after the last call (after a large burst of watch events). */
  afterBurst(): void;
  close(): void;
}

/**
 * The watcher cannot be trusted alone: when the kernel's event queue overflows (16,384 events by
 * default, fewer than a `sed -i` over 10,000 files makes) the events are dropped, and libuv does not
 * report the overflow; and a folder replaced by another (as deploy tools do) is no longer the one
 * watched. So the folder's listing and every entry's stamp are compared with what was last read,
 * every `intervalMs` and `settleMs` after a large burst; what differs is read again, and a folder with
 * a new identity is watched again. Only metadata is read, so a scan of 10,000 files costs tens of
 * milliseconds of the thread pool.
 */
export function startRescan(options: RescanOptions): FolderRescan {
  const { folder, log } = options;
  const intervalMs = options.intervalMs ?? 3000;
  const settleMs = options.settleMs ?? 1000;
  let closed = false;
  let identity: string | undefined;
  let settle: NodeJS.Timeout | undefined;

  let scanning = false;

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
    const names = await changedSince(folder, options.known());
    // Queued even when no article differs: the media files are compared too, and the first scan that
    // finds a missing folder again clears the failed state.
    if (closed) return;
    options.enqueue(() => options.reload(names));
  };
  const run = () => {
    if (closed || scanning) return;
    scanning = true;
    scan()
      .catch((error: unknown) => log(`watch: could not compare the articles folder: ${String(error)}`))
      .finally(() => {
        scanning = false;
      });
  };

  // The identity of the folder being read now, so a replacement from here on is noticed.
  void folderIdentity(folder).then((first) => {
    identity ??= first;
  });
  const timer = setInterval(run, intervalMs);
  timer.unref();
  return {
    afterBurst() {
      clearTimeout(settle);
      settle = setTimeout(run, settleMs);
      settle.unref();
    },
    close() {
      closed = true;
      clearInterval(timer);
      clearTimeout(settle);
    },
  };
}
