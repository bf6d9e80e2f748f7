// `herald serve` pushes: a real WebSub subscriber (the pubsubhubbub package) subscribes through
// Herald's own hub and gets each new feed body within seconds of an article being saved; with an
// external hub set, a stub hub gets one ping per changed feed URL.
import { createHmac } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pubsubhubbub from 'pubsubhubbub';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SettingsInput } from '../../src/config.ts';
import type { RunningServer } from '../../src/http/server.ts';
import { subscriptionPaths } from '../../src/push/feed-topics.ts';
import { type ArticlesDir, articleText, makeArticlesDir } from '../helpers/articles-dir.ts';
import { type PingRecorder, startPingRecorder } from '../helpers/ping-recorder.ts';
import { serve } from '../helpers/server.ts';
import { findFreePort } from '../helpers/server-at-own-origin.ts';
import { waitUntil } from '../helpers/wait.ts';

const SITE = 'https://news.example.org/';
const SECRET = 'a secret of the subscriber';

interface Delivery {
  topic: string;
  feed: Buffer;
  headers: Record<string, string>;
}

let articles: ArticlesDir;
let stateDir: string;
const cleanups: (() => Promise<void> | void)[] = [];

beforeEach(async () => {
  articles = await makeArticlesDir();
  stateDir = await mkdtemp(join(tmpdir(), 'herald-state-'));
});

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  await articles.dispose();
  await rm(stateDir, { recursive: true, force: true });
});

async function start(settings: SettingsInput = {}): Promise<RunningServer> {
  return serve(articles.path, {
    watch: true,
    settings: { stateDir, hubAllowPrivateCallbacks: true, ...settings },
    push: { hub: { retryDelaysMs: [50, 100] }, pings: { retryDelaysMs: [50] } },
  });
}

/**
 * A pubsubhubbub subscriber on 127.0.0.1, subscribed to `topic` through Herald's hub, with a secret
 * unless `signed` is false.
 */
async function subscribe(server: RunningServer, topic: string, hub = `${server.url}/websub`, signed = true) {
  const client = pubsubhubbub.createServer({
    callbackUrl: 'http://127.0.0.1:1/',
    ...(signed ? { secret: SECRET } : {}),
  });
  const deliveries: Delivery[] = [];
  client.on('feed', (delivery: Delivery) => deliveries.push(delivery));
  await new Promise<void>((done) => {
    client.on('listen', done);
    client.listen(0, '127.0.0.1');
  });
  const http = (client as unknown as { server: Server }).server;
  cleanups.push(
    () =>
      new Promise<void>((done) => {
        http.close(() => done());
        http.closeAllConnections();
      }),
  );
  const callback = `http://127.0.0.1:${(http.address() as AddressInfo).port}/`;
  (client as unknown as { callbackUrl: string }).callbackUrl = callback;
  client.subscribe(topic, hub, (error) => {
    if (error) throw error;
  });
  await waitUntil(
    () =>
      server.door.hub?.subscriptions().some((s) => s.topic === topic && s.callback.startsWith(callback)) ??
      false,
    5000,
  );
  // The package sends HMAC-SHA1(secret, topic) as hub.secret but checks signatures with the raw secret;
  // given the secret it sent, it checks Herald's signatures and emits only deliveries that pass.
  const sent = createHmac('sha1', SECRET).update(topic).digest('hex');
  if (signed) (client as unknown as { secret: string }).secret = sent;
  return { deliveries, secret: sent, client };
}

const NEW_ARTICLE = articleText({ title: 'Pushed within seconds', date: '2023-01-02', tags: ['Push'] });

