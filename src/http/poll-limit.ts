// Polling etiquette: a client fetching a feed *unconditionally* (no If-None-Match, no
// If-Modified-Since) more often than the configured rate gets 429 Too Many Requests with Retry-After
// (RFC 6585 §4). Conditional requests are never counted nor refused: their 304 is the cheap answer
// every reader should use. A token bucket per client allows bursts: newsboat fetches a feed up to three
// times in a second, NetNewsWire two or three times while a feed is being added.

export interface PollLimitOptions {
  /** Unconditional fetches of one feed a client may make per minute, on average; 0 switches this off. */
  perMinute: number;
  /** How many it may make at once before the rate applies. */
  burst: number;
  /** Clients remembered at most; the ones idle longest are forgotten first. */
  maxClients?: number;
  now?: () => number;
  /** Told once per refused client until it is let through again. */
  log?: (line: string) => void;
}

interface Bucket {
  tokens: number;
  at: number;
  refused: boolean;
}

export class PollLimit {
  readonly #ratePerMs: number;
  readonly #burst: number;
  readonly #max: number;
  readonly #now: () => number;
  readonly #log: (line: string) => void;
  readonly #perMinute: number;
  /** In the order clients were first seen (or last let through after a refusal): evicted oldest first. */
  readonly #buckets = new Map<string, Bucket>();

  constructor(options: PollLimitOptions) {
    this.#perMinute = options.perMinute;
    this.#ratePerMs = options.perMinute / 60_000;
    this.#burst = options.burst;
    this.#max = options.maxClients ?? 100_000;
    this.#now = options.now ?? Date.now;
    this.#log = options.log ?? (() => {});
  }

  get enabled(): boolean {
    return this.#ratePerMs > 0;
  }

  /**
   * Counts one unconditional fetch of `path` by the client at `address` with `userAgent`. Returns 0 when
   * it may be answered, or the whole seconds it should wait (for Retry-After).
   */
  take(address: string, userAgent: string, path: string): number {
    if (this.#ratePerMs <= 0) return 0;
    const key = `${address}\u0000${userAgent}\u0000${path}`;
    const now = this.#now();
    let bucket = this.#buckets.get(key);
    if (bucket) {
      bucket.tokens = Math.min(this.#burst, bucket.tokens + (now - bucket.at) * this.#ratePerMs);
      bucket.at = now;
    } else {
      bucket = { tokens: this.#burst, at: now, refused: false };
      this.#remember(key, bucket);
    }
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      if (bucket.refused) {
        bucket.refused = false;
        this.#buckets.delete(key);
        this.#buckets.set(key, bucket);
      }
      return 0;
    }
    const wait = Math.max(1, Math.ceil((1 - bucket.tokens) / this.#ratePerMs / 1000));
    if (!bucket.refused) {
      bucket.refused = true;
      this.#log(
        `429: ${address} "${userAgent}" fetches ${path} without If-None-Match or If-Modified-Since more than ${this.#perMinute} times a minute; refused until it waits ${wait} s`,
      );
    }
    return wait;
  }

  #remember(key: string, bucket: Bucket): void {
    if (this.#buckets.size >= this.#max) {
      // Forget the client seen first: at worst it starts again with a full burst.
      const oldest = this.#buckets.keys().next().value;
      if (oldest !== undefined) this.#buckets.delete(oldest);
    }
    this.#buckets.set(key, bucket);
  }
}
