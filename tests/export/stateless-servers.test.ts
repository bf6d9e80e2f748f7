// Several Herald processes behind a load balancer or CDN must be interchangeable: same bytes, same ETags.
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../../src/http/server.ts';
import { rawGet } from '../helpers/raw-http.ts';
import { type FixtureFolder, makeFixtureFolder } from './site-fixture-folder.ts';

describe('two Herald servers on the same articles', () => {
  let fixture: FixtureFolder;
  let first: RunningServer;
  let second: RunningServer;

  beforeAll(async () => {
    fixture = await makeFixtureFolder(30);
    first = await startServer({ settings: fixture.settings });
    second = await startServer({ settings: fixture.settings });
  });

  afterAll(async () => {
    await first?.close();
    await second?.close();
    await rm(fixture.root, { recursive: true, force: true });
  });

  it.each([['identity'], ['gzip'], ['br']])(
    'send identical bodies and ETags for every URL (%s)',
    async (encoding) => {
      const headers = { 'Accept-Encoding': encoding };
      const paths = first.live.rendered.paths();
      expect(second.live.rendered.paths()).toEqual(paths);
      for (const path of paths) {
        const [a, b] = await Promise.all([
          rawGet(`${first.url}${path}`, headers),
          rawGet(`${second.url}${path}`, headers),
        ]);
        expect(a.status, path).toBe(b.status);
        expect(a.headers.etag, path).toBe(b.headers.etag);
        expect(a.headers['last-modified'], path).toBe(b.headers['last-modified']);
        expect(a.body.equals(b.body), path).toBe(true);
      }
    },
  );

  it('answers 304 to an ETag the other server gave', async () => {
    const first304 = await rawGet(`${first.url}/feed.xml`);
    const other = await rawGet(`${second.url}/feed.xml`, {
      'If-None-Match': first304.headers.etag as string,
    });
    expect(other.status).toBe(304);
  });
});