describe('herald serve with its own WebSub hub', () => {
  it('pushes the new feed to a subscriber within 2 s of an article being saved, signed with its secret', async () => {
    const server = await start();
    const subscriber = await subscribe(server, `${SITE}feed.xml`);
    const saved = Date.now();
    await articles.write('2023-01-02-pushed.md', NEW_ARTICLE);
    await waitUntil(() => subscriber.deliveries.length > 0, 2000);
    expect(Date.now() - saved).toBeLessThan(2000);
    const [delivery] = subscriber.deliveries as [Delivery];
    expect(delivery.feed.toString()).toContain('<title>Pushed within seconds</title>');
    expect(delivery.headers['content-type']).toBe('application/rss+xml; charset=utf-8');
    expect(delivery.headers.link).toBe(`<${SITE}websub>; rel="hub", <${SITE}feed.xml>; rel="self"`);
    const signature = createHmac('sha256', subscriber.secret).update(delivery.feed).digest('hex');
    expect(delivery.headers['x-hub-signature']).toBe(`sha256=${signature}`);
    // What was pushed is what a reader polling the feed now gets.
    const polled = await fetch(`${server.url}/feed.xml`);
    expect(Buffer.from(await polled.arrayBuffer()).equals(delivery.feed)).toBe(true);
  });

  it('is found from the feed itself: a subscriber follows the Link header to /websub and gets pushes', async () => {
    // The site at its own origin, so the advertised hub is the address a subscriber can reach.
    const port = await findFreePort();
    const origin = `http://127.0.0.1:${port}/`;
    const server = await start({ siteUrl: origin, port });
    const link = (await fetch(`${origin}atom.xml`)).headers.get('link') ?? '';
    const hub = /<([^>]+)>; rel="hub"/.exec(link)?.[1];
    const self = /<([^>]+)>; rel="self"/.exec(link)?.[1];
    expect(hub).toBe(`${origin}websub`);
    expect(self).toBe(`${origin}atom.xml`);
    // The site is served over plain HTTP here, so a subscriber's secret would be refused (see below).
    const subscriber = await subscribe(server, self ?? '', hub, false);
    await articles.write('2023-01-02-pushed.md', NEW_ARTICLE);
    await waitUntil(() => subscriber.deliveries.length > 0, 5000);
    expect(subscriber.deliveries[0]?.feed.toString()).toContain(
      '<title type="text">Pushed within seconds</title>',
    );
    expect(subscriber.deliveries[0]?.headers['x-hub-signature']).toBeUndefined();
  });

  it('takes hub.secret only over HTTPS: by the site URL, or by X-Forwarded-Proto from a trusted proxy', async () => {
    const post = async (server: RunningServer, headers: Record<string, string> = {}) => {
      const response = await fetch(`${server.url}/websub`, {
        method: 'POST',
        body: new URLSearchParams({
          'hub.mode': 'subscribe',
          'hub.topic': `${server.live.rendered.site.settings.siteUrl}feed.xml`,
          'hub.callback': 'http://127.0.0.1:9/cb',
          'hub.secret': SECRET,
        }),
        headers,
      });
      return { status: response.status, text: await response.text() };
    };
    // An https site URL: a TLS proxy is in front, so the secret came encrypted.
    const behindTls = await start();
    expect((await post(behindTls)).status).toBe(202);
    await behindTls.close();
    // A plain-HTTP site: refused, saying why.
    const plain = await start({ siteUrl: 'http://news.example.org/' });
    const refused = await post(plain);
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('hub.secret is only accepted over HTTPS');
    await plain.close();
    // A trusted proxy says which scheme the client used; an untrusted header would change nothing.
    const proxied = await start({ trustProxy: true });
    expect((await post(proxied, { 'X-Forwarded-Proto': 'https' })).status).toBe(202);
    expect((await post(proxied, { 'X-Forwarded-Proto': 'http' })).status).toBe(400);
    expect((await post(proxied)).status).toBe(400);
  });

  it('notifies nobody subscribed to a feed whose bytes the change did not touch', async () => {
    const server = await start();
    const site = await subscribe(server, `${SITE}atom.xml`);
    const tag = await subscribe(server, `${SITE}tags/xiaomi/atom.xml`);
    await articles.write('2023-01-02-pushed.md', NEW_ARTICLE);
    await waitUntil(() => site.deliveries.length > 0, 5000);
    await new Promise((done) => setTimeout(done, 500));
    expect(tag.deliveries).toEqual([]);
  });

  it('keeps its subscriptions across a restart, in the state folder', async () => {
    const first = await start();
    const subscriber = await subscribe(first, `${SITE}feed.json`);
    await first.close();
    const second = await start();
    expect(second.door.hub?.subscriptions().map((s) => s.topic)).toEqual([`${SITE}feed.json`]);
    await articles.write('2023-01-02-pushed.md', NEW_ARTICLE);
    await waitUntil(() => subscriber.deliveries.length > 0, 5000);
    expect(JSON.parse(subscriber.deliveries[0]?.feed.toString() ?? '{}').items[0].title).toBe(
      'Pushed within seconds',
    );
  });

  it('delivers after a restart what a subscriber that was down is owed, once it is back', async () => {
    // Retries far enough apart that the restart happens while one is waiting.
    const push = { hub: { retryDelaysMs: [1500, 1500, 1500] }, pings: { retryDelaysMs: [50] } };
    const settings = { stateDir, hubAllowPrivateCallbacks: true };
    const first = await serve(articles.path, { watch: true, settings, push });
    const subscriber = await subscribe(first, `${SITE}feed.xml`);
    const http = (subscriber.client as unknown as { server: Server }).server;
    const port = (http.address() as AddressInfo).port;
    // The subscriber goes down: its address refuses connections.
    await new Promise<void>((done) => {
      http.close(() => done());
      http.closeAllConnections();
    });
    await articles.write('2023-01-02-pushed.md', NEW_ARTICLE);
    // The first attempt failed and a retry waits (as /metrics tells).
    await waitUntil(
      async () =>
        /herald_websub_deliveries_total\{outcome="retry"\} [1-9]/.test(
          await (await fetch(`${first.url}/metrics`)).text(),
        ),
      5000,
    );
    await first.close();
    // Back at the same address, while Herald is stopped; then Herald starts again. Nothing changes
    // in the articles folder after the restart: what arrives is the delivery owed from before.
    await new Promise<void>((done) => http.listen(port, '127.0.0.1', () => done()));
    const second = await serve(articles.path, { watch: true, settings, push });
    await waitUntil(() => subscriber.deliveries.length > 0, 8000);
    const [delivery] = subscriber.deliveries as [Delivery];
    expect(delivery.feed.toString()).toContain('<title>Pushed within seconds</title>');
    const signature = createHmac('sha256', subscriber.secret).update(delivery.feed).digest('hex');
    expect(delivery.headers['x-hub-signature']).toBe(`sha256=${signature}`);
    // Delivered: nothing is owed any more, so a third start sends nothing. Closed only once the hub
    // has seen the subscriber's answer: one closed while the answer is on its way remembers the
    // delivery as owed and makes it again (by design: a body twice rather than never).
    await waitUntil(
      async () =>
        /herald_websub_deliveries_total\{outcome="delivered"\} [1-9]/.test(
          await (await fetch(`${second.url}/metrics`)).text(),
        ),
      5000,
    );
    await second.close();
    const delivered = subscriber.deliveries.length;
    await serve(articles.path, { watch: true, settings, push });
    await new Promise((done) => setTimeout(done, 2000));
    expect(subscriber.deliveries).toHaveLength(delivered);
  });

  it('advertises itself on every subscription feed', async () => {
    const server = await start();
    const response = await fetch(`${server.url}/tags/xiaomi/feed.json`);
    expect(response.headers.get('link')).toBe(
      `<${SITE}websub>; rel="hub", <${SITE}tags/xiaomi/feed.json>; rel="self"`,
    );
    expect(((await response.json()) as { hubs: unknown }).hubs).toEqual([
      { type: 'WebSub', url: `${SITE}websub` },
    ]);
  });
});

describe('herald serve with an external hub', () => {
  let hub: PingRecorder;

  beforeEach(async () => {
    hub = await startPingRecorder();
    cleanups.push(() => hub.close());
  });

  it('pings it exactly once for each feed URL whose bytes changed', async () => {
    const server = await start({ hub: hub.url });
    // The slow, obvious answer: every subscription feed's ETag before and after.
    const etags = () => {
      const rendered = server.live.rendered;
      return new Map([...subscriptionPaths(rendered.site)].map((path) => [path, rendered.get(path)?.etag]));
    };
    const before = etags();
    await articles.write('2023-01-02-pushed.md', NEW_ARTICLE);
    await waitUntil(() => hub.pings.length > 0, 5000);
    await new Promise((done) => setTimeout(done, 500));
    const after = etags();
    const changed = [...after]
      .filter(([path, etag]) => before.get(path) !== etag)
      .map(([path]) => `${SITE}${path.slice(1)}`);
    expect(changed).toContain(`${SITE}feed.xml`);
    expect(changed).toContain(`${SITE}tags/push/feed.json`);
    expect([...hub.pings].sort()).toEqual(changed.sort());
  });
});
