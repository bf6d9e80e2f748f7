// The hub's subscriptions, in SQLite (better-sqlite3): they survive restarts and crashes (WAL, every
// change committed before the subscriber hears of it), and one file in the state folder holds them.
// Beside them, the deliveries waiting for a retry (and, when the hub closes, every delivery not yet
// made), so a restart resumes them instead of waiting for the next change.
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

/** A delivery still owed to a subscriber: of the topic's current content, at `nextAt` or later. */
export interface PendingDelivery {
  topic: string;
  callback: string;
  /** Failed attempts so far. */
  failures: number;
  /** Milliseconds since the epoch of the next attempt. */
  nextAt: number;
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
  CREATE TABLE IF NOT EXISTS pending_deliveries (
    topic TEXT NOT NULL,
    callback TEXT NOT NULL,
    failures INTEGER NOT NULL,
    next_at INTEGER NOT NULL,
    PRIMARY KEY (topic, callback)
  ) WITHOUT ROWID;
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
    savePending: db.prepare<[string, string, number, number]>(
      `INSERT INTO pending_deliveries (topic, callback, failures, next_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (topic, callback) DO UPDATE SET failures = excluded.failures, next_at = excluded.next_at`,
    ),
    removePending: db.prepare<[string, string]>(
      'DELETE FROM pending_deliveries WHERE topic = ? AND callback = ?',
    ),
    // Only deliveries to subscriptions that still exist: an unsubscribed or expired one is owed nothing.
    pending: db.prepare<[number], { topic: string; callback: string; failures: number; next_at: number }>(
      `SELECT p.topic, p.callback, p.failures, p.next_at FROM pending_deliveries p
       JOIN subscriptions s ON s.topic = p.topic AND s.callback = p.callback
       WHERE s.expires_at > ? ORDER BY p.next_at, p.topic, p.callback`,
    ),
    orphans: db.prepare(
      `DELETE FROM pending_deliveries WHERE NOT EXISTS (
         SELECT 1 FROM subscriptions s
         WHERE s.topic = pending_deliveries.topic AND s.callback = pending_deliveries.callback)`,
    ),
    db,
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
    const statements = this.#ready(false);
    statements?.removePending.run(topic, callback);
    return (statements?.remove.run(topic, callback).changes ?? 0) > 0;
  }

  /** Remembers deliveries still owed (replacing what was remembered for the same subscriptions). */
  savePending(deliveries: readonly PendingDelivery[]): void {
    const statements = this.#ready(false);
    if (!statements || deliveries.length === 0) return;
    statements.db.transaction(() => {
      for (const d of deliveries) statements.savePending.run(d.topic, d.callback, d.failures, d.nextAt);
    })();
  }

  /** Forgets the delivery owed to a subscription (made, given up, or no longer wanted). */
  removePending(topic: string, callback: string): void {
    this.#ready(false)?.removePending.run(topic, callback);
  }

  /** Deliveries owed to subscriptions whose lease runs past `now`, the earliest first. */
  pending(now: number): PendingDelivery[] {
    return (
      this.#ready(false)
        ?.pending.all(now)
        .map((r) => ({ topic: r.topic, callback: r.callback, failures: r.failures, nextAt: r.next_at })) ?? []
    );
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
    const statements = this.#ready(false);
    const removed = statements?.expire.run(now).changes ?? 0;
    statements?.orphans.run();
    return removed;
  }

  close(): void {
    if (this.#db?.open) this.#db.close();
    this.#db = undefined;
    this.#statements = undefined;
  }
}
