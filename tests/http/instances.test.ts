// Same articles, same bytes: ETags survive restarts and agree across instances behind a load balancer.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ArticlesDir, makeArticlesDir } from '../helpers/articles-dir.ts';
import { header, send, serve } from '../helpers/server.ts';

let articles: ArticlesDir;

beforeEach(async () => {
  articles = await makeArticlesDir();
});

afterEach(async () => {
  await articles.dispose();
});

describe('when two instances serve the same articles', () => {
  it('give identical bodies, ETags and Last-Modified for every path and encoding', async () => {
    const first = await serve(articles.path);
    const second = await serve(articles.path, { watch: true });
    const paths = first.live.rendered.paths();
    expect(second.live.rendered.paths()).toEqual(paths);
    for (const path of [...paths, '/no-such-page/']) {
      for (const encoding of ['identity', 'gzip', 'br']) {
        const headers = { 'accept-encoding': encoding };
        const [a, b] = await Promise.all([
          send(`${first.url}${path}`, { headers }),
          send(`${second.url}${path}`, { headers }),
        ]);
        expect(b.status, path).toBe(a.status);
        expect(b.body.equals(a.body), `${path} ${encoding}`).toBe(true);
        for (const name of ['etag', 'last-modified', 'content-type', 'content-length']) {
          expect(header(b, name), `${path} ${encoding} ${name}`).toBe(header(a, name));
        }
      }
    }
  });

  it('answers 304 to an ETag the other instance gave', async () => {
    const first = await serve(articles.path);
    const second = await serve(articles.path);
    const etag = header(
      await send(`${first.url}/feed.xml`, { headers: { 'accept-encoding': 'gzip' } }),
      'etag',
    );
    const response = await send(`${second.url}/feed.xml`, {
      headers: { 'accept-encoding': 'gzip', 'if-none-match': etag as string },
    });
    expect(response.status).toBe(304);
  });
});

describe('when the server restarts', () => {
  it('keeps every ETag', async () => {
    const before = await serve(articles.path);
    const etags = async (url: string, paths: string[]) =>
      Promise.all(paths.map(async (path) => header(await send(`${url}${path}`), 'etag')));
    const paths = before.live.rendered.paths();
    const old = await etags(before.url, paths);
    await before.close();
    const after = await serve(articles.path);
    expect(await etags(after.url, paths)).toEqual(old);
  });
});
