// The publisher side of WebSub: telling a hub that a topic changed, so it fetches the feed and
// distributes it. WebSub leaves this to hubs; every public hub (Google's, Superfeedr, websub.rocks)
// takes the PubSubHubbub 0.4 form `hub.mode=publish&hub.url=<topic>`. One ping per changed URL, never
// waited for by anything that serves; a failed ping is retried with growing delays.
import { Connections, sendRequest } from './outgoing-request.ts';

export interface HubPingsOptions {
  hubUrl: string;
  /** Delay before each retry; after the last one fails, the ping is given up (and logged). */
  retryDelaysMs?: readonly number[];
  timeoutMs?: number;
  log?: (line: string) => void;
  onPing?: (outcome: 'sent' | 'retry' | 'failed') => void;
}

const DEFAULT_RETRIES = [5_000, 30_000, 2 * 60_000, 10 * 60_000, 3600_000];

interface Ping {
  failures: number;
  inFlight: boolean;
  /** The topic changed again while its ping was in flight: ping once more after it. */
  again: boolean;
  timer?: NodeJS.Timeout;
}

export class HubPings {
  readonly #options: Required<Omit<HubPingsOptions, 'onPing'>> & Pick<HubPingsOptions, 'onPing'>;
  readonly #connections = new Connections(8);
  readonly #pings = new Map<string, Ping>();
  #idle: (() => void)[] = [];
  #closed = false;

  constructor(options: HubPingsOptions) {
    this.#options = { retryDelaysMs: DEFAULT_RETRIES, timeoutMs: 10_000, log: () => {}, ...options };
  }

  /** Announces each topic URL to the hub once. Returns at once. */
  ping(topicUrls: Iterable<string>): void {
    if (this.#closed) return;
    for (const url of topicUrls) {
      const pending = this.#pings.get(url);
      if (pending) {
        // A ping still waiting for its retry announces this change too.
        if (pending.inFlight) pending.again = true;
        continue;
      }
      const ping: Ping = { failures: 0, inFlight: false, again: false };
      this.#pings.set(url, ping);
      void this.#send(url, ping);
    }
  }

  /** Resolves when every ping has been sent or given up (for `herald build`, which then exits). */
  idle(): Promise<void> {
    if (this.#pings.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idle.push(resolve));
  }

  close(): void {
    this.#closed = true;
    for (const ping of this.#pings.values()) clearTimeout(ping.timer);
    this.#pings.clear();
    this.#settle();
    this.#connections.destroy();
  }

  async #send(url: string, ping: Ping): Promise<void> {
    ping.inFlight = true;
    ping.again = false;
    let failure = '';
    try {
      const answer = await sendRequest(this.#connections, {
        method: 'POST',
        url: this.#options.hubUrl,
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'User-Agent': 'Herald' },
        body: new URLSearchParams({ 'hub.mode': 'publish', 'hub.url': url }).toString(),
        timeoutMs: this.#options.timeoutMs,
      });
      if (answer.status < 200 || answer.status >= 300)
        failure = `answered ${answer.status} ${answer.body.trim().slice(0, 200)}`.trim();
    } catch (error) {
      failure = (error as Error).message;
    }
    ping.inFlight = false;
    if (this.#closed || this.#pings.get(url) !== ping) return;
    if (!failure) {
      this.#options.onPing?.('sent');
      if (ping.again) {
        ping.failures = 0;
        void this.#send(url, ping);
      } else this.#done(url);
      return;
    }
    ping.failures += 1;
    const delay = this.#options.retryDelaysMs[ping.failures - 1];
    if (delay === undefined) {
      this.#options.onPing?.('failed');
      this.#options.log(
        `websub: gave up telling ${this.#options.hubUrl} that ${url} changed after ${ping.failures} tries (last: ${failure})`,
      );
      this.#done(url);
      return;
    }
    this.#options.onPing?.('retry');
    ping.timer = setTimeout(() => void this.#send(url, ping), delay);
    ping.timer.unref();
  }

  #done(url: string): void {
    this.#pings.delete(url);
    if (this.#pings.size === 0) this.#settle();
  }

  #settle(): void {
    for (const resolve of this.#idle.splice(0)) resolve();
  }
}
