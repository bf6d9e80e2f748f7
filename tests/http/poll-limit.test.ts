import { describe, expect, it } from 'vitest';
import { PollLimit } from '../../src/http/poll-limit.ts';

function limiter(perMinute = 1, burst = 3) {
  let now = 0;
  const logs: string[] = [];
  const limit = new PollLimit({ perMinute, burst, now: () => now, log: (line) => logs.push(line) });
  return { limit, logs, advance: (ms: number) => (now += ms) };
}

describe('the polling limit', () => {
  it('lets a burst through, then asks the client to wait until its next fetch is due', () => {
    const { limit, advance } = limiter(1, 3);
    expect([1, 2, 3].map(() => limit.take('10.0.0.1', 'curl/8', '/feed.xml'))).toEqual([0, 0, 0]);
    expect(limit.take('10.0.0.1', 'curl/8', '/feed.xml')).toBe(60);
    advance(30_000);
    expect(limit.take('10.0.0.1', 'curl/8', '/feed.xml')).toBe(30);
    advance(30_000);
    expect(limit.take('10.0.0.1', 'curl/8', '/feed.xml')).toBe(0);
  });

  it('keys clients by address, User-Agent and feed', () => {
    const { limit } = limiter(1, 1);
    expect(limit.take('10.0.0.1', 'a', '/feed.xml')).toBe(0);
    expect(limit.take('10.0.0.1', 'b', '/feed.xml')).toBe(0);
    expect(limit.take('10.0.0.2', 'a', '/feed.xml')).toBe(0);
    expect(limit.take('10.0.0.1', 'a', '/atom.xml')).toBe(0);
    expect(limit.take('10.0.0.1', 'a', '/feed.xml')).toBeGreaterThan(0);
  });

  it('logs a refused client once, and again only after it was let through', () => {
    const { limit, logs, advance } = limiter(1, 1);
    limit.take('10.0.0.1', 'poller', '/feed.xml');
    for (let i = 0; i < 5; i++) limit.take('10.0.0.1', 'poller', '/feed.xml');
    expect(logs).toHaveLength(1);
    expect(logs[0]).toMatch(/^429: 10\.0\.0\.1 "poller" fetches \/feed\.xml without If-None-Match/);
    advance(60_000);
    expect(limit.take('10.0.0.1', 'poller', '/feed.xml')).toBe(0);
    limit.take('10.0.0.1', 'poller', '/feed.xml');
    expect(logs).toHaveLength(2);
  });

  it('is off at 0 a minute', () => {
    const { limit } = limiter(0, 1);
    expect(limit.enabled).toBe(false);
    for (let i = 0; i < 100; i++) expect(limit.take('10.0.0.1', 'x', '/feed.xml')).toBe(0);
  });

  it('remembers a bounded number of clients', () => {
    const limit = new PollLimit({ perMinute: 1, burst: 1, maxClients: 2, now: () => 0 });
    limit.take('a', '', '/feed.xml');
    limit.take('b', '', '/feed.xml');
    limit.take('c', '', '/feed.xml'); // forgets a
    expect(limit.take('a', '', '/feed.xml')).toBe(0);
    expect(limit.take('c', '', '/feed.xml')).toBeGreaterThan(0);
  });
});
