// Two `herald serve` processes on the same folder are interchangeable behind a load balancer or a
// CDN: same bytes, ETags and Last-Modified for every URL and encoding, also across a restart and
// after an edit both have picked up.
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadSite } from '../../src/load-site.ts';
import { cliSettings, type FixtureFolder, makeFixtureFolder } from '../export/site-fixture-folder.ts';
import { articleText } from '../helpers/articles-dir.ts';
import { type RawResponse, rawGet } from '../helpers/raw-http.ts';
import { type RunningHerald, serveHerald } from '../helpers/run-herald.ts';

interface Instance {
  herald: RunningHerald;
  url: string;
}

let fixture: FixtureFolder;
let paths: string[];
const running: Instance[] = [];

async function startInstance(): Promise<Instance> {
  const herald = await serveHerald(cliSettings(fixture), fixture.root, {}, 30_000);
  const instance = { herald, url: herald.url };
  running.push(instance);
  return instance;
}

async function stop(instance: Instance): Promise<void> {
  instance.herald.child.kill('SIGTERM');
  await instance.herald.exited;
}

/** Everything a cache or a reader could compare between two answers for the same URL. */
function comparable(response: RawResponse) {
  return {
    status: response.status,
    body: response.body.toString('base64'),
    etag: response.headers.etag,
    lastModified: response.headers['last-modified'],
    contentType: response.headers['content-type'],
    contentEncoding: response.headers['content-encoding'],
    contentLength: response.headers['content-length'],
  };
}

async function expectSameAnswers(a: Instance, b: Instance, urls: readonly string[]): Promise<void> {
  for (const path of urls) {
    for (const encoding of ['identity', 'gzip', 'br']) {
      const headers = { 'Accept-Encoding': encoding };
      const [first, second] = await Promise.all([
        rawGet(`${a.url}${path}`, headers),
        rawGet(`${b.url}${path}`, headers),
      ]);
      expect(comparable(second), `${path} ${encoding}`).toEqual(comparable(first));
    }
  }
}

beforeAll(async () => {
  fixture = await makeFixtureFolder(30);
  paths = [
    ...(await loadSite(fixture.settings, new Date(), fixture.root)).rendered.paths(),
    '/no-such-page/',
  ];
}, 60_000);

afterAll(async () => {
  await Promise.all(running.map(stop));
  await rm(fixture.root, { recursive: true, force: true });
});

describe('two herald serve processes on the same folder', () => {
  let first: Instance;
  let second: Instance;

  beforeAll(async () => {
    [first, second] = await Promise.all([startInstance(), startInstance()]);
  }, 60_000);

  it('answer every URL with the same bytes, ETag and Last-Modified in every encoding', async () => {
    expect(paths.length).toBeGreaterThan(80);
    await expectSameAnswers(first, second, paths);
  });

  it('answer 304 to an ETag the other process gave', async () => {
    const etag = (await rawGet(`${first.url}/feed.xml`, { 'Accept-Encoding': 'gzip' })).headers
      .etag as string;
    const other = await rawGet(`${second.url}/feed.xml`, {
      'Accept-Encoding': 'gzip',
      'If-None-Match': etag,
    });
    expect(other.status).toBe(304);
  });

  it('agree again once both have picked up an edit', async () => {
    await writeFile(
      join(fixture.articlesDir, '2022-06-01-shared-edit.md'),
      articleText({ title: 'Seen by both', date: '2022-06-01', tags: ['Both'] }),
    );
    for (const instance of [first, second]) {
      await vi.waitFor(
        async () =>
          expect((await rawGet(`${instance.url}/feed.xml`)).body.toString()).toContain('Seen by both'),
        { timeout: 10_000, interval: 50 },
      );
    }
    await expectSameAnswers(first, second, [
      '/',
      '/feed.xml',
      '/atom.xml',
      '/feed.json',
      '/articles/shared-edit/',
      '/tags/',
      '/tags/both/',
      '/tags/both/feed.xml',
    ]);
  });

  it('keep every ETag when one restarts', async () => {
    const etags = (instance: Instance) =>
      Promise.all(paths.map(async (path) => (await rawGet(`${instance.url}${path}`)).headers.etag));
    const before = await etags(first);
    await stop(first);
    first = await startInstance();
    expect(await etags(first)).toEqual(before);
    expect(await etags(second)).toEqual(before);
  }, 60_000);
});
