// /healthz tells a load balancer when the site being served is no longer the articles folder's.
import { rename } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type ArticlesDir, articleText, makeArticlesDir } from '../helpers/articles-dir.ts';
import { send, serve } from '../helpers/server.ts';

let articles: ArticlesDir;

beforeEach(async () => {
  articles = await makeArticlesDir();
});

afterEach(async () => {
  await articles.dispose();
});

async function health(url: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await send(`${url}/healthz`);
  return { status: response.status, body: JSON.parse(response.body.toString()) as Record<string, unknown> };
}

describe('/healthz', () => {
  it('is degraded, with a non-200 status, while the articles folder is gone, and ok once it is back', async () => {
    const server = await serve(articles.path, { watch: true });
    expect(await health(server.url)).toMatchObject({ status: 200, body: { status: 'ok' } });
    await rename(articles.path, `${articles.path}.away`);
    await vi.waitFor(
      async () =>
        expect(await health(server.url)).toMatchObject({
          status: 503,
          body: { status: 'degraded', error: expect.stringContaining('is gone') },
        }),
      { timeout: 10_000, interval: 100 },
    );
    // Still serving the last good site meanwhile.
    expect((await send(`${server.url}/feed.xml`)).status).toBe(200);
    await rename(`${articles.path}.away`, articles.path);
    await articles.write('2022-06-01-back.md', articleText({ title: 'Back', date: '2022-06-01' }));
    await vi.waitFor(
      async () => {
        expect(await health(server.url)).toMatchObject({ status: 200, body: { status: 'ok' } });
        expect((await send(`${server.url}/articles/back/`)).status).toBe(200);
      },
      { timeout: 10_000, interval: 100 },
    );
  });
});

describe('an article whose body fails when first rendered on request', () => {
  it('is reported and left out of the site, and the rest keeps being served', async () => {
    const lines: string[] = [];
    // Old enough to be on no page rendered before the first request for it.
    await articles.write(
      '2001-01-01-slow.md',
      articleText({ title: 'Slow', date: '2001-01-01', tags: ['Slowtag'], body: '_a'.repeat(50_000) }),
    );
    const server = await serve(articles.path, { watch: true, log: (line) => lines.push(line) });
    expect((await send(`${server.url}/articles/slow/`)).status).toBeLessThan(500);
    await vi.waitFor(
      async () => {
        expect(lines.join('\n')).toContain('2001-01-01-slow.md: error: body: takes too long to render');
        expect((await send(`${server.url}/articles/slow/`)).status).toBe(404);
      },
      { timeout: 10_000, interval: 100 },
    );
    expect((await send(`${server.url}/tags/slowtag/feed.xml`)).status).toBe(404);
    expect((await send(`${server.url}/feed.xml`)).status).toBe(200);
    expect((await health(server.url)).body).toMatchObject({ problems: 1 });
  });
});
