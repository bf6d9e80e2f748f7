// `herald readers` on recorded logs: Herald's own request log and nginx's combined format, with the
// User-Agent strings aggregators really send and spoofed ones.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { ReadersReport } from '../../src/readers/readers-report.ts';
import { runHerald } from '../helpers/run-herald.ts';

const LOGS = fileURLToPath(new URL('../fixtures/logs/', import.meta.url));

async function readers(...args: string[]) {
  const run = await runHerald(['readers', ...args], LOGS);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  return run.stdout;
}

describe('herald readers', { timeout: 60_000 }, () => {
  describe("on Herald's request log", () => {
    it('estimates each feed from the latest count of each aggregator plus single-user readers', async () => {
      const report = JSON.parse(await readers('--json', 'herald-requests.log')) as ReadersReport;
      expect(report.window).toEqual({ from: '2026-03-01T09:32:00.000Z', to: '2026-03-03T09:32:00.000Z' });
      expect(report.feeds.map((f) => f.feed)).toEqual(['/feed.xml', '/atom.xml']);
      const [feed, atom] = report.feeds;
      expect(feed?.aggregators).toEqual([
        { aggregator: 'Feedly', subscribers: 462, reportedAt: '2026-03-03T09:00:00.000Z' },
        { aggregator: 'Inoreader', subscribers: 114, reportedAt: '2026-03-02T10:00:01.000Z' },
        { aggregator: 'Feedbin', feedId: '1234', subscribers: 58, reportedAt: '2026-03-02T11:00:00.000Z' },
        { aggregator: 'NewsBlur', feedId: '5839', subscribers: 12, reportedAt: '2026-03-02T12:00:00.000Z' },
        {
          aggregator: 'NewsBlur',
          subscribers: 1_000_000,
          reportedAt: '2026-03-02T12:30:00.000Z',
          implausible: 'not the User-Agent NewsBlur sends',
        },
      ]);
      // 462 + 114 + 58 + 12, never 460 + 462 (two polls) nor the spoofed million; plus newsboat, two
      // NetNewsWire users, curl and BadReader.
      expect(feed).toMatchObject({ singleUserReaders: 5, estimatedSubscribers: 651, requests: 17 });
      expect(feed?.conditionalShare).toBeCloseTo(9 / 17);
      expect(feed?.notModifiedShare).toBeCloseTo(8 / 15);
      expect(atom).toMatchObject({ estimatedSubscribers: 44, singleUserReaders: 1 });
    });

    it('names the clients that misbehave and why', async () => {
      const report = JSON.parse(await readers('--json', 'herald-requests.log')) as ReadersReport;
      expect(report.feeds[0]?.misbehaving).toEqual([
        {
          ip: '192.0.2.9',
          userAgent: 'curl/8.5.0',
          requests: 5,
          problems: [
            'never sends If-None-Match or If-Modified-Since',
            'polls every 10 s though Cache-Control allows every 300 s',
          ],
        },
        {
          ip: '198.51.100.20',
          userAgent: 'BadReader/1.0',
          requests: 1,
          problems: ['sends If-Modified-Since dates Herald never sent (Sat, 01 Jan 2000 00:00:00 GMT)'],
        },
      ]);
    });

    it('prints the same as text', async () => {
      const text = await readers('herald-requests.log');
      expect(text).toContain(
        '/feed.xml: ~651 subscribers (Feedly 462, Inoreader 114, Feedbin #1234 58, NewsBlur #5839 12, 5 single-user readers)',
      );
      expect(text).toContain('  17 requests, 53% conditional, 53% answered 304');
      expect(text).toContain(
        '  not counted: NewsBlur claims 1000000 subscribers (not the User-Agent NewsBlur sends)',
      );
      expect(text).toMatch(/misbehaving: 192\.0\.2\.9 "curl\/8\.5\.0" \(5 requests\): never sends/);
    });
  });

  describe('on an nginx combined log', () => {
    it('gives the same estimates, and says what that log cannot tell', async () => {
      const report = JSON.parse(await readers('--json', 'nginx-combined.log')) as ReadersReport;
      const [feed, atom] = report.feeds;
      expect(feed?.feed).toBe('/feed.xml');
      expect(
        feed?.aggregators.filter((a) => !a.implausible).map((a) => [a.aggregator, a.subscribers]),
      ).toEqual([
        ['Inoreader', 114],
        ['Feedly', 31],
      ]);
      expect(feed).toMatchObject({ estimatedSubscribers: 147, conditionalShare: null });
      expect(feed?.notModifiedShare).toBeCloseTo(3 / 9);
      expect(feed?.misbehaving.map((m) => [m.userAgent, m.problems])).toEqual([
        [
          'python-requests/2.31.0',
          [
            'fetches the same bytes in full every time (no validators, or ignores them)',
            'polls every 5 s though Cache-Control allows every 300 s',
          ],
        ],
      ]);
      expect(atom).toMatchObject({ feed: '/atom.xml', estimatedSubscribers: 1 });
    });
  });

  it('reads several logs at once', async () => {
    const report = JSON.parse(
      await readers('--json', 'herald-requests.log', 'nginx-combined.log'),
    ) as ReadersReport;
    expect(report.feeds.length).toBe(2);
  });

  it('needs a log file', async () => {
    const run = await runHerald(['readers'], LOGS);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/give one or more log files/);
  });
});
