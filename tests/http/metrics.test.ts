// /metrics answers in the Prometheus text format, read back by a parser of that format.
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/http/server.ts';
import { type ArticlesDir, makeArticlesDir } from '../helpers/articles-dir.ts';
import { send, serve } from '../helpers/server.ts';

let articles: ArticlesDir;
let server: RunningServer;

beforeAll(async () => {
  articles = await makeArticlesDir();
  server = await serve(articles.path, { requestLog: { write: () => {} } });
});

afterAll(async () => {
  await server.close();
  await articles.dispose();
});

async function scrape() {
  server.door.flushLog();
  const response = await send(`${server.url}/metrics`);
  expect(response.status).toBe(200);
  expect(response.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
  const families = parsePrometheusTextFormat(response.body.toString());
  return (name: string) => families.find((f) => f.name === name);
}

describe('/metrics', () => {
  it('counts requests by route kind and status, and the share of 304s', async () => {
    const feed = await send(`${server.url}/feed.xml`, {
      headers: {
        'user-agent':
          'Feedly/1.0 (+http://www.feedly.com/fetcher.html; 42 subscribers; like FeedFetcher-Google)',
      },
    });
    await send(`${server.url}/feed.xml`, {
      headers: {
        'if-none-match': feed.headers.etag as string,
        'user-agent': 'newsboat/2.21.0 (Linux x86_64)',
      },
    });
    await send(`${server.url}/`);
    await send(`${server.url}/nope`);
    const metric = await scrape();
    const requests = metric('herald_http_requests_total');
    expect(requests?.type).toBe('COUNTER');
    const count = (kind: string, status: string) =>
      Number(
        requests?.metrics.find((m) => m.labels?.kind === kind && m.labels?.status === status)?.value ?? 0,
      );
    expect(count('feed', '200')).toBe(1);
    expect(count('feed', '304')).toBe(1);
    expect(count('page', '200')).toBe(1);
    expect(count('page', '404')).toBe(1);
    expect(Number(metric('herald_feed_not_modified_ratio')?.metrics[0]?.value)).toBe(0.5);
  });

  it('estimates subscribers per feed from the request log, as herald readers does', async () => {
    const metric = await scrape();
    const estimate = metric('herald_feed_subscribers_estimate')?.metrics.find(
      (m) => m.labels?.feed === '/feed.xml',
    );
    expect(Number(estimate?.value)).toBe(43); // Feedly's 42 and one newsboat
  });

  it('times each render, once per representation: a second request for the same feed renders nothing', async () => {
    const renders = async () => {
      const family = (await scrape())('herald_render_duration_seconds');
      expect(family?.type).toBe('HISTOGRAM');
      return Number((family?.metrics[0] as { count?: string } | undefined)?.count ?? 0);
    };
    // The site's feeds, home page and stylesheet were rendered at start-up; a tag's feed is rendered
    // when first asked for.
    const before = await renders();
    expect(before).toBeGreaterThanOrEqual(5);
    expect((await send(`${server.url}/tags/leica/atom.xml`)).status).toBe(200);
    expect(await renders()).toBe(before + 1);
    expect((await send(`${server.url}/tags/leica/atom.xml`)).status).toBe(200);
    expect(await renders()).toBe(before + 1);
  });

  it('has the update latency, hub subscriptions and hub deliveries', async () => {
    const metric = await scrape();
    expect(metric('herald_update_duration_seconds')?.type).toBe('HISTOGRAM');
    expect(Number(metric('herald_websub_subscriptions')?.metrics[0]?.value)).toBe(0);
    expect(metric('herald_websub_deliveries_total')?.type).toBe('COUNTER');
  });
});
