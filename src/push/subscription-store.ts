// The hub's subscriptions, in SQLite (better-sqlite3): they survive restarts and crashes (WAL, every
// change committed before the subscriber hears of it), and one file in the state folder holds them.
import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';

export interface Subscription {
  /** Absolute URL of the feed subscribed to. */
  topic: string;
  callback: string;
  /** Host of the callback, for the per-host limit. */
  callbackHost: string;
  /** hub.secret, if the subscriber gave one: deliveries are signed with it. */
  secret?: string;
  leaseSeconds: number;
  /** Milliseconds since the epoch after which nothing is delivered and the row is removed. */
  expiresAt: number;
}

interface Row {
  topic: string;
  callback: string;
  callback_host: string;
  secret: string | null;
  lease_seconds: number;
  expires_at: number;
}

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS subscriptions (
    topic TEXT NOT NULL,
    callback TEXT NOT NULL,
    callback_host TEXT NOT NULL,
    secret TEXT,
    lease_seconds INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    PRIMARY KEY (topic, callback)
  ) WITHOUT ROWID;
  CREATE INDEX IF NOT EXISTS subscriptions_by_host ON subscriptions (callback_host);
  CREATE INDEX IF NOT EXISTS subscriptions_by_expiry ON subscriptions (expires_at);
`;

function fromRow(row: Row): Subscription {
  return {
    topic: row.topic,
    callback: row.callback,
    callbackHost: row.callback_host,
    ...(row.secret === null ? {} : { secret: row.secret }),
    leaseSeconds: row.lease_seconds,
    expiresAt: row.expires_at,
  };
}

type Statements = ReturnType<typeof prepare>;

function prepare(db: Database.Database) {
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 5000');
  db.exec(SCHEMA);
  return {
    upsert: db.prepare<[string, string, string, string | null, number, number]>(
      `INSERT INTO subscriptions (topic, callback, callback_host, secret, lease_seconds, expires_at)
       VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (topic, callback) DO UPDATE SET
         callback_host = excluded.callback_host, secret = excluded.secret,
         lease_seconds = excluded.lease_seconds, expires_at = excluded.expires_at`,
    ),
    remove: db.prepare<[string, string]>('DELETE FROM subscriptions WHERE topic = ? AND callback = ?'),
    get: db.prepare<[string, string, number], Row>(
      'SELECT * FROM subscriptions WHERE topic = ? AND callback = ? AND expires_at > ?',
    ),
    active: db.prepare<[string, number], Row>(
      'SELECT * FROM subscriptions WHERE topic = ? AND expires_at > ? ORDER BY callback',
    ),
    all: db.prepare<[number], Row>(
      'SELECT * FROM subscriptions WHERE expires_at > ? ORDER BY topic, callback',
    ),
    countTopic: db.prepare<[string, number], { n: number }>(
      'SELECT count(*) AS n FROM subscriptions WHERE topic = ? AND expires_at > ?',
    ),
    countHost: db.prepare<[string, number], { n: number }>(
      'SELECT count(*) AS n FROM subscriptions WHERE callback_host = ? AND expires_at > ?',
    ),
    expire: db.prepare<[number]>('DELETE FROM subscriptions WHERE expires_at <= ?'),
  };
}

/**
 * The subscriptions. The database file is created with the first subscription, not before: a site
 * nobody subscribes to leaves nothing in the state folder.
 */
export class SubscriptionStore {
  readonly #file: string;
  #db?: Database.Database;
  #statements?: Statements;

  private constructor(file: string) {
    this.#file = file;
  }

  /** Opens the database file if it exists (or `:memory:`); otherwise it is created on the first save. */
  static open(file: string): SubscriptionStore {
    const store = new SubscriptionStore(file);
    if (file === ':memory:' || existsSync(file)) store.#ready(true);
    return store;
  }

  #ready(create: boolean): Statements | undefined {
    if (this.#statements) return this.#statements;
    if (!create && !existsSync(this.#file)) return undefined;
    if (this.#file !== ':memory:') mkdirSync(dirname(this.#file), { recursive: true });
    this.#db = new Database(this.#file);
    this.#statements = prepare(this.#db);
    return this.#statements;
  }

  save(subscription: Subscription): void {
    const s = subscription;
    this.#ready(true)?.upsert.run(
      s.topic,
      s.callback,
      s.callbackHost,
      s.secret ?? null,
      s.leaseSeconds,
      s.expiresAt,
    );
  }

  remove(topic: string, callback: string): boolean {
    return (this.#ready(false)?.remove.run(topic, callback).changes ?? 0) > 0;
  }

  /** The subscription if it exists and its lease has not run out at `now` (ms). */
  get(topic: string, callback: string, now: number): Subscription | undefined {
    const row = this.#ready(false)?.get.get(topic, callback, now);
    return row && fromRow(row);
  }

  /** Subscriptions of a topic whose lease runs past `now` (ms). */
  active(topic: string, now: number): Subscription[] {
    return this.#ready(false)?.active.all(topic, now).map(fromRow) ?? [];
  }

  all(now: number): Subscription[] {
    return this.#ready(false)?.all.all(now).map(fromRow) ?? [];
  }

  countForTopic(topic: string, now: number): number {
    return this.#ready(false)?.countTopic.get(topic, now)?.n ?? 0;
  }

  countForHost(host: string, now: number): number {
    return this.#ready(false)?.countHost.get(host, now)?.n ?? 0;
  }

  /** Removes every subscription whose lease ran out by `now`; returns how many. */
  expire(now: number): number {
    return this.#ready(false)?.expire.run(now).changes ?? 0;
  }

  close(): void {
    if (this.#db?.open) this.#db.close();
    this.#db = undefined;
    this.#statements = undefined;
  }
}
