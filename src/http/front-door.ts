// What happens around the site's own answers: the WebSub hub's endpoint, `/metrics`, 429 for
// abusive pollers, and the request log and request counts. And, after each published change, the
// pushes: the own hub delivers the feeds whose bytes changed, or the external hub is pinged for them.

import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { attached } from '../memory.ts';
import type { RenderedSite, Representation, SiteSettings } from '../model.ts';
import { changedTopicUrls, topicContent } from '../push/feed-topics.ts';
import { HubPings, type HubPingsOptions } from '../push/hub-pings.ts';
import { SubscriptionStore } from '../push/subscription-store.ts';
import { type HubOptions, requestOverHttps, WebSubHub } from '../push/websub-hub.ts';
import { SECURITY_HEADERS } from '../render/response-headers.ts';
import { Metrics, type RouteKind } from './metrics.ts';
import { PollLimit } from './poll-limit.ts';
import { type LogOutput, RequestLog } from './request-log.ts';
import { answeredBytes, answeredWith } from './send-representation.ts';

export const METRICS_PATH = '/metrics';
// The global \`performance\` is a lazy getter in Node: read once, not twice per request.
const clock = performance;
/** The hub's database in the state folder. */
export const HUB_DATABASE = 'hub.sqlite';

export interface FrontDoorOptions {
  settings: SiteSettings;
  rendered: () => RenderedSite;
  /** Where request log lines go; undefined for none (`--quiet`). */
  requestLog?: LogOutput;
  /** Notices: refused pollers, dropped subscribers, failed pings. */
  log?: (line: string) => void;
  /** Tests shorten the hub's and the pings' delays. */
  hub?: Partial<Pick<HubOptions, 'retryDelaysMs' | 'lease' | 'timeoutMs'>>;
  pings?: Partial<Pick<HubPingsOptions, 'retryDelaysMs' | 'timeoutMs'>>;
}

export class FrontDoor {
  readonly metrics: Metrics;
  readonly hub: WebSubHub | undefined;
  readonly #hubPath: string | undefined;
  /** The hub's path with a query following. */
  readonly #hubQuery: string | undefined;
  readonly #store: SubscriptionStore | undefined;
  readonly #pings: HubPings | undefined;
  readonly #limit: PollLimit;
  readonly #requestLog: RequestLog | undefined;
  readonly #options: FrontDoorOptions;
  #lastAnswer: Representation | undefined;
  #lastCounts: Float64Array | undefined;
  #lastDate: string | undefined;

