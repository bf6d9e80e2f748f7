// `/metrics` in the Prometheus text format, with prom-client. Requests are counted into plain
// numbers on the request path (an array slot per kind and status) and handed to prom-client only when
// Prometheus scrapes: a labelled prom-client counter per request cost polling a few per cent.
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { type ReportedCount, reportedCount } from '../readers/aggregators.ts';
import { isSubscriptionFeed, WINDOW_HOURS } from '../readers/readers-report.ts';
import type { RequestSeen } from './request-log.ts';

export type RouteKind = 'feed' | 'page' | 'stylesheet' | 'hub' | 'metrics' | 'health' | 'redirect' | 'other';

export interface HubFigures {
  subscriptions(): number;
}

export class Metrics {
  readonly registry = new Registry();
  /** Answers per route kind, indexed by status (node:http statuses are 100–999). */
  readonly #counts = new Map<RouteKind, Float64Array>();
  readonly #updates: Histogram;
  readonly #renders: Histogram;
  readonly #deliveries: Counter<'outcome'>;
  readonly #pings: Counter<'outcome'>;
  readonly #readers = new ReaderEstimates();

  constructor(hub?: HubFigures) {
    const registry = this.registry;
    const counts = this.#counts;
    new Counter({
      name: 'herald_http_requests_total',
      help: 'HTTP requests answered, by route kind and status.',
      labelNames: ['kind', 'status'],
      registers: [registry],
      collect() {
        this.reset();
        for (const [kind, byStatus] of counts) {
          byStatus.forEach((value, status) => {
            if (value > 0) this.inc({ kind, status: String(status) }, value);
          });
        }
      },
    });
    new Gauge({
      name: 'herald_feed_not_modified_ratio',
      help: 'Share of 304 Not Modified among the 200 and 304 answers to feed requests.',
      registers: [registry],
      collect() {
        const ok = counts.get('feed')?.[200] ?? 0;
        const notModified = counts.get('feed')?.[304] ?? 0;
        this.set(ok + notModified === 0 ? 0 : notModified / (ok + notModified));
      },
    });
    this.#updates = new Histogram({
      name: 'herald_update_duration_seconds',
      help: 'From a change in the articles folder being read to the new site being served (files read, site built, hot feeds rendered).',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    });
    this.#renders = new Histogram({
      name: 'herald_render_duration_seconds',
      help: 'Rendering one representation (a feed or page), done once per content change and kept.',
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
      registers: [registry],
    });
    const readers = this.#readers;
    new Gauge({
      name: 'herald_feed_subscribers_estimate',
      help: `Estimated subscribers per feed: the latest count each aggregator reported in the last ${WINDOW_HOURS} h plus distinct single-user readers (from the request log).`,
      labelNames: ['feed'],
      registers: [registry],
      collect() {
        this.reset();
        for (const [feed, estimate] of readers.estimates()) this.set({ feed }, estimate);
      },
    });
    if (hub) {
      new Gauge({
        name: 'herald_websub_subscriptions',
        help: "Active subscriptions at Herald's own WebSub hub.",
        registers: [registry],
        collect() {
          this.set(hub.subscriptions());
        },
      });
    }
    this.#deliveries = new Counter({
      name: 'herald_websub_deliveries_total',
      help: 'Content distributions by the own hub: delivered, retry (a failed attempt to be retried), dropped.',
      labelNames: ['outcome'],
      registers: [registry],
    });
    this.#pings = new Counter({
      name: 'herald_websub_pings_total',
      help: 'Publish pings to an external hub: sent, retry, failed (given up).',
      labelNames: ['outcome'],
      registers: [registry],
    });
  }

  /** Counts one answered request. */
  request(kind: RouteKind, status: number): void {
    const counts = this.counts(kind);
    counts[status] = (counts[status] as number) + 1;
  }

  /** The answers of a route kind, indexed by status: one is added to a slot per answer. */
  counts(kind: RouteKind): Float64Array {
    let byStatus = this.#counts.get(kind);
    if (!byStatus) {
      byStatus = new Float64Array(1000);
      this.#counts.set(kind, byStatus);
    }
    return byStatus;
  }

  update(seconds: number): void {
    this.#updates.observe(seconds);
  }

  /** One representation rendered. */
  render(seconds: number): void {
    this.#renders.observe(seconds);
  }

  delivery(outcome: string): void {
    this.#deliveries.inc({ outcome });
  }

  ping(outcome: string): void {
    this.#pings.inc({ outcome });
  }

  /** Each request of the request log, as its batch is written: feeds the subscriber estimates. */
  readonly seen: RequestSeen = (time, ip, path, status, ua) => this.#readers.add(time, ip, path, status, ua);

  text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}

/** A feed's readers as the request log saw them: per User-Agent, each address and when it last asked. */
interface FeedReaders {
  agents: Map<string, Agent>;
  /** Address + User-Agent pairs held. */
  pairs: number;
}

interface Agent {
  addresses: Map<string, number>;
  /** What the User-Agent reports (undefined: a single-user reader); null until first asked. */
  reported: ReportedCount | undefined | null;
  /** Taken out of its feed's map (no address left in the window, or pruned). */
  dropped?: boolean;
}

