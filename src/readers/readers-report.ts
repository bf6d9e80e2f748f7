// Who reads the feeds, from request logs: per feed, the estimated subscribers, how well clients use
// conditional requests, and the clients that misbehave.
import { reportedCount } from './aggregators.ts';
import type { LoggedRequest } from './log-lines.ts';

/** Aggregators' counts are read from the last this-many hours of the logs: a count is a snapshot. */
export const WINDOW_HOURS = 48;

export interface AggregatorCount {
  aggregator: string;
  feedId?: string;
  subscribers: number;
  /** When it was last reported (ISO time). */
  reportedAt: string;
  implausible?: string;
}

export interface Misbehaving {
  ip: string;
  userAgent: string;
  requests: number;
  problems: string[];
}

export interface FeedReaders {
  feed: string;
  /** Believable aggregator counts plus single-user readers. */
  estimatedSubscribers: number;
  /** The latest count each aggregator reported within the window, believable ones first. */
  aggregators: AggregatorCount[];
  /** Distinct address + User-Agent pairs of readers that report no count, within the window. */
  singleUserReaders: number;
  requests: number;
  /** Share of requests that sent If-None-Match or If-Modified-Since; null when the log does not say. */
  conditionalShare: number | null;
  /** Share of 304 among the 200 and 304 answers. */
  notModifiedShare: number | null;
  misbehaving: Misbehaving[];
}

export interface ReadersReport {
  /** The window the estimates are taken from (ISO times); absent for empty logs. */
  window?: { from: string; to: string };
  feeds: FeedReaders[];
}

export interface ReportOptions {
  /** Cache-Control max-age the feeds are served with: polling more often than this is misbehaving. */
  maxAgeSeconds: number;
}

const FEED = /(?:^|\/)(?:feed\.xml|atom\.xml|feed\.json)$/;

export function isSubscriptionFeed(path: string): boolean {
  return FEED.test(path) && !path.includes('/page/');
}

export function readersReport(all: readonly LoggedRequest[], options: ReportOptions): ReadersReport {
  const requests = all.filter(
    (r) => (r.method === 'GET' || r.method === 'HEAD') && isSubscriptionFeed(r.path),
  );
  if (requests.length === 0) return { feeds: [] };
  const end = Math.max(...requests.map((r) => r.time));
  const start = end - WINDOW_HOURS * 3600_000;
  const byFeed = new Map<string, LoggedRequest[]>();
  for (const r of requests) {
    const list = byFeed.get(r.path) ?? [];
    list.push(r);
    byFeed.set(r.path, list);
  }
  const feeds = [...byFeed]
    .map(([feed, list]) =>
      feedReaders(
        feed,
        list.sort((a, b) => a.time - b.time),
        start,
        options,
      ),
    )
    .sort((a, b) => b.estimatedSubscribers - a.estimatedSubscribers || a.feed.localeCompare(b.feed));
  return { window: { from: new Date(start).toISOString(), to: new Date(end).toISOString() }, feeds };
}

function feedReaders(
  feed: string,
  requests: LoggedRequest[],
  start: number,
  options: ReportOptions,
): FeedReaders {
  const latest = new Map<string, AggregatorCount>();
  const singleUsers = new Set<string>();
  for (const r of requests) {
    if (r.time < start) continue;
    const count = reportedCount(r.userAgent);
    if (!count) {
      singleUsers.add(`${r.ip}\u0000${r.userAgent}`);
      continue;
    }
    // The latest report per aggregator (and its feed id) replaces the earlier ones: never a sum of polls.
    latest.set(`${count.aggregator}\u0000${count.feedId ?? ''}`, {
      aggregator: count.aggregator,
      ...(count.feedId === undefined ? {} : { feedId: count.feedId }),
      subscribers: count.subscribers,
      reportedAt: new Date(r.time).toISOString(),
      ...(count.implausible === undefined ? {} : { implausible: count.implausible }),
    });
  }
  const aggregators = [...latest.values()].sort(
    (a, b) =>
      Number(a.implausible !== undefined) - Number(b.implausible !== undefined) ||
      b.subscribers - a.subscribers ||
      a.aggregator.localeCompare(b.aggregator),
  );
  const believed = aggregators
    .filter((a) => a.implausible === undefined)
    .reduce((n, a) => n + a.subscribers, 0);

  const known = requests.filter((r) => r.validators !== undefined);
  const conditional = known.filter((r) => isConditional(r)).length;
  const answered = requests.filter((r) => r.status === 200 || r.status === 304);
  const notModified = answered.filter((r) => r.status === 304).length;
  return {
    feed,
    estimatedSubscribers: believed + singleUsers.size,
    aggregators,
    singleUserReaders: singleUsers.size,
    requests: requests.length,
    conditionalShare: known.length === 0 ? null : conditional / known.length,
    notModifiedShare: answered.length === 0 ? null : notModified / answered.length,
    misbehaving: misbehavingClients(requests, options),
  };
}

