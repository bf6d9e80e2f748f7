// /metrics' subscriber estimates note only when each client was last seen and read the User-Agents
// when asked: on random request logs they must equal the obvious computation over every request.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ReaderEstimates } from '../../src/http/metrics.ts';
import { reportedCount } from '../../src/readers/aggregators.ts';
import { isSubscriptionFeed, WINDOW_HOURS } from '../../src/readers/readers-report.ts';

interface Seen {
  time: number;
  ip: string;
  path: string;
  status: number;
  ua: string | undefined;
}

const HOUR = 3600_000;

/** Per feed: the latest count each aggregator reported in the window, plus distinct other clients. */
function obvious(requests: readonly Seen[], now: number): Map<string, number> {
  const since = now - WINDOW_HOURS * HOUR;
  const feeds = new Map<string, { latest: Map<string, number>; clients: Set<string> }>();
  for (const r of requests) {
    if (r.status !== 200 && r.status !== 304) continue;
    const path = r.path.split('?')[0] as string;
    if (!isSubscriptionFeed(path)) continue;
    const feed = feeds.get(path) ?? { latest: new Map(), clients: new Set() };
    feeds.set(path, feed);
    if (r.time < since) continue;
    const count = reportedCount(r.ua ?? '');
    if (!count) feed.clients.add(`${r.ip} ${r.ua ?? ''}`);
    else if (!count.implausible)
      feed.latest.set(`${count.aggregator} ${count.feedId ?? ''}`, count.subscribers);
  }
  return new Map(
    [...feeds].map(([path, f]) => [path, [...f.latest.values()].reduce((a, b) => a + b, 0) + f.clients.size]),
  );
}

const agents = fc.constantFrom(
  undefined,
  '',
  'newsboat/2.21.0 (Linux x86_64)',
  'NetNewsWire (RSS Reader; https://netnewswire.com/)',
  'Feedly/1.0 (+http://www.feedly.com/fetcher.html; 462 subscribers; like FeedFetcher-Google)',
  'Feedly/1.0 (+http://www.feedly.com/fetcher.html; 470 subscribers; like FeedFetcher-Google)',
  'Mozilla/5.0 (compatible; inoreader.com; 114 subscribers)',
  'Feedbin feed-id:1234 - 58 subscribers',
  'Feedbin feed-id:99 - 3 subscribers',
  'NewsBlur Feed Fetcher - 1000000 subscribers',
  'SomeReader/2.0 (7 readers)',
);

const request = fc.record({
  gap: fc.integer({ min: 1, max: 20 * HOUR }),
  ip: fc.constantFrom('203.0.113.5', '203.0.113.6', '2001:db8::1'),
  path: fc.constantFrom('/feed.xml', '/atom.xml?utm=x', '/tags/a/feed.json', '/page/2/feed.xml', '/'),
  status: fc.constantFrom(200, 304, 304, 404, 429),
  ua: agents,
});

describe('subscriber estimates', () => {
  it('equal the obvious computation over every request, whenever they are asked for', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(request, fc.boolean()), { maxLength: 60 }),
        fc.integer({ min: 0, max: 40 * HOUR }),
        (steps, after) => {
          const estimates = new ReaderEstimates();
          const seen: Seen[] = [];
          let time = 1_700_000_000_000;
          for (const [{ gap, ...r }, ask] of steps) {
            time += gap;
            const one = { ...r, time };
            seen.push(one);
            estimates.add(one.time, one.ip, one.path, one.status, one.ua);
            if (ask) expect(estimates.estimates(time)).toEqual(obvious(seen, time));
          }
          expect(estimates.estimates(time + after)).toEqual(obvious(seen, time + after));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('remember a bounded number of clients per feed, dropping the oldest', () => {
    const estimates = new ReaderEstimates();
    const start = 1_700_000_000_000;
    const clients = ReaderEstimates.MAX_CLIENTS + 10_000;
    for (let i = 0; i < clients; i++)
      estimates.add(start + i, `10.0.${i >> 8}.${i & 255}`, '/feed.xml', 304, `r${i}`);
    const counted = estimates.estimates(start + clients).get('/feed.xml') ?? 0;
    expect(counted).toBeLessThanOrEqual(ReaderEstimates.MAX_CLIENTS);
    expect(counted).toBeGreaterThanOrEqual(ReaderEstimates.MAX_CLIENTS / 2);
    // The newest client is one of those kept: asked again with it alone in the window, it counts.
    expect(estimates.estimates(start + clients - 1 + WINDOW_HOURS * HOUR).get('/feed.xml')).toBe(1);
  });

  it('count a client again that polls after the window forgot it', () => {
    const estimates = new ReaderEstimates();
    const start = 1_700_000_000_000;
    const later = start + (WINDOW_HOURS + 1) * HOUR;
    estimates.add(start, '203.0.113.5', '/feed.xml', 304, 'newsboat/2.21.0 (Linux x86_64)');
    expect(estimates.estimates(later).get('/feed.xml')).toBe(0);
    // The same client as the request before: counted in the feed's clients as they are now.
    estimates.add(later, '203.0.113.5', '/feed.xml', 304, 'newsboat/2.21.0 (Linux x86_64)');
    expect(estimates.estimates(later).get('/feed.xml')).toBe(1);
  });
});
