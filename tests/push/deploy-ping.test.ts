// `herald deploy --ping` tells an external hub (a stub recording its pings) about exactly the
// subscription feeds it uploaded to the bucket (a real S3-protocol server), after uploading them.
import { readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  cliSettings,
  type FixtureFolder,
  makeFixtureFolder,
  SITE_URL,
} from '../export/site-fixture-folder.ts';
import { runHerald } from '../helpers/run-herald.ts';
import { type S3Server, startS3Server } from '../helpers/s3-server.ts';

describe('herald deploy --ping', () => {
  let fixture: FixtureFolder;
  let s3: S3Server;
  let hub: Server;
  let hubUrl: string;
  /** Each ping, with the feed's bytes in the bucket at that moment. */
  const pings: { url: string; inBucket: string }[] = [];

  beforeAll(async () => {
    fixture = await makeFixtureFolder(6);
    s3 = await startS3Server();
    hub = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => {
        body += chunk;
      });
      req.on('end', async () => {
        const params = new URLSearchParams(body);
        const url = params.get('hub.url') ?? '';
        if (params.get('hub.mode') === 'publish') {
          // What the hub would fetch: the object under the deploy's prefix.
          const key = `live/${url.slice(SITE_URL.length)}`;
          const object = await s3.get(key);
          pings.push({ url, inBucket: object.ok ? await object.text() : '' });
        }
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((done) => hub.listen(0, '127.0.0.1', done));
    hubUrl = `http://127.0.0.1:${(hub.address() as AddressInfo).port}/`;
  });

  afterAll(async () => {
    await new Promise<void>((done) => hub.close(() => done()));
    await s3?.close();
    await rm(fixture.root, { recursive: true, force: true });
  });

  const deploy = (...args: string[]) =>
    runHerald(['deploy', `s3://${s3.bucket}/live`, ...cliSettings(fixture), ...args], fixture.root, {
      ...s3.env,
      HERALD_HUB: hubUrl,
    });

  it('pings every subscription feed once on the first deploy, each already in the bucket', async () => {
    const first = await deploy('--ping');
    expect(first.code, first.stderr).toBe(0);
    const urls = pings.map((p) => p.url);
    expect(urls).toContain(`${SITE_URL}feed.xml`);
    expect(urls).toContain(`${SITE_URL}tags/xiaomi/atom.xml`);
    expect(new Set(urls).size).toBe(urls.length);
    expect(urls.every((url) => /\/(feed\.xml|atom\.xml|feed\.json)$/.test(url))).toBe(true);
    expect(urls.some((url) => url.includes('/page/'))).toBe(false);
    expect(first.stdout).toContain(`Told ${hubUrl} about ${urls.length} changed feeds`);
    const feed = pings.find((p) => p.url === `${SITE_URL}feed.xml`);
    expect(feed?.inBucket).toContain('<rss');
  }, 120_000);

  it('pings nothing when nothing changed, and exactly the uploaded feeds after an edit', async () => {
    pings.length = 0;
    expect((await deploy('--ping')).code).toBe(0);
    expect(pings).toEqual([]);

    await writeFile(
      join(fixture.articlesDir, 'pinged.md'),
      '---\ntitle: Pinged by deploy\ndate: 2020-01-01T10:00:00Z\ntags: [Brand New Tag]\n---\nNew.\n',
    );
    const run = await deploy('--ping', '--changed-file', 'changed.txt');
    expect(run.code).toBe(0);
    const uploaded = (await readFile(join(fixture.root, 'changed.txt'), 'utf8')).split('\n');
    const expected = ['feed.xml', 'atom.xml', 'feed.json'].flatMap((file) => [
      `${SITE_URL}${file}`,
      `${SITE_URL}tags/brand-new-tag/${file}`,
      `${SITE_URL}authors/admin/${file}`,
    ]);
    expect(pings.map((p) => p.url).sort()).toEqual(expected.sort());
    for (const url of expected) expect(uploaded).toContain(url);
    // Each feed was uploaded before its ping: the hub finds the new article there.
    for (const ping of pings) expect(ping.inBucket, ping.url).toContain('Pinged by deploy');
  }, 180_000);

  it('refuses --ping without an external hub', async () => {
    const run = await runHerald(
      ['deploy', `s3://${s3.bucket}/other`, '--ping', ...cliSettings(fixture)],
      fixture.root,
      s3.env,
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--ping needs an external hub');
  });
});