  constructor(options: FrontDoorOptions) {
    this.#options = options;
    const { settings } = options;
    const log = options.log ?? (() => {});
    if (settings.hub.mode === 'own') {
      const hubUrl = settings.hub.url;
      this.#store = SubscriptionStore.open(join(settings.stateDir, HUB_DATABASE));
      this.#hubPath = new URL(hubUrl).pathname;
      this.#hubQuery = `${this.#hubPath}?`;
      this.hub = new WebSubHub({
        store: this.#store,
        hubUrl: settings.hub.url,
        topic: topicContent(options.rendered, settings),
        allowPrivateCallbacks: settings.hubAllowPrivateCallbacks,
        overHttps: (req) => requestOverHttps(req, settings.trustProxy, hubUrl),
        maxPerTopic: settings.hubMaxSubscriptionsPerTopic,
        maxPerHost: settings.hubMaxSubscriptionsPerHost,
        log,
        onDelivery: (outcome) => this.metrics.delivery(outcome),
        ...options.hub,
      });
    }
    if (settings.hub.mode === 'external') {
      this.#pings = new HubPings({
        hubUrl: settings.hub.url,
        log,
        onPing: (outcome) => this.metrics.ping(outcome),
        ...options.pings,
      });
    }
    const hub = this.hub;
    this.metrics = new Metrics(hub && { subscriptions: () => hub.subscriptions().length });
    this.#limit = new PollLimit({ ...settings.pollLimit, log });
    this.#requestLog = options.requestLog
      ? new RequestLog(options.requestLog, { onRequest: this.metrics.seen })
      : undefined;
  }

  /**
   * Answers what is not the site's (the hub, metrics, 429s), or hands the request to `site`, which
   * returns the representation when it answered from the rendered site at once (the body bytes are
   * then `answeredBytes()`), and undefined when the answer comes later. Every request is counted and
   * logged.
   */
  handle(
    req: IncomingMessage,
    res: ServerResponse,
    site: (req: IncomingMessage, res: ServerResponse) => Representation | undefined,
  ): void {
    const started = this.#requestLog ? clock.now() : 0;
    const url = req.url ?? '/';
    if (
      this.hub &&
      this.#hubQuery !== undefined &&
      (url === this.#hubPath || url.startsWith(this.#hubQuery))
    ) {
      res.once('finish', () => this.#done(req, res, 'hub', started));
      this.hub.handle(req, res);
      return;
    }
    if (url === METRICS_PATH) {
      res.once('finish', () => this.#done(req, res, 'metrics', started));
      void this.#sendMetrics(req, res);
      return;
    }
    const h = req.headers;
    if (
      req.method === 'GET' &&
      h['if-none-match'] === undefined &&
      h['if-modified-since'] === undefined &&
      this.#limit.enabled &&
      this.#refused(req, res, url)
    ) {
      this.#count(req, res.statusCode, 'feed', 0, undefined, started);
      return;
    }
    // The polling path: counted and logged from what `site` returns, with nothing attached to the
    // response and no listener added.
    const representation = site(req, res);
    if (representation) this.#answered(req, res.statusCode, representation, started);
    else res.once('finish', () => this.#done(req, res, undefined, started));
  }

  /** Whether a change would be pushed anywhere: an external hub, or the own hub has subscribers. */
  get pushing(): boolean {
    return this.#pings !== undefined || (this.hub?.subscriptions().length ?? 0) > 0;
  }

  /** After a change: the feeds among `paths` (whose bytes changed or are new) are pushed. */
  published(paths: readonly string[], elapsedMs?: number): void {
    if (elapsedMs !== undefined) this.metrics.update(elapsedMs / 1000);
    if (!this.hub && !this.#pings) return;
    const urls = changedTopicUrls(this.#options.settings, this.#options.rendered(), paths);
    if (urls.length === 0) return;
    this.hub?.publish(urls);
    this.#pings?.ping(urls);
  }

  /** Resolves when every ping to the external hub has been sent or given up. */
  pingsSettled(): Promise<void> {
    return this.#pings?.idle() ?? Promise.resolve();
  }

  /** Writes the request log lines gathered so far. */
  flushLog(): void {
    this.#requestLog?.flush();
  }

  async close(): Promise<void> {
    this.#requestLog?.close();
    this.#pings?.close();
    await this.hub?.close();
    this.#store?.close();
  }

  /** 429 for an unconditional GET of a feed above the client's rate (RFC 6585 §4). */
  #refused(req: IncomingMessage, res: ServerResponse, url: string): boolean {
    const q = url.indexOf('?');
    const path = q === -1 ? url : url.slice(0, q);
    const representation = this.#options.rendered().get(path);
    if (representation?.status !== 200 || kindOf(representation) !== 'feed') return false;
    const wait = this.#limit.take(req.socket.remoteAddress ?? '', req.headers['user-agent'] ?? '', path);
    if (wait === 0) return false;
    const perMinute = this.#options.settings.pollLimit.perMinute;
    res.writeHead(429, {
      'Retry-After': String(wait),
      'Content-Type': 'text/plain; charset=utf-8',
      'Cache-Control': 'no-store',
      ...SECURITY_HEADERS,
    });
    res.end(
      `Too Many Requests: fetch this feed with If-None-Match or If-Modified-Since (free, answered 304 when nothing changed), or at most ${perMinute} times a minute without. Retry after ${wait} s.\n`,
    );
    return true;
  }

  async #sendMetrics(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res
        .writeHead(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' })
        .end('Method Not Allowed\n');
      return;
    }
    const text = await this.metrics.text();
    res.writeHead(200, { 'Content-Type': this.metrics.contentType, 'Cache-Control': 'no-store' });
    res.end(req.method === 'HEAD' ? undefined : text);
  }

  /** A response answered later (hub, metrics, Express): what it was answered with is read now. */
  #done(req: IncomingMessage, res: ServerResponse, kind: RouteKind | undefined, started: number): void {
    const noted = answeredWith(res);
    const status = res.statusCode;
    const bytes =
      req.method === 'HEAD' || status === 304
        ? 0
        : (noted?.[1] ?? Number(res.getHeader('content-length') ?? 0));
    this.#count(req, status, kind, bytes, noted?.[0], started);
  }

  /**
   * A request answered at once from the rendered site. Readers poll the same few feeds, so the kind
   * and logged Last-Modified of the representation answered last are kept: the same as `kindOf` and
   * `httpDate` give, without their two lookups per request.
   */
  #answered(req: IncomingMessage, status: number, representation: Representation, started: number): void {
    if (representation !== this.#lastAnswer) {
      this.#lastAnswer = representation;
      this.#lastCounts = this.metrics.counts(kindOf(representation));
      this.#lastDate = httpDate(representation);
    }
    const counts = this.#lastCounts as Float64Array;
    counts[status] = (counts[status] as number) + 1;
    this.#requestLog?.record(req, status, answeredBytes(), started, this.#lastDate);
  }

  #count(
    req: IncomingMessage,
    status: number,
    kind: RouteKind | undefined,
    bytes: number,
    representation: Representation | undefined,
    started: number,
  ): void {
    this.metrics.request(kind ?? (representation ? kindOf(representation) : otherKind(req, status)), status);
    this.#requestLog?.record(req, status, bytes, started, representation && httpDate(representation));
  }
}

const FEED_TYPE = /^application\/(?:rss\+xml|atom\+xml|feed\+json)\b/;
const kinds = attached<Representation, RouteKind>(
  'route kinds',
  "a representation's kind (feed, page, stylesheet) for the metrics",
);

function kindOf(representation: Representation): RouteKind {
  let kind = kinds.get(representation);
  if (kind === undefined) {
    const type = representation.mediaType;
    kind = FEED_TYPE.test(type)
      ? 'feed'
      : type.startsWith('text/html')
        ? 'page'
        : type.startsWith('text/xsl')
          ? 'stylesheet'
          : 'other';
    kinds.set(representation, kind);
  }
  return kind;
}

function otherKind(req: IncomingMessage, status: number): RouteKind {
  if (req.url === '/healthz') return 'health';
  if (status === 301) return 'redirect';
  return 'other';
}

const dates = attached<Representation, string>(
  'log dates',
  "a representation's Last-Modified as the request log writes it",
);

function httpDate(representation: Representation): string {
  let date = dates.get(representation);
  if (date === undefined) {
    date = representation.lastModified.toUTCString();
    dates.set(representation, date);
  }
  return date;
}
