// Article bodies as rendered by an earlier run, kept in the state folder, so a build after a one-word
// edit renders one body instead of the eighty that the changed feeds and listings show, and a
// restart serves its first feed without starting the Markdown renderer. A body is found by its
// content key, which already covers everything its HTML is made of (the Markdown, the article's URL,
// the media base, a given summary), and only while the same Herald wrote it.
//
// SQLite (better-sqlite3), because the store is read synchronously from inside page rendering (a
// body is rendered on first use), one file holds thousands of small bodies without a file each, and
// `herald serve` and `herald build` may use one state folder at the same time.
import { mkdirSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';

export interface RenderedBodies {
  /** The HTML stored for this content key, if any. */
  get(contentKey: string): string | undefined;
  /** Keeps a body just rendered; written to disk in batches. */
  put(contentKey: string, html: string): void;
}

export interface BodyStoreOptions {
  /** The database file, in the state folder. */
  file: string;
  /** Which Herald renders: bodies stored by another version are dropped. */
  version: string;
  /** Store what is rendered, but use nothing stored (`--full`). */
  fresh?: boolean;
  /** Use what is stored, store nothing (a render thread of an export: the main thread stores). */
  readOnly?: boolean;
  /** Told once when the store cannot be used; rendering goes on without it. */
  onProblem?: (message: string) => void;
}

/** Bodies waiting to be written: written together, in one transaction, so a full export stays fast. */
const BATCH = 500;
/** How long a body waits for its batch in a long-running server. */
const FLUSH_MS = 1000;

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
  CREATE TABLE IF NOT EXISTS bodies (key TEXT PRIMARY KEY, html TEXT NOT NULL) WITHOUT ROWID;
`;

export class BodyStore implements RenderedBodies {
  readonly #options: BodyStoreOptions;
  #db: Database.Database | undefined;
  #select: Database.Statement<[string], string> | undefined;
  #insert: Database.Statement<[string, string]> | undefined;
  #pending = new Map<string, string>();
  #timer: NodeJS.Timeout | undefined;

  private constructor(options: BodyStoreOptions, db: Database.Database | undefined) {
    this.#options = options;
    this.#db = db;
    if (db) {
      this.#select = db.prepare<[string], string>('SELECT html FROM bodies WHERE key = ?').pluck();
      this.#insert = db.prepare<[string, string]>('INSERT OR REPLACE INTO bodies (key, html) VALUES (?, ?)');
    }
  }

  /** Opens (or creates) the store; a store that cannot be opened is none, and says so once. */
  static open(options: BodyStoreOptions): BodyStore {
    let db: Database.Database | undefined;
    try {
      db = openDatabase(options);
    } catch {
      // A damaged file is only a cache: start it again.
      try {
        rmSync(options.file, { force: true });
        rmSync(`${options.file}-wal`, { force: true });
        rmSync(`${options.file}-shm`, { force: true });
        db = openDatabase(options);
      } catch (error) {
        options.onProblem?.(
          `the rendered bodies cannot be kept in ${options.file}, so every body is rendered again: ${(error as Error).message}`,
        );
      }
    }
    return new BodyStore(options, db);
  }

  get(contentKey: string): string | undefined {
    if (this.#options.fresh) return undefined;
    const waiting = this.#pending.get(contentKey);
    if (waiting !== undefined) return waiting;
    try {
      return this.#select?.get(contentKey);
    } catch (error) {
      this.#fail(error);
      return undefined;
    }
  }

  put(contentKey: string, html: string): void {
    if (!this.#db || this.#options.readOnly) return;
    this.#pending.set(contentKey, html);
    if (this.#pending.size >= BATCH) this.flush();
    else if (!this.#timer) {
      this.#timer = setTimeout(() => this.flush(), FLUSH_MS);
      this.#timer.unref();
    }
  }

  /** Writes the bodies waiting for their batch. */
  flush(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const db = this.#db;
    const insert = this.#insert;
    if (!db || !insert || this.#pending.size === 0) return;
    const batch = this.#pending;
    this.#pending = new Map();
    try {
      db.transaction(() => {
        for (const [key, html] of batch) insert.run(key, html);
      })();
    } catch (error) {
      this.#fail(error);
    }
  }

  /**
   * Drops every body whose key is not among `keep` (the bodies of the articles the site has now),
   * once the store holds many more than those: without it, every edit would leave its old body.
   */
  prune(keep: ReadonlySet<string>): void {
    const db = this.#db;
    if (!db || this.#options.readOnly) return;
    this.flush();
    try {
      const count = db.prepare('SELECT count(*) FROM bodies').pluck().get() as number;
      if (count <= keep.size + Math.max(100, keep.size / 4)) return;
      const remove = db.prepare<[string]>('DELETE FROM bodies WHERE key = ?');
      const keys = db.prepare('SELECT key FROM bodies').pluck().all() as string[];
      db.transaction(() => {
        for (const key of keys) if (!keep.has(key)) remove.run(key);
      })();
    } catch (error) {
      this.#fail(error);
    }
  }

  /** Writes what is waiting and closes the database. */
  close(): void {
    this.flush();
    try {
      this.#db?.close();
    } catch {
      // Closing a store that failed: nothing more to keep.
    }
    this.#db = undefined;
  }

  #fail(error: unknown): void {
    // Busy (another Herald holds a long write) or damaged: carry on rendering without the store.
    this.#options.onProblem?.(
      `the rendered bodies in ${this.#options.file} cannot be used, so bodies are rendered again: ${(error as Error).message}`,
    );
    try {
      this.#db?.close();
    } catch {
      // Already unusable.
    }
    this.#db = undefined;
    this.#select = undefined;
    this.#insert = undefined;
    this.#pending.clear();
  }
}

function openDatabase(options: BodyStoreOptions): Database.Database {
  mkdirSync(dirname(options.file), { recursive: true });
  const db = new Database(options.file, { timeout: 2000 });
  try {
    db.pragma('journal_mode = WAL');
    // A body lost with a power cut is rendered again: no need to wait for the disk on each batch.
    db.pragma('synchronous = NORMAL');
    db.exec(SCHEMA);
    const stored = db.prepare("SELECT value FROM meta WHERE name = 'version'").pluck().get();
    if (stored !== options.version) {
      db.transaction(() => {
        db.exec('DELETE FROM bodies');
        db.prepare("INSERT OR REPLACE INTO meta (name, value) VALUES ('version', ?)").run(options.version);
      })();
    }
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}