/**
 * The subscriber estimate of `herald readers`, kept up to date from the request log: per feed, the
 * latest count of each aggregator and the single-user clients, seen in the last 48 hours. A request
 * only notes when its address and User-Agent were last seen; the User-Agents are read (once each) and
 * the window applied when the estimates are asked for, so the request log's batches stay cheap.
 * Bounded: at most a fixed number of clients per feed are remembered, the oldest dropped first.
 */
export class ReaderEstimates {
  readonly #feeds = new Map<string, FeedReaders>();
  static readonly MAX_FEEDS = 10_000;
  static readonly MAX_CLIENTS = 50_000;

  // Consecutive requests mostly ask for the same feed: its path is looked at once.
  #lastPath: string | undefined;
  #lastFeed: FeedReaders | undefined;
  #lastUa: string | undefined;
  #lastAgent: Agent | undefined;
  #lastAgentFeed: FeedReaders | undefined;

  add(time: number, ip: string, fullPath: string, status: number, userAgent: string | undefined): void {
    if (status !== 200 && status !== 304) return;
    let feed: FeedReaders | undefined;
    if (fullPath === this.#lastPath) feed = this.#lastFeed;
    else {
      feed = this.#feedOf(fullPath);
      this.#lastPath = fullPath;
      this.#lastFeed = feed;
    }
    if (feed === undefined) return;
    const ua = userAgent ?? '';
    // And mostly from the same client: its entry is looked up once, while it is in the feed's map.
    let agent = ua === this.#lastUa && feed === this.#lastAgentFeed ? this.#lastAgent : undefined;
    if (agent === undefined || agent.dropped) {
      agent = feed.agents.get(ua);
      if (agent === undefined) {
        agent = { addresses: new Map(), reported: null };
        feed.agents.set(ua, agent);
      }
      this.#lastUa = ua;
      this.#lastAgent = agent;
      this.#lastAgentFeed = feed;
    }
    const before = agent.addresses.size;
    agent.addresses.set(ip, time);
    if (agent.addresses.size > before && ++feed.pairs > ReaderEstimates.MAX_CLIENTS) prune(feed, time);
  }

  #feedOf(fullPath: string): FeedReaders | undefined {
    const q = fullPath.indexOf('?');
    const path = q === -1 ? fullPath : fullPath.slice(0, q);
    if (!isSubscriptionFeed(path)) return undefined;
    let feed = this.#feeds.get(path);
    if (!feed && this.#feeds.size < ReaderEstimates.MAX_FEEDS) {
      feed = { agents: new Map(), pairs: 0 };
      this.#feeds.set(path, feed);
    }
    return feed;
  }

  estimates(now = Date.now()): Map<string, number> {
    const since = now - WINDOW_HOURS * 3600_000;
    const result = new Map<string, number>();
    for (const [path, feed] of this.#feeds) {
      forget(feed, since);
      // The latest count each aggregator (and its own feed id) reported: never a sum of polls.
      const latest = new Map<string, [number, number]>();
      let singleUsers = 0;
      for (const [ua, agent] of feed.agents) {
        if (agent.reported === null) agent.reported = reportedCount(ua);
        const reported = agent.reported;
        if (reported === undefined) singleUsers += agent.addresses.size;
        else if (reported.implausible === undefined) {
          let at = 0;
          for (const seen of agent.addresses.values()) at = Math.max(at, seen);
          const key = `${reported.aggregator} ${reported.feedId ?? ''}`;
          const known = latest.get(key);
          if (known === undefined || at >= known[1]) latest.set(key, [reported.subscribers, at]);
        }
      }
      let total = singleUsers;
      for (const [subscribers] of latest.values()) total += subscribers;
      result.set(path, total);
    }
    return result;
  }
}

/** Drops the clients last seen before `since`. */
function forget(feed: FeedReaders, since: number): void {
  for (const [ua, agent] of feed.agents) {
    for (const [ip, at] of agent.addresses) {
      if (at < since) {
        agent.addresses.delete(ip);
        feed.pairs -= 1;
      }
    }
    if (agent.addresses.size === 0) {
      agent.dropped = true;
      feed.agents.delete(ua);
    }
  }
}

/** A feed over its bound: the clients older than the window go, then the oldest half of the rest. */
function prune(feed: FeedReaders, now: number): void {
  forget(feed, now - WINDOW_HOURS * 3600_000);
  if (feed.pairs <= ReaderEstimates.MAX_CLIENTS / 2) return;
  const times = new Float64Array(feed.pairs);
  let i = 0;
  for (const agent of feed.agents.values()) for (const at of agent.addresses.values()) times[i++] = at;
  times.sort();
  forget(feed, times[feed.pairs - Math.floor(ReaderEstimates.MAX_CLIENTS / 2)] as number);
  // Clients all seen in the same millisecond: the first ones met go.
  for (const [ua, agent] of feed.agents) {
    if (feed.pairs <= ReaderEstimates.MAX_CLIENTS / 2) break;
    feed.pairs -= agent.addresses.size;
    agent.dropped = true;
    feed.agents.delete(ua);
  }
}
