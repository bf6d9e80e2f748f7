// `/metrics` in the Prometheus text format, with prom-client. Requests are counted into plain
// numbers on the request path (an array slot per kind and status) and handed to prom-client only when
// Prometheus scrapes: a labelled prom-client counter per request cost polling a few per cent.
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { reportedCount } from '../readers/aggregators.ts';
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
    let byStatus = this.#counts.get(kind);
    if (!byStatus) {
      byStatus = new Float64Array(1000);
      this.#counts.set(kind, byStatus);
    }
    byStatus[status] = (byStatus[status] ?? 0) + 1;
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

/**
 * The subscriber estimate of `herald readers`, kept up to date from the request log: per feed, the
 * latest count of each aggregator and the single-user clients, seen in the last 48 hours. Bounded: at
 * most a fixed number of clients per feed are remembered.
 */
class ReaderEstimates {
  readonly #feeds = new Map<
    string,
    { aggregators: Map<string, [number, number]>; clients: Map<string, number> }
  >();
  static readonly MAX_CLIENTS = 50_000;

  // Consecutive requests often come from the same client (a reader's keep-alive connection, a
  // crawler's burst): its User-Agent is read once.
  #lastUa: string | undefined;
  #lastCount: ReturnType<typeof reportedCount>;

  add(time: number, ip: string, fullPath: string, status: number, userAgent: string | undefined): void {
    if (status !== 200 && status !== 304) return;
    const q = fullPath.indexOf('?');
    const path = q === -1 ? fullPath : fullPath.slice(0, q);
    if (!isSubscriptionFeed(path)) return;
    let feed = this.#feeds.get(path);
    if (!feed) {
      if (this.#feeds.size >= 10_000) return;
      feed = { aggregators: new Map(), clients: new Map() };
      this.#feeds.set(path, feed);
    }
    const ua = userAgent ?? '';
    if (ua !== this.#lastUa) {
      this.#lastUa = ua;
      this.#lastCount = reportedCount(ua);
    }
    const count = this.#lastCount;
    if (count) {
      if (!count.implausible)
        feed.aggregators.set(`${count.aggregator} ${count.feedId ?? ''}`, [count.subscribers, time]);
    } else {
      const key = `${ip}\u0000${ua}`;
      feed.clients.delete(key);
      if (feed.clients.size >= ReaderEstimates.MAX_CLIENTS) {
        const oldest = feed.clients.keys().next().value;
        if (oldest !== undefined) feed.clients.delete(oldest);
      }
      feed.clients.set(key, time);
    }
  }

  estimates(now = Date.now()): Map<string, number> {
    const since = now - WINDOW_HOURS * 3600_000;
    const result = new Map<string, number>();
    for (const [path, feed] of this.#feeds) {
      let total = 0;
      for (const [key, [subscribers, at]] of feed.aggregators) {
        if (at < since) feed.aggregators.delete(key);
        else total += subscribers;
      }
      for (const [key, at] of feed.clients) {
        // Insertion order is the order of last sight: the first one seen recently ends the sweep.
        if (at >= since) break;
        feed.clients.delete(key);
      }
      result.set(path, total + feed.clients.size);
    }
    return result;
  }
}
