// `herald deploy` against a real S3-protocol server (s3rver on 127.0.0.1) with the official client:
// what is uploaded, with which headers, only what changed, and what an interrupted run leaves.

import { readFile, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { HeadObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { filePathFor } from '../../src/export/file-paths.ts';
import { loadSite } from '../../src/load-site.ts';
import { runHerald, spawnHerald, watchHerald } from '../helpers/run-herald.ts';
import { type S3Server, startS3Server } from '../helpers/s3-server.ts';
import { serve } from '../helpers/server.ts';
import {
  cliSettings,
  type FixtureFolder,
  HUB_URL,
  makeFixtureFolder,
  SITE_URL,
} from './site-fixture-folder.ts';

describe('herald deploy', () => {
  let fixture: FixtureFolder;
  let s3: S3Server;
  let client: S3Client;
  /** The fixture's settings for a CLI run: its external hub, and the S3 server. */
  let env: Record<string, string>;

  beforeAll(async () => {
    fixture = await makeFixtureFolder(12);
    s3 = await startS3Server();
    env = { ...s3.env, HERALD_HUB: HUB_URL };
    client = s3.client();
  });

  afterAll(async () => {
    client?.destroy();
    await s3?.close();
    await rm(fixture.root, { recursive: true, force: true });
  });

  const deploy = (target: string, ...args: string[]) =>
    runHerald(['deploy', target, ...cliSettings(fixture), ...args], fixture.root, env);

  /** Every object under the prefix: key → its ETag (an MD5 of the bytes) and LastModified. */
  async function objects(prefix: string): Promise<Map<string, string>> {
    const found = new Map<string, string>();
    let token: string | undefined;
    do {
      const page = await client.send(
        new ListObjectsV2Command({ Bucket: s3.bucket, Prefix: `${prefix}/`, ContinuationToken: token }),
      );
      for (const object of page.Contents ?? []) found.set(object.Key as string, `${object.ETag}`);
      token = page.NextContinuationToken;
    } while (token);
    return found;
  }

  /** URL paths of the site now, with the ETag of each. */
  async function siteNow(): Promise<Map<string, string>> {
    const { rendered } = await loadSite(fixture.settings, new Date(), fixture.root);
    return new Map(rendered.paths().map((path) => [path, rendered.get(path)?.etag as string]));
  }

  async function changedFile(): Promise<string[]> {
    const text = await readFile(join(fixture.root, 'changed.txt'), 'utf8');
    return text.split('\n').filter(Boolean).sort();
  }

  describe('the first deploy', () => {
    it('uploads every URL with its Content-Type, charset and Cache-Control, as herald serve answers it', async () => {
      const result = await deploy(`s3://${s3.bucket}/live`, '--changed-file', 'changed.txt');
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      const paths = [...(await siteNow()).keys()];
      expect(result.stdout).toMatch(
        new RegExp(
          `uploaded ${paths.length} objects \\(.*\\), deleted 0, unchanged 0 to s3://site/live in [\\d.]+ s\\n$`,
        ),
      );
      expect(await changedFile()).toEqual(paths.map((path) => new URL(path.slice(1), SITE_URL).href).sort());
      const keys = [...(await objects('live')).keys()].sort();
      expect(keys).toEqual(
        [...paths.map((path) => `live/${filePathFor(path)}`), 'live/.herald-manifest.json'].sort(),
      );

      const types: Record<string, string> = {
        '/feed.xml': 'application/rss+xml; charset=utf-8',
        '/atom.xml': 'application/atom+xml; charset=utf-8',
        '/feed.json': 'application/feed+json; charset=utf-8',
        '/': 'text/html; charset=utf-8',
      };
      for (const [path, type] of Object.entries(types)) {
        const response = await s3.get(`live/${filePathFor(path)}`);
        expect(response.headers.get('content-type'), path).toBe(type);
        expect(response.headers.get('cache-control'), path).toBe('public, max-age=300');
      }

      const server = await serve(fixture.articlesDir, { settings: { siteUrl: SITE_URL, hub: HUB_URL } });
      for (const path of paths) {
        const [fromHerald, fromBucket] = await Promise.all([
          fetch(`${server.url}${path}`, { headers: { 'accept-encoding': 'identity' } }),
          s3.get(`live/${filePathFor(path)}`),
        ]);
        expect(fromBucket.status, path).toBe(200);
        expect(fromBucket.headers.get('content-type'), path).toBe(fromHerald.headers.get('content-type'));
        expect(fromBucket.headers.get('cache-control'), path).toBe(fromHerald.headers.get('cache-control'));
        expect(
          Buffer.from(await fromBucket.arrayBuffer()).equals(Buffer.from(await fromHerald.arrayBuffer())),
          path,
        ).toBe(true);
      }
    }, 120_000);
  });

  describe('when nothing changed', () => {
    it('uploads and deletes nothing', async () => {
      const before = await objects('live');
      const result = await deploy(`s3://${s3.bucket}/live`, '--changed-file', 'changed.txt');
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(
        /^uploaded 0 objects, deleted 0, unchanged \d+ to s3:\/\/site\/live in [\d.]+ s\n$/,
      );
      expect(await changedFile()).toEqual([]);
      expect(await objects('live')).toEqual(before);
    });
  });

  describe('after one edit and one deletion', () => {
    it('uploads exactly the objects whose bytes changed and deletes exactly the removed ones', async () => {
      const before = await siteNow();
      const objectsBefore = await objects('live');
      const file = join(fixture.articlesDir, '2020-01-03-post-3.md');
      await writeFile(file, (await readFile(file, 'utf8')).replace('Paragraph 1', 'Paragraph one'));
      await rm(join(fixture.articlesDir, '2020-01-05-post-5.md'));
      const after = await siteNow();
      const changed = [...after].filter(([path, etag]) => before.get(path) !== etag).map(([path]) => path);
      const removed = [...before.keys()].filter((path) => !after.has(path));
      expect(removed.length).toBeGreaterThan(0);

      const dry = await deploy(`s3://${s3.bucket}/live`, '--dry-run');
      expect(dry.code).toBe(0);
      expect(dry.stdout).toContain(`would upload ${changed[0]}`);
      expect(dry.stdout).toContain(`would delete ${removed[0]}`);
      expect(await objects('live')).toEqual(objectsBefore);

      const result = await deploy(`s3://${s3.bucket}/live`, '--changed-file', 'changed.txt');
      expect(result.code).toBe(0);
      expect(await changedFile()).toEqual(
        [...changed, ...removed].map((path) => new URL(path.slice(1), SITE_URL).href).sort(),
      );
      const objectsAfter = await objects('live');
      for (const path of removed) expect(objectsAfter.has(`live/${filePathFor(path)}`), path).toBe(false);
      for (const path of after.keys()) {
        const key = `live/${filePathFor(path)}`;
        if (changed.includes(path)) expect(objectsAfter.get(key), path).not.toBe(objectsBefore.get(key));
        else expect(objectsAfter.get(key), path).toBe(objectsBefore.get(key));
      }
    }, 120_000);
  });

  describe('when an article lists an old address in aliases:', () => {
    it('uploads a redirect object that leads to its URL, its body a page that redirects', async () => {
      const file = join(fixture.articlesDir, '2022-06-01-moved-here.md');
      await writeFile(
        file,
        '---\ntitle: Moved here\ndate: 2022-06-01\naliases: [/2019/05/old-name/, /old-name.html]\n---\n\nThe article that used to live elsewhere.\n',
      );
      try {
        const result = await deploy(`s3://${s3.bucket}/redirects`);
        expect(result.code).toBe(0);
        const to = new URL('articles/moved-here/', SITE_URL).href;
        for (const key of ['redirects/2019/05/old-name/index.html', 'redirects/old-name.html']) {
          const head = await client.send(new HeadObjectCommand({ Bucket: s3.bucket, Key: key }));
          expect(head.WebsiteRedirectLocation).toBe(to);
          const response = await s3.get(key);
          expect(response.headers.get('x-amz-website-redirect-location')).toBe(to);
          // The body redirects too, for hosts that serve objects without their redirect metadata.
          const body = await response.text();
          expect(body).toContain(`url=${to}`);
          expect(body).toContain(`<link rel="canonical" href="${to}">`);
        }
        const page = await client.send(
          new HeadObjectCommand({ Bucket: s3.bucket, Key: 'redirects/articles/moved-here/index.html' }),
        );
        expect(page.WebsiteRedirectLocation).toBeUndefined();
        expect(page.ContentType).toBe('text/html; charset=utf-8');
      } finally {
        await rm(file, { force: true });
      }
    }, 120_000);
  });

  describe('when a deploy is killed half-way', () => {
    it('is completed by the next run, ending identical to an uninterrupted deploy', async () => {
      const reference = await deploy(`s3://${s3.bucket}/reference`);
      expect(reference.code).toBe(0);
      const child = spawnHerald(
        ['deploy', `s3://${s3.bucket}/resumed`, ...cliSettings(fixture)],
        fixture.root,
        env,
      );
      const running = watchHerald(child);
      // Wait until some, not all, objects are in the bucket.
      for (let i = 0; ; i += 1) {
        if ((await objects('resumed')).size > 10) break;
        if (i > 1000) throw new Error('the deploy never started uploading');
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      child.kill('SIGKILL');
      expect((await running.exited).signal).toBe('SIGKILL');
      const total = (await objects('reference')).size;
      expect((await objects('resumed')).size).toBeLessThan(total);

      const again = await deploy(`s3://${s3.bucket}/resumed`);
      expect(again.code).toBe(0);
      const strip = (found: Map<string, string>, prefix: string) =>
        new Map([...found].map(([key, etag]) => [key.slice(prefix.length), etag]));
      expect(strip(await objects('resumed'), 'resumed')).toEqual(
        strip(await objects('reference'), 'reference'),
      );
      for (const key of (await objects('resumed')).keys()) {
        const [a, b] = await Promise.all([s3.get(key), s3.get(`reference${key.slice('resumed'.length)}`)]);
        expect(a.headers.get('content-type'), key).toBe(b.headers.get('content-type'));
        expect(await a.text(), key).toBe(await b.text());
      }
      const third = await deploy(`s3://${s3.bucket}/resumed`);
      expect(third.stdout).toMatch(/^uploaded 0 objects, deleted 0/);
    }, 120_000);
  });

  describe('when the storage refuses or cannot be reached', () => {
    it('says so in one line and exits with 1 for wrong credentials', async () => {
      const result = await runHerald(
        ['deploy', `s3://${s3.bucket}/live`, ...cliSettings(fixture)],
        fixture.root,
        {
          ...env,
          // s3rver checks the key id but not V4 signatures, so a wrong secret would pass there.
          AWS_ACCESS_KEY_ID: 'WRONGKEY',
        },
      );
      expect(result.code).toBe(1);
      expect(result.stdout).toBe('');
      expect(result.stderr).toMatch(
        /^herald deploy: s3:\/\/site\/live: access denied by http:\/\/127\.0\.0\.1:\d+ \(InvalidAccessKeyId\): check AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY or AWS_PROFILE\n$/,
      );
    });

    it('says so in one line and exits with 1 for an endpoint nobody listens on', async () => {
      const closed = createServer();
      await new Promise<void>((done) => closed.listen(0, '127.0.0.1', done));
      const { port } = closed.address() as AddressInfo;
      await new Promise((done) => closed.close(done));
      const result = await runHerald(
        ['deploy', `s3://${s3.bucket}/live`, ...cliSettings(fixture)],
        fixture.root,
        {
          ...env,
          AWS_ENDPOINT_URL: `http://127.0.0.1:${port}`,
        },
      );
      expect(result.code).toBe(1);
      expect(result.stdout).toBe('');
      expect(result.stderr).toMatch(
        new RegExp(
          `^herald deploy: s3://site/live: cannot reach http://127\\.0\\.0\\.1:${port} \\(.*\\): check AWS_ENDPOINT_URL and the network\\n$`,
        ),
      );
    });
  });
});