function isConditional(r: LoggedRequest): boolean {
  return r.validators?.ifNoneMatch !== undefined || r.validators?.ifModifiedSince !== undefined;
}

function misbehavingClients(requests: LoggedRequest[], options: ReportOptions): Misbehaving[] {
  const sent = new Set(requests.flatMap((r) => (r.lastModified === undefined ? [] : [r.lastModified])));
  const byClient = new Map<string, LoggedRequest[]>();
  for (const r of requests) {
    const key = `${r.ip}\u0000${r.userAgent}`;
    const list = byClient.get(key) ?? [];
    list.push(r);
    byClient.set(key, list);
  }
  const found: Misbehaving[] = [];
  for (const list of byClient.values()) {
    const first = list[0] as LoggedRequest;
    const problems: string[] = [];
    if (list.length >= 2) {
      const known = list.every((r) => r.validators !== undefined);
      if (known && !list.some(isConditional)) problems.push('never sends If-None-Match or If-Modified-Since');
      const full = list.filter((r) => r.status === 200);
      if (!known && full.length === list.length && new Set(full.map((r) => r.bytes)).size === 1)
        problems.push('fetches the same bytes in full every time (no validators, or ignores them)');
      const intervals = list.slice(1).map((r, i) => r.time - (list[i] as LoggedRequest).time);
      const early = intervals.filter((ms) => ms < options.maxAgeSeconds * 1000);
      if (early.length >= 2 && early.length * 2 > intervals.length) {
        const median = [...intervals].sort((a, b) => a - b)[Math.floor(intervals.length / 2)] as number;
        problems.push(
          `polls every ${formatSeconds(median / 1000)} though Cache-Control allows every ${formatSeconds(options.maxAgeSeconds)}`,
        );
      }
    }
    if (sent.size > 0) {
      const bogus = list.filter(
        (r) => r.validators?.ifModifiedSince !== undefined && !sent.has(r.validators.ifModifiedSince),
      );
      if (bogus.length > 0)
        problems.push(
          `sends If-Modified-Since dates Herald never sent (${bogus[0]?.validators?.ifModifiedSince})`,
        );
    }
    if (problems.length > 0)
      found.push({ ip: first.ip, userAgent: first.userAgent, requests: list.length, problems });
  }
  return found.sort((a, b) => b.requests - a.requests || a.ip.localeCompare(b.ip));
}

function formatSeconds(seconds: number): string {
  return seconds < 10 ? `${Number(seconds.toFixed(1))} s` : `${Math.round(seconds)} s`;
}

/** The report as text, one block per feed. */
export function formatReadersReport(report: ReadersReport): string {
  if (report.feeds.length === 0) return 'No feed requests in these logs.\n';
  const pct = (share: number | null) => (share === null ? 'unknown' : `${Math.round(share * 100)}%`);
  const lines = [
    `Estimates from ${report.window?.from} to ${report.window?.to} (the last ${WINDOW_HOURS} h of the logs)`,
  ];
  for (const f of report.feeds) {
    const counted = f.aggregators.filter((a) => a.implausible === undefined);
    const parts = [
      ...counted.map((a) => `${a.aggregator}${a.feedId ? ` #${a.feedId}` : ''} ${a.subscribers}`),
      `${f.singleUserReaders} single-user reader${f.singleUserReaders === 1 ? '' : 's'}`,
    ];
    lines.push(
      '',
      `${f.feed}: ~${f.estimatedSubscribers} subscriber${f.estimatedSubscribers === 1 ? '' : 's'} (${parts.join(', ')})`,
      `  ${f.requests} requests, ${pct(f.conditionalShare)} conditional, ${pct(f.notModifiedShare)} answered 304`,
    );
    for (const a of f.aggregators.filter((x) => x.implausible !== undefined))
      lines.push(`  not counted: ${a.aggregator} claims ${a.subscribers} subscribers (${a.implausible})`);
    for (const m of f.misbehaving)
      lines.push(
        `  misbehaving: ${m.ip} "${m.userAgent}" (${m.requests} requests): ${m.problems.join('; ')}`,
      );
  }
  return `${lines.join('\n')}\n`;
}
