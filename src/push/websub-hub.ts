// The hub side of W3C WebSub (https://www.w3.org/TR/websub/) for this site's own feeds: subscription
// requests with intent verification (§5.1, §5.3), leases (§5.1.1: hub.lease_seconds), authenticated
// content distribution (§7, §8: X-Hub-Signature with HMAC-SHA256), retries with backoff and dropping of
// subscribers that keep failing. Written by hand because no maintained npm hub exists: the packages
// named "websub-hub" or "pubsubhubbub" are subscribers or abandoned (last releases 2016–2019).
import { createHmac, randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { callbackUrlProblem, publicOnlyLookup } from './callback-address.ts';
import { Connections, sendRequest } from './outgoing-request.ts';
import type { Subscription, SubscriptionStore } from './subscription-store.ts';

/** What the hub delivers for a topic: the feed's current bytes and media type. */
export interface TopicContent {
  body: Buffer;
  mediaType: string;
}

export type DeliveryOutcome = 'delivered' | 'retry' | 'dropped';

export interface HubOptions {
  store: SubscriptionStore;
  /** The hub's own URL, sent in every delivery's Link header. */
  hubUrl: string;
  /** The current content of a topic URL, or undefined when it is not one of this site's feeds. */
  topic(url: string): TopicContent | undefined;
  allowPrivateCallbacks: boolean;
  /**
   * Whether a request reached the hub over HTTPS (a hub.secret is accepted only then). By default:
   * over TLS, or the hub's own URL is https (a TLS-terminating proxy in front); see `requestOverHttps`.
   */
  overHttps?: (req: IncomingMessage) => boolean;
  maxPerTopic: number;
  maxPerHost: number;
  /** Lease granted when none is asked for, and the bounds of one asked for (seconds). */
  lease?: { defaultSeconds: number; minSeconds: number; maxSeconds: number };
  /** Delay before each retry of a failed delivery; after the last one fails, the subscription is dropped. */
  retryDelaysMs?: readonly number[];
  timeoutMs?: number;
  /** Deliveries in flight at once. */
  concurrency?: number;
  log?: (line: string) => void;
  now?: () => number;
  onDelivery?: (outcome: DeliveryOutcome) => void;
}

const DEFAULT_LEASE = { defaultSeconds: 10 * 24 * 3600, minSeconds: 3600, maxSeconds: 30 * 24 * 3600 };
/** About three hours of retries before a subscriber that keeps failing is dropped. */
const DEFAULT_RETRIES = [10_000, 60_000, 5 * 60_000, 30 * 60_000, 2 * 3600_000];
const MAX_REQUEST_BYTES = 16 * 1024;
/** WebSub §5.1: hub.secret "MUST be less than 200 bytes in length". */
const MAX_SECRET_BYTES = 199;

interface Job {
  subscription: Subscription;
  content: TopicContent;
  /** Failed attempts so far. */
  failures: number;
  inFlight: boolean;
  /** New content arrived while a delivery was in flight: send again when it ends. */
  again: boolean;
  timer?: NodeJS.Timeout;
  /** Remembered in the store as owed (waiting for a retry, or resumed from there). */
  persisted: boolean;
}

export class WebSubHub {
  readonly #options: Required<Omit<HubOptions, 'onDelivery'>> & Pick<HubOptions, 'onDelivery'>;
  readonly #connections: Connections;
  readonly #jobs = new Map<string, Job>();
  readonly #ready: Job[] = [];
  readonly #verifications = new Set<Promise<void>>();
  #running = 0;
  #closed = false;
  readonly #sweeper: NodeJS.Timeout;

  constructor(options: HubOptions) {
    this.#options = {
      lease: DEFAULT_LEASE,
      retryDelaysMs: DEFAULT_RETRIES,
      timeoutMs: 10_000,
      concurrency: 64,
      log: () => {},
      now: () => Date.now(),
      ...options,
      overHttps: options.overHttps ?? ((req) => requestOverHttps(req, false, options.hubUrl)),
    };
    this.#connections = new Connections(this.#options.concurrency);
    this.#sweeper = setInterval(() => this.#options.store.expire(this.#options.now()), 3600_000);
    this.#sweeper.unref();
    this.#resume();
  }

  /**
   * Deliveries a previous run still owed (waiting for a retry when it stopped, or not yet made when it
   * closed) are taken up again at the time they were due, with the topic's current content: a
   * subscriber that was down when a change happened gets it even if Herald restarted meanwhile.
   */
  #resume(): void {
    const { store } = this.#options;
    const now = this.#options.now();
    for (const owed of store.pending(now)) {
      const subscription = store.get(owed.topic, owed.callback, now);
      const content = subscription && this.#options.topic(owed.topic);
      if (!subscription || !content) {
        store.removePending(owed.topic, owed.callback);
        continue;
      }
      const job: Job = {
        subscription,
        content,
        failures: owed.failures,
        inFlight: false,
        again: false,
        persisted: true,
      };
      this.#jobs.set(jobKey(subscription), job);
      this.#retryAfter(job, Math.max(0, owed.nextAt - now));
    }
  }

  /** Answers a request to the hub's endpoint (`POST`, `application/x-www-form-urlencoded`, §5.1). */
  handle(req: IncomingMessage, res: ServerResponse): void {
    if (req.method !== 'POST') {
      answer(res, 405, 'This is a WebSub hub: POST hub.mode, hub.topic and hub.callback to it.\n', {
        Allow: 'POST',
      });
      return;
    }
    const type = req.headers['content-type'] ?? '';
    if (!/^application\/x-www-form-urlencoded\b/i.test(type)) {
      answer(res, 415, 'Send the parameters as application/x-www-form-urlencoded.\n');
      req.resume();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_REQUEST_BYTES) chunks.push(chunk);
    });
    req.on('end', () => {
      if (size > MAX_REQUEST_BYTES) {
        answer(res, 413, 'The request is too large.\n');
        return;
      }
      const params = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
      const [status, text] = this.#accept(params, this.#options.overHttps(req));
      answer(res, status, `${text}\n`);
    });
    req.on('error', () => res.destroy());
  }

  /** Sends the current content of each topic to all its subscribers. Returns at once. */
  publish(topicUrls: Iterable<string>): void {
    if (this.#closed) return;
    const now = this.#options.now();
    for (const url of topicUrls) {
      // Looked up first: a topic nobody subscribes to is not rendered for the hub's sake.
      const subscriptions = this.#options.store.active(url, now);
      if (subscriptions.length === 0) continue;
      const content = this.#options.topic(url);
      if (!content) continue;
      for (const subscription of subscriptions) this.#enqueue(subscription, content);
    }
  }

  /** Subscriptions whose lease has not run out. */
  subscriptions(): Subscription[] {
    return this.#options.store.all(this.#options.now());
  }

  async close(): Promise<void> {
    this.#closed = true;
    clearInterval(this.#sweeper);
    // What is still owed is remembered, so the next start delivers it. One waiting for a retry
    // is already there; one not yet made (or in flight, whose outcome is not awaited) is due at
    // once. A subscriber may so get a body twice; WebSub subscribers take each as the current one.
    const now = this.#options.now();
    this.#options.store.savePending(
      [...this.#jobs.values()]
        .filter((job) => !job.persisted || job.timer === undefined)
        .map((job) => ({
          topic: job.subscription.topic,
          callback: job.subscription.callback,
          failures: job.failures,
          nextAt: now,
        })),
    );
    for (const job of this.#jobs.values()) clearTimeout(job.timer);
    this.#jobs.clear();
    this.#ready.length = 0;
    await Promise.allSettled([...this.#verifications]);
    this.#connections.destroy();
  }

  /** Checks a request and starts its verification; the status and text of the hub's answer. */
  #accept(params: URLSearchParams, overHttps: boolean): [number, string] {
    const mode = params.get('hub.mode');
    if (mode === 'publish') {
      // Publishers ping hubs; this hub already delivers every change of its own site as it happens.
      const urls = [...params.getAll('hub.url'), ...params.getAll('hub.topic')];
      const known = urls.length > 0 && urls.every((url) => this.#options.topic(url) !== undefined);
      return known ? [202, 'Accepted'] : [400, 'hub.url is not a feed of this site'];
    }
    if (mode !== 'subscribe' && mode !== 'unsubscribe')
      return [400, 'hub.mode must be subscribe or unsubscribe'];
    const topic = params.get('hub.topic') ?? '';
    const callback = params.get('hub.callback') ?? '';
    if (this.#options.topic(topic) === undefined)
      return [400, 'hub.topic is not a feed of this site (subscribe to a feed URL this hub advertises)'];
    const problem = callbackUrlProblem(callback, this.#options.allowPrivateCallbacks);
    if (problem) return [400, problem];
    const secret = params.get('hub.secret') ?? undefined;
    if (secret !== undefined && Buffer.byteLength(secret) > MAX_SECRET_BYTES)
      return [400, 'hub.secret must be less than 200 bytes'];
    // §5.1: a secret "SHOULD only be specified when the request was made over HTTPS". Accepting one
    // sent in the clear would sign deliveries with a key anyone on the path has read, and silently
    // dropping it would leave the subscriber rejecting every unsigned delivery: refused, saying why.
    if (secret !== undefined && mode === 'subscribe' && !overHttps)
      return [
        400,
        `hub.secret is only accepted over HTTPS (it would travel in the clear): subscribe at ${this.#options.hubUrl.replace(/^http:/, 'https:')}, or without hub.secret`,
      ];
    const leaseSeconds = this.#lease(params.get('hub.lease_seconds'));
    if (leaseSeconds === undefined) return [400, 'hub.lease_seconds must be a whole number of seconds'];

    const now = this.#options.now();
    const callbackHost = new URL(callback).host.toLowerCase();
    if (mode === 'subscribe' && !this.#options.store.get(topic, callback, now)) {
      const { maxPerTopic, maxPerHost, store } = this.#options;
      if (store.countForTopic(topic, now) >= maxPerTopic)
        return [429, `this topic has reached its limit of ${maxPerTopic} subscriptions`];
      if (store.countForHost(callbackHost, now) >= maxPerHost)
        return [429, `callbacks at ${callbackHost} have reached their limit of ${maxPerHost} subscriptions`];
    }
    const subscription: Subscription = {
      topic,
      callback,
      callbackHost,
      ...(secret ? { secret } : {}),
      leaseSeconds,
      expiresAt: 0,
    };
    const verification = this.#verify(mode, subscription).catch((error: unknown) => {
      this.#options.log(`websub: could not verify ${mode} of ${callback}: ${String(error)}`);
    });
    this.#verifications.add(verification);
    void verification.finally(() => this.#verifications.delete(verification));
    return [202, 'Accepted: the hub will verify the intent at hub.callback'];
  }

  #lease(asked: string | null): number | undefined {
    const { defaultSeconds, minSeconds, maxSeconds } = this.#options.lease;
    if (asked === null || asked === '') return defaultSeconds;
    if (!/^\d{1,10}$/.test(asked)) return undefined;
    return Math.min(Math.max(Number(asked), minSeconds), maxSeconds);
  }

  /** §5.3: the subscriber must echo hub.challenge; only then does the (un)subscription take effect. */
  async #verify(mode: 'subscribe' | 'unsubscribe', subscription: Subscription): Promise<void> {
    const challenge = randomBytes(24).toString('hex');
    const url = new URL(subscription.callback);
    url.searchParams.append('hub.mode', mode);
    url.searchParams.append('hub.topic', subscription.topic);
    url.searchParams.append('hub.challenge', challenge);
    if (mode === 'subscribe') url.searchParams.append('hub.lease_seconds', String(subscription.leaseSeconds));
    const lookup = publicOnlyLookup(this.#options.allowPrivateCallbacks);
    const answer = await sendRequest(this.#connections, {
      method: 'GET',
      url: url.href,
      timeoutMs: this.#options.timeoutMs,
      headers: { 'User-Agent': USER_AGENT },
      ...(lookup ? { lookup } : {}),
    });
    if (this.#closed) return;
    const confirmed = answer.status >= 200 && answer.status < 300 && answer.body.trim() === challenge;
    if (!confirmed) {
      this.#options.log(
        `websub: ${subscription.callback} did not confirm its ${mode} of ${subscription.topic}`,
      );
      return;
    }
    if (mode === 'unsubscribe') {
      this.#options.store.remove(subscription.topic, subscription.callback);
      this.#cancel(subscription);
      return;
    }
    const expiresAt = this.#options.now() + subscription.leaseSeconds * 1000;
    this.#options.store.save({ ...subscription, expiresAt });
  }

  #enqueue(subscription: Subscription, content: TopicContent): void {
    const key = jobKey(subscription);
    const job = this.#jobs.get(key);
    if (job) {
      // One delivery per subscriber and topic at a time, always of the newest content.
      job.subscription = subscription;
      job.content = content;
      if (job.inFlight) job.again = true;
      return;
    }
    const fresh: Job = {
      subscription,
      content,
      failures: 0,
      inFlight: false,
      again: false,
      persisted: false,
    };
    this.#jobs.set(key, fresh);
    this.#ready.push(fresh);
    this.#pump();
  }

  #cancel(subscription: Subscription): void {
    const key = jobKey(subscription);
    const job = this.#jobs.get(key);
    if (job && !job.inFlight) {
      clearTimeout(job.timer);
      this.#jobs.delete(key);
    }
  }

  #pump(): void {
    while (this.#running < this.#options.concurrency && this.#ready.length > 0) {
      const job = this.#ready.shift() as Job;
      const key = jobKey(job.subscription);
      if (this.#jobs.get(key) !== job) continue; // cancelled
      // Unsubscribed or expired while waiting for a retry: nothing more to send.
      const { topic, callback } = job.subscription;
      if (!this.#options.store.get(topic, callback, this.#options.now())) {
        this.#jobs.delete(key);
        continue;
      }
      this.#running += 1;
      job.inFlight = true;
      void this.#deliver(job).finally(() => {
        this.#running -= 1;
        this.#pump();
      });
    }
  }

  async #deliver(job: Job): Promise<void> {
    const { subscription, content } = job;
    job.again = false;
    const headers: Record<string, string> = {
      'Content-Type': content.mediaType,
      Link: `<${this.#options.hubUrl}>; rel="hub", <${subscription.topic}>; rel="self"`,
      'User-Agent': USER_AGENT,
    };
    if (subscription.secret)
      headers['X-Hub-Signature'] =
        `sha256=${createHmac('sha256', subscription.secret).update(content.body).digest('hex')}`;
    const lookup = publicOnlyLookup(this.#options.allowPrivateCallbacks);
    let status = 0;
    let failure = '';
    try {
      ({ status } = await sendRequest(this.#connections, {
        method: 'POST',
        url: subscription.callback,
        headers,
        body: content.body,
        timeoutMs: this.#options.timeoutMs,
        ...(lookup ? { lookup } : {}),
      }));
      failure = `answered ${status}`;
    } catch (error) {
      failure = (error as Error).message;
    }
    job.inFlight = false;
    const key = jobKey(subscription);
    if (this.#closed || this.#jobs.get(key) !== job) return;
    if (status >= 200 && status < 300) {
      this.#options.onDelivery?.('delivered');
      if (job.persisted) {
        this.#options.store.removePending(subscription.topic, subscription.callback);
        job.persisted = false;
      }
      if (job.again) {
        job.failures = 0;
        this.#ready.push(job);
      } else this.#jobs.delete(key);
      return;
    }
    if (status === 410) {
      // §7: a subscriber answering 410 Gone has unsubscribed.
      this.#jobs.delete(key);
      this.#options.store.remove(subscription.topic, subscription.callback);
      this.#options.onDelivery?.('dropped');
      this.#options.log(`websub: ${subscription.callback} is gone (410); its subscription is removed`);
      return;
    }
    job.failures += 1;
    const delay = this.#options.retryDelaysMs[job.failures - 1];
    if (delay === undefined) {
      this.#jobs.delete(key);
      this.#options.store.remove(subscription.topic, subscription.callback);
      this.#options.onDelivery?.('dropped');
      this.#options.log(
        `websub: dropped ${subscription.callback} from ${subscription.topic} after ${job.failures} failed deliveries (last: ${failure})`,
      );
      return;
    }
    this.#options.onDelivery?.('retry');
    // Remembered before the wait, so a restart meanwhile resumes it (see #resume).
    this.#options.store.savePending([
      {
        topic: subscription.topic,
        callback: subscription.callback,
        failures: job.failures,
        nextAt: this.#options.now() + delay,
      },
    ]);
    job.persisted = true;
    this.#retryAfter(job, delay);
  }

  #retryAfter(job: Job, delay: number): void {
    const key = jobKey(job.subscription);
    job.timer = setTimeout(() => {
      job.timer = undefined;
      if (this.#jobs.get(key) !== job) return;
      this.#ready.push(job);
      this.#pump();
    }, delay);
    job.timer.unref();
  }
}

const USER_AGENT = 'Herald WebSub hub';

/**
 * Whether a request to the hub was made over HTTPS. Over TLS to Herald itself, yes. Behind a reverse
 * proxy that terminates TLS, `trustProxy` set: what the proxy says in `X-Forwarded-Proto` (its first
 * value: the scheme the client used). Otherwise Herald cannot see the client's scheme and goes by the
 * hub URL it advertises: an https one means subscribers reach it through TLS.
 */
export function requestOverHttps(req: IncomingMessage, trustProxy: boolean, hubUrl: string): boolean {
  if ((req.socket as Partial<TLSSocket>).encrypted === true) return true;
  if (trustProxy) {
    const header = req.headers['x-forwarded-proto'];
    const proto = (Array.isArray(header) ? header[0] : header)?.split(',')[0]?.trim().toLowerCase();
    return proto === 'https';
  }
  return /^https:/i.test(hubUrl);
}

function jobKey(subscription: Subscription): string {
  return `${subscription.topic}\n${subscription.callback}`;
}

function answer(
  res: ServerResponse,
  status: number,
  text: string,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Cache-Control': 'no-store',
    ...headers,
  });
  res.end(text);
}
