// Herald's WebSub hub against the `pubsubhubbub` npm package, a real WebSub subscriber, on 127.0.0.1.
import { createHmac } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, IncomingMessage, type Server } from 'node:http';
import { type AddressInfo, type LookupFunction, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pubsubhubbub from 'pubsubhubbub';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { publicOnlyLookup } from '../../src/push/callback-address.ts';
import { SubscriptionStore } from '../../src/push/subscription-store.ts';
import {
  type HubOptions,
  requestOverHttps,
  type TopicContent,
  WebSubHub,
} from '../../src/push/websub-hub.ts';
import { waitUntil } from '../helpers/wait.ts';

const SECRET = 'correct horse battery staple';

interface FeedEvent {
  topic: string;
  feed: Buffer;
  headers: Record<string, string>;
}

interface Subscriber {
  url: string;
  feeds: FeedEvent[];
  events: string[];
  client: ReturnType<typeof pubsubhubbub.createServer>;
  subscribe(topic: string): Promise<void>;
  unsubscribe(topic: string): Promise<void>;
  close(): Promise<void>;
}

/** A pubsubhubbub subscriber on port 0, with a secret, recording what it verifies and receives. */
async function startSubscriber(hubUrl: string, leaseSeconds = 0): Promise<Subscriber> {
  const client = pubsubhubbub.createServer({
    callbackUrl: 'http://127.0.0.1:1/',
    secret: SECRET,
    leaseSeconds,
  });
  const feeds: FeedEvent[] = [];
  const events: string[] = [];
  client.on('feed', (event: FeedEvent) => feeds.push(event));
  client.on('subscribe', () => events.push('subscribe'));
  client.on('unsubscribe', () => events.push('unsubscribe'));
  await new Promise<void>((done) => {
    client.on('listen', done);
    client.listen(0, '127.0.0.1');
  });
  const { port } = (client as unknown as { server: Server }).server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}/`;
  (client as unknown as { callbackUrl: string }).callbackUrl = url;
  const request = (mode: 'subscribe' | 'unsubscribe', topic: string) =>
    new Promise<void>((resolve, reject) => {
      const before = events.filter((e) => e === mode).length;
      client[mode](topic, hubUrl, (error: Error | null) => {
        if (error) reject(error);
      });
      void waitUntil(() => events.filter((e) => e === mode).length > before, 5000).then(resolve, reject);
    });
  return {
    url,
    feeds,
    events,
    client,
    async subscribe(topic) {
      (client as unknown as { secret: string }).secret = SECRET;
      await request('subscribe', topic);
      // The package sends HMAC-SHA1(secret, topic) as hub.secret but checks signatures with the raw
      // secret, so no signed delivery could ever pass its check; it is given the secret it sent.
      (client as unknown as { secret: string }).secret = derivedSecret(topic);
    },
    unsubscribe: (topic) => request('unsubscribe', topic),
    close: () =>
      new Promise((done) => {
        const server = (client as unknown as { server: Server }).server;
        server.close(() => done());
        server.closeAllConnections();
      }),
  };
}

function derivedSecret(topic: string): string {
  return createHmac('sha1', SECRET).update(topic).digest('hex');
}

describe("Herald's WebSub hub", () => {
  let dir: string;
  let server: Server;
  let hubUrl: string;
  let topicUrl: string;
  let content: TopicContent;
  let store: SubscriptionStore;
  let hub: WebSubHub;
  let clock: number;
  const logs: string[] = [];
  const closers: (() => Promise<void> | void)[] = [];

  const startHub = (options: Partial<HubOptions> = {}) => {
    store = SubscriptionStore.open(join(dir, 'hub.sqlite'));
    hub = new WebSubHub({
      store,
      hubUrl,
      topic: (url) => (url === topicUrl ? content : undefined),
      allowPrivateCallbacks: true,
      // These tests reach the hub over plain HTTP on loopback, standing in for a TLS proxy.
      overHttps: () => true,
      maxPerTopic: 100,
      maxPerHost: 100,
      lease: { defaultSeconds: 3600, minSeconds: 1, maxSeconds: 7200 },
      retryDelaysMs: [30, 60],
      timeoutMs: 2000,
      log: (line) => logs.push(line),
      now: () => clock,
      ...options,
    });
  };

  /** Stops the hub and its database (as a process exit would), then starts them again. */
  const stopHub = async () => {
    await hub.close();
    store.close();
  };
  const restartHub = async (options: Partial<HubOptions> = {}) => {
    await stopHub();
    startHub(options);
  };

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'herald-hub-'));
    clock = Date.now();
    logs.length = 0;
    server = createServer((req, res) => hub.handle(req, res));
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const { port } = server.address() as AddressInfo;
    hubUrl = `http://127.0.0.1:${port}/websub`;
    topicUrl = `http://127.0.0.1:${port}/feed.xml`;
    content = {
      body: Buffer.from('<rss version="2.0">first</rss>'),
      mediaType: 'application/rss+xml; charset=utf-8',
    };
    startHub();
  });

  afterEach(async () => {
    for (const close of closers.splice(0).reverse()) await close();
    await hub.close();
    store.close();
    await new Promise<void>((done) => server.close(() => done()));
    await rm(dir, { recursive: true, force: true });
  });

  /** A subscriber whose subscribe and unsubscribe resolve once the hub has recorded them. */
  const subscriber = async (leaseSeconds = 0) => {
    const s = await startSubscriber(hubUrl, leaseSeconds);
    closers.push(() => s.close());
    const subscribed = () => hub.subscriptions().find((sub) => sub.callback.startsWith(s.url));
    return {
      ...s,
      async subscribe(topic: string) {
        const before = subscribed()?.expiresAt ?? 0;
        await s.subscribe(topic);
        await waitUntil(() => (subscribed()?.expiresAt ?? 0) > before, 2000);
      },
      async unsubscribe(topic: string) {
        await s.unsubscribe(topic);
        await waitUntil(() => subscribed() === undefined, 2000);
      },
    };
  };

  describe('when a subscriber subscribes to a feed', () => {
    it('verifies its intent, then delivers the new body signed with HMAC-SHA256, with Content-Type and Link', async () => {
      const s = await subscriber();
      await s.subscribe(topicUrl);
      expect(hub.subscriptions()).toMatchObject([
        { topic: topicUrl, callback: expect.stringContaining(s.url) },
      ]);

      content = { body: Buffer.from('<rss version="2.0">second</rss>'), mediaType: content.mediaType };
      const sent = Date.now();
      hub.publish([topicUrl]);
      await waitUntil(() => s.feeds.length === 1, 2000);
      expect(Date.now() - sent).toBeLessThan(2000);
      const [delivery] = s.feeds as [FeedEvent];
      expect(delivery.feed.toString()).toBe('<rss version="2.0">second</rss>');
      expect(delivery.headers['content-type']).toBe('application/rss+xml; charset=utf-8');
      expect(delivery.headers.link).toBe(`<${hubUrl}>; rel="hub", <${topicUrl}>; rel="self"`);
      const expected = createHmac('sha256', derivedSecret(topicUrl)).update(delivery.feed).digest('hex');
      expect(delivery.headers['x-hub-signature']).toBe(`sha256=${expected}`);
    });

    it('delivers nothing after the subscriber unsubscribes', async () => {
      const s = await subscriber();
      await s.subscribe(topicUrl);
      await s.unsubscribe(topicUrl);
      expect(hub.subscriptions()).toEqual([]);
      hub.publish([topicUrl]);
      await new Promise((done) => setTimeout(done, 300));
      expect(s.feeds).toEqual([]);
    });

    it('delivers nothing once the lease has run out, and a renewal extends it', async () => {
      const s = await subscriber(60);
      await s.subscribe(topicUrl);
      expect(hub.subscriptions()[0]?.leaseSeconds).toBe(60);
      clock += 59_000;
      await s.subscribe(topicUrl); // a renewal: a new lease from now
      clock += 59_000;
      hub.publish([topicUrl]);
      await waitUntil(() => s.feeds.length === 1, 2000);
      clock += 61_000;
      hub.publish([topicUrl]);
      await new Promise((done) => setTimeout(done, 300));
      expect(s.feeds).toHaveLength(1);
      expect(hub.subscriptions()).toEqual([]);
    });

    it('keeps the subscription across a restart of the hub', async () => {
      const s = await subscriber();
      await s.subscribe(topicUrl);
      await restartHub();
      hub.publish([topicUrl]);
      await waitUntil(() => s.feeds.length === 1, 2000);
      expect(s.feeds[0]?.feed.toString()).toBe('<rss version="2.0">first</rss>');
    });
  });

  describe('when the hub stops while deliveries are owed', () => {
    it('makes them after the restart, of the content current then, and only once', async () => {
      const s = await subscriber();
      await s.subscribe(topicUrl);
      await restartHub();
      // Started, but the hub closes before its request leaves: still owed.
      hub.publish([topicUrl]);
      await stopHub();
      content = { ...content, body: Buffer.from('<rss version="2.0">second</rss>') };
      startHub();
      await waitUntil(() => s.feeds.length === 1, 2000);
      expect(s.feeds[0]?.feed.toString()).toBe('<rss version="2.0">second</rss>');
      await restartHub();
      await new Promise((done) => setTimeout(done, 300));
      expect(s.feeds).toHaveLength(1);
    });
  });

  describe('when a subscriber keeps failing', () => {
    it('retries with backoff, then drops the subscription and says so', async () => {
      const posts: number[] = [];
      const failing = createServer((req: IncomingMessage, res) => {
        const url = new URL(req.url ?? '/', 'http://x');
        if (req.method === 'GET') {
          res.end(url.searchParams.get('hub.challenge'));
          return;
        }
        posts.push(Date.now());
        req.resume();
        res.writeHead(500).end();
      });
      await new Promise<void>((done) => failing.listen(0, '127.0.0.1', done));
      closers.push(() => new Promise<void>((done) => failing.close(() => done())));
      const callback = `http://127.0.0.1:${(failing.address() as AddressInfo).port}/cb`;
      expect((await subscribeRaw(hubUrl, topicUrl, callback)).status).toBe(202);
      await waitUntil(() => hub.subscriptions().length === 1, 2000);

      hub.publish([topicUrl]);
      await waitUntil(() => hub.subscriptions().length === 0, 3000);
      expect(posts).toHaveLength(3); // the delivery and two retries
      // The configured delays (30 ms, then 60 ms) are lower bounds that a loaded machine only adds to,
      // so compare each wait with its own delay rather than the two waits with each other.
      expect((posts[1] as number) - (posts[0] as number)).toBeGreaterThanOrEqual(28);
      expect((posts[2] as number) - (posts[1] as number)).toBeGreaterThanOrEqual(58);
      expect(logs.join('\n')).toContain(`dropped ${callback} from ${topicUrl} after 3 failed deliveries`);
    });
  });

  describe('when a subscriber sends hub.secret over plain HTTP', () => {
    it('refuses the subscription, saying why, and accepts it without the secret', async () => {
      await restartHub({ overHttps: undefined }); // the default: the hub's own URL is http://, so no TLS
      const refused = await subscribeRaw(hubUrl, topicUrl, 'http://127.0.0.1:9/cb', {
        'hub.secret': SECRET,
      });
      expect(refused.status).toBe(400);
      expect(refused.text).toMatch(/hub.secret is only accepted over HTTPS/);
      expect((await subscribeRaw(hubUrl, topicUrl, 'http://127.0.0.1:9/cb')).status).toBe(202);
    });

    it('tells HTTPS from the hub URL, or from X-Forwarded-Proto when the proxy is trusted', () => {
      const request = (headers: Record<string, string>) => {
        const req = new IncomingMessage(new Socket());
        req.headers = headers;
        return req;
      };
      const https = 'https://news.example.org/websub';
      const http = 'http://news.example.org/websub';
      expect(requestOverHttps(request({}), false, https)).toBe(true);
      expect(requestOverHttps(request({}), false, http)).toBe(false);
      // Not trusted: a client's own X-Forwarded-Proto changes nothing.
      expect(requestOverHttps(request({ 'x-forwarded-proto': 'https' }), false, http)).toBe(false);
      expect(requestOverHttps(request({ 'x-forwarded-proto': 'https' }), true, http)).toBe(true);
      expect(requestOverHttps(request({ 'x-forwarded-proto': 'HTTPS, http' }), true, http)).toBe(true);
      expect(requestOverHttps(request({ 'x-forwarded-proto': 'http' }), true, https)).toBe(false);
      expect(requestOverHttps(request({}), true, https)).toBe(false);
    });
  });

  describe('when a request is refused', () => {
    it.each([
      [
        { 'hub.mode': 'subscribe', 'hub.topic': 'https://elsewhere.example/feed.xml' },
        400,
        /not a feed of this site/,
      ],
      [{ 'hub.mode': 'subscribe', 'hub.callback': 'ftp://example.org/' }, 400, /http\(s\)/],
      [{ 'hub.mode': 'subscribe', 'hub.lease_seconds': 'soon' }, 400, /lease_seconds/],
      [{ 'hub.mode': 'watch' }, 400, /hub.mode/],
    ])('answers %j with %i', async (fields, status, message) => {
      const answer = await subscribeRaw(hubUrl, topicUrl, 'https://reader.example/cb', fields);
      expect(answer.status).toBe(status);
      expect(answer.text).toMatch(message);
    });

    it.each([
      'http://127.0.0.1:9/cb',
      'http://10.1.2.3/cb',
      'http://192.168.0.10/cb',
      'http://[::1]/cb',
      'http://169.254.169.254/latest/meta-data',
      'http://localhost/cb',
    ])('refuses the private callback %s unless private callbacks are allowed', async (callback) => {
      await restartHub({ allowPrivateCallbacks: false });
      const answer = await subscribeRaw(hubUrl, topicUrl, callback);
      expect(answer.status).toBe(400);
      expect(answer.text).toMatch(/loopback or private/);
    });

    it('refuses, when it connects, a name that resolves to a loopback address', async () => {
      const lookup = publicOnlyLookup(false) as LookupFunction;
      const error = await new Promise<NodeJS.ErrnoException | null>((done) =>
        lookup('localhost', { all: false }, (e) => done(e)),
      );
      expect(error?.code).toBe('EPRIVATEADDRESS');
      expect(publicOnlyLookup(true)).toBeUndefined();
    });

    it('limits subscriptions per topic and per callback host', async () => {
      await restartHub({ maxPerTopic: 2, maxPerHost: 3 });
      const echo = createServer((req, res) =>
        res.end(new URL(req.url ?? '/', 'http://x').searchParams.get('hub.challenge')),
      );
      await new Promise<void>((done) => echo.listen(0, '127.0.0.1', done));
      closers.push(() => new Promise<void>((done) => echo.close(() => done())));
      const base = `http://127.0.0.1:${(echo.address() as AddressInfo).port}`;
      for (const n of [1, 2]) expect((await subscribeRaw(hubUrl, topicUrl, `${base}/${n}`)).status).toBe(202);
      await waitUntil(() => hub.subscriptions().length === 2, 2000);
      const third = await subscribeRaw(hubUrl, topicUrl, `${base}/3`);
      expect(third.status).toBe(429);
      expect(third.text).toMatch(/limit of 2 subscriptions/);
      // A renewal of an existing subscription is not a new one.
      expect((await subscribeRaw(hubUrl, topicUrl, `${base}/1`)).status).toBe(202);
    });
  });
});

async function subscribeRaw(
  hubUrl: string,
  topic: string,
  callback: string,
  fields: Record<string, string> = {},
): Promise<{ status: number; text: string }> {
  const body = new URLSearchParams({
    'hub.mode': 'subscribe',
    'hub.topic': topic,
    'hub.callback': callback,
    ...fields,
  });
  const response = await fetch(hubUrl, { method: 'POST', body });
  return { status: response.status, text: await response.text() };
}
