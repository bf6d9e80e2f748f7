// When each URL's bytes last changed, kept between runs in the state folder, so Last-Modified means
// what RFC 9110 §8.8.2 says: it moves forward whenever a representation's bytes change, never moves
// backwards, and stays put while the bytes stay the same — across restarts of `herald serve`, across
// several instances sharing the state folder, and in the export (file mtimes).
//
// Why a ledger and not a date from the content: the newest article's date stands still for a silent
// body edit, a backdated article or a title change, and moves backwards when the newest article is
// deleted; a client that sends only If-Modified-Since then gets 304 for changed bytes. File times of
// the articles cannot say when a feed's bytes changed either (a deletion leaves no file).
//
// The ledger is an append-only log, `last-modified.tsv`: one line `<ms>\t<etag>\t<path>` per change.
// Appends with O_APPEND never interleave, so several processes can share it without a lock; every
// process reads the lines in file order and applies the same rule, so all of them agree:
//   - a line whose ETag equals the path's current one is a duplicate (another process saw the same
//     change first) and is ignored: the earliest time wins;
//   - a line with a new ETag sets the time to max(its time, previous time + 1 s), so the time moves
//     forward by at least one HTTP-date second even when clocks differ between processes.
import {
  closeSync,
  fstatSync,
  mkdirSync,
  openSync,
  readSync,
  renameSync,
  statSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { dirname, join } from 'node:path';

export const LEDGER_FILE = 'last-modified.tsv';

/** A log this many times longer than the URLs it describes is rewritten when a process opens it. */
const COMPACT_RATIO = 4;
const COMPACT_MIN_LINES = 1024;

export interface LastModifiedLedger {
  /**
   * The Last-Modified of `path` whose identity bytes have ETag `etag`: the time recorded for these
   * bytes, or, for bytes not seen before, now (and at least a second after the previous time).
   */
  stamp(path: string, etag: string): Date;
  close(): void;
}

interface Entry {
  etag: string;
  /** Whole seconds, in milliseconds: HTTP dates carry no more. */
  time: number;
}

/** Opens (creating it if needed) the ledger in `stateDir`. */
export function openLedger(stateDir: string, clock: () => Date = () => new Date()): LastModifiedLedger {
  mkdirSync(stateDir, { recursive: true });
  return new FileLedger(join(stateDir, LEDGER_FILE), clock);
}

class FileLedger implements LastModifiedLedger {
  readonly #file: string;
  readonly #clock: () => Date;
  readonly #entries = new Map<string, Entry>();
  #fd = -1;
  #inode = -1;
  #offset = 0;
  #partial = '';
  #lines = 0;

  constructor(file: string, clock: () => Date) {
    this.#file = file;
    this.#clock = clock;
    this.#open();
    this.#catchUp();
    if (this.#lines > COMPACT_MIN_LINES && this.#lines > COMPACT_RATIO * this.#entries.size) this.#compact();
  }

  stamp(path: string, etag: string): Date {
    try {
      return this.#stamp(path, etag);
    } catch {
      // The state folder cannot be written (full disk, permissions): the page is still served, with a
      // time that is later than any recorded for it, so no reader gets a wrong 304; it just is not kept.
      const known = this.#entries.get(path);
      if (known?.etag === etag) return new Date(known.time);
      const now = Math.floor(this.#clock().getTime() / 1000) * 1000;
      const time = known ? Math.max(now, known.time + 1000) : now;
      this.#entries.set(path, { etag, time });
      return new Date(time);
    }
  }

  #stamp(path: string, etag: string): Date {
    // A site rendered lazily may still be asked for a path after its publisher closed (the export
    // writes every path after reading the folder): the log is opened again and read on from where
    // this process left it (the whole log again was a few hundredths of a second at 10,000 articles).
    if (this.#fd < 0) this.#reopen();
    this.#catchUp();
    const known = this.#entries.get(path);
    if (known?.etag === etag) return new Date(known.time);
    const now = Math.floor(this.#clock().getTime() / 1000) * 1000;
    const time = known ? Math.max(now, known.time + 1000) : now;
    writeSync(this.#fd, `${time}\t${etag}\t${path}\n`);
    // Read back everything up to and including our line: if another process recorded the same bytes
    // first, its (earlier) time is the one every process uses.
    this.#catchUp();
    const agreed = this.#entries.get(path);
    return new Date(agreed?.etag === etag ? agreed.time : time);
  }

  close(): void {
    const fd = this.#fd;
    this.#fd = -1;
    if (fd >= 0) closeSync(fd);
  }

  /** Opens the log again after `close`: read from the start only if it is another file by now. */
  #reopen(): void {
    mkdirSync(dirname(this.#file), { recursive: true });
    const fd = openSync(this.#file, 'a+');
    if (this.#inode >= 0 && fstatSync(fd).ino === this.#inode) {
      this.#fd = fd;
      return;
    }
    closeSync(fd);
    this.#open();
  }

  #open(): void {
    if (this.#fd >= 0) closeSync(this.#fd);
    this.#fd = -1;
    // The state folder may have been removed while Herald runs: it is made again.
    mkdirSync(dirname(this.#file), { recursive: true });
    this.#fd = openSync(this.#file, 'a+');
    this.#inode = fstatSync(this.#fd).ino;
    this.#offset = 0;
    this.#partial = '';
    this.#lines = 0;
    this.#entries.clear();
  }

  /** Applies the lines other processes (or this one) appended since the last read. */
  #catchUp(): void {
    // Another process compacted the log (a new file under the same name): read that one from the start.
    const current = statSync(this.#file, { throwIfNoEntry: false });
    if (!current || current.ino !== this.#inode) this.#open();
    const size = fstatSync(this.#fd).size;
    if (size <= this.#offset) return;
    const buffer = Buffer.alloc(size - this.#offset);
    let read = 0;
    while (read < buffer.length) {
      const n = readSync(this.#fd, buffer, read, buffer.length - read, this.#offset + read);
      if (n === 0) break;
      read += n;
    }
    this.#offset += read;
    const lines = (this.#partial + buffer.subarray(0, read).toString('utf8')).split('\n');
    this.#partial = lines.pop() ?? '';
    for (const line of lines) this.#apply(line);
  }

  #apply(line: string): void {
    // Cut at the first two tabs, not split: tens of thousands of lines are read by every build.
    const first = line.indexOf('\t');
    const second = first < 0 ? -1 : line.indexOf('\t', first + 1);
    const ms = first <= 0 ? Number.NaN : Number(line.slice(0, first));
    // A torn or foreign line is skipped: the worst outcome is a Last-Modified that is later than needed.
    if (second < 0 || !Number.isFinite(ms)) return;
    const etag = line.slice(first + 1, second);
    const third = line.indexOf('\t', second + 1);
    const path = line.slice(second + 1, third < 0 ? line.length : third);
    this.#lines += 1;
    const known = this.#entries.get(path);
    if (known?.etag === etag) return;
    this.#entries.set(path, { etag, time: known ? Math.max(ms, known.time + 1000) : ms });
  }

  /** Rewrites the log with one line per URL, then swaps it in (rename is atomic). */
  #compact(): void {
    const temp = `${this.#file}.tmp-${process.pid}`;
    const text = [...this.#entries].map(([path, { etag, time }]) => `${time}\t${etag}\t${path}\n`).join('');
    writeFileSync(temp, text);
    renameSync(temp, this.#file);
    this.#open();
    this.#catchUp();
  }
}
