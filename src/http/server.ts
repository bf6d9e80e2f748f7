import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Representation, SiteSettings } from '../model.ts';
import { describeChangeSet } from '../publish/change-set.ts';
import { Publisher, type PublisherOptions } from '../publish/publisher.ts';
import { FrontDoor, type FrontDoorOptions } from './front-door.ts';
import type { LogOutput } from './request-log.ts';
import { sendRendered } from './send-representation.ts';

export interface ServerOptions {
  settings: SiteSettings;
  watch?: boolean;
  /** One line per published change, content problem and notice (refused pollers, dropped subscribers); off in tests. */
  log?: (line: string) => void;
  /** Where the request log goes (a JSON line per request, written in batches); none when absent. */
  requestLog?: LogOutput;
  /** Whether request lines are written to `requestLog` (`--quiet` turns them off); true by default. */
  logRequests?: boolean;
  now?: () => Date;
  /** Tests shorten the hub's and the pings' delays. */
  push?: Pick<FrontDoorOptions, 'hub' | 'pings'>;
  /** What each article file held when last read (the state folder's cache), so a restart skips parsing. */
  articleCache?: PublisherOptions['articleCache'];
}

export interface RunningServer {
  url: string;
  port: number;
  live: Publisher;
  server: Server;
  /** The hub, metrics and polling limits in front of the site. */
  door: FrontDoor;
  close(): Promise<void>;
}

/**
 * Starts Herald's HTTP server on a publication of the articles folder. A GET or HEAD for a rendered
 * path is answered straight from its precomputed representation; everything else goes through the
 * Express app, which answers rendered paths with the same `sendRendered`, so the shortcut changes
 * speed, never answers. In front of both, the front door answers the hub and /metrics, refuses
 * abusive pollers, counts and logs; after each change it pushes the feeds whose bytes changed.
 */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const { settings, log } = options;
  // Renders are timed from the first one, before the front door (which holds the metrics) exists.
  const renders: [string, number][] = [];
  let rendered = (path: string, seconds: number) => {
    renders.push([path, seconds]);
  };
  const live = await Publisher.start({
    settings,
    watch: options.watch ?? false,
    onRender: (path, seconds) => rendered(path, seconds),
    ...(log ? { log } : {}),
    ...(options.now ? { now: options.now } : {}),
    ...(options.articleCache ? { articleCache: options.articleCache } : {}),
  });
  // Written once the site is up (and again when the server closes), so the next start, even after a
  // crash, finds every file read now; later in the background, never before the first request.
  if (options.articleCache) {
    const cache = options.articleCache;
    setImmediate(
      () =>
        void cache
          .save()
          .catch((error: unknown) =>
            log?.(
              `herald: could not write the article cache, so the next start reads every file: ${String(error)}`,
            ),
          ),
    );
  }
  const app = expressApp(live, settings, log);
  const door = new FrontDoor({
    settings,
    rendered: () => live.rendered,
    ...(options.requestLog && options.logRequests !== false ? { requestLog: options.requestLog } : {}),
    ...(log ? { log } : {}),
    ...options.push,
  });
  rendered = (_path, seconds) => door.metrics.render(seconds);
  for (const [path, seconds] of renders.splice(0)) rendered(path, seconds);
  const unsubscribe = live.subscribe((change) => {
    if (log && change.added.length + change.changed.length + change.removed.length > 0) {
      log(describeChangeSet(change));
    }
    // Exactly the paths whose bytes changed, and the new ones: the hub and the pings filter feeds.
    door.published([...change.added, ...change.changed.map((c) => c.path)], change.elapsedMs);
  });

  const site = (req: IncomingMessage, res: ServerResponse): Representation | undefined => {
    const representation = sendRendered(req, res, live.rendered, settings);
    if (representation === undefined) app.handle(req, res);
    return representation;
  };

  // While closing, each response still being answered says `Connection: close`, so a keep-alive
  // client sends its next request elsewhere instead of into a connection about to be closed.
  let draining = false;
  const server = createServer((req, res) => {
    if (draining) res.shouldKeepAlive = false;
    if (req.url !== undefined && !req.url.startsWith('/')) req.url = originForm(req.url);
    door.handle(req, res, site);
  });
  server.keepAliveTimeout = 65_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(settings.port, settings.host, () => {
      server.off('error', reject);
      resolve();
    });
  }).catch(async (error: unknown) => {
    await live.close();
    throw error;
  });

  app.loadSoon();
  const { port } = server.address() as AddressInfo;
  const host = settings.host === '0.0.0.0' || settings.host === '::' ? 'localhost' : settings.host;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    live,
    server,
    door,
    async close() {
      draining = true;
      unsubscribe();
      await live.close();
      await door.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
    },
  };
}

/** How long after listening the Express app is loaded when no request has needed it yet. */
const APP_LOAD_DELAY_MS = 100;

/**
 * The Express app, loaded when a request first needs it (a path the rendered site does not have:
 * the 404 page, a redirect, /healthz, a 405) or shortly after the server listens, whichever comes
 * first. Express and the 60-odd modules it requires took about 0.13 s to load, which every start
 * spent before its first feed, although a feed never goes through it.
 */
function expressApp(
  live: Publisher,
  settings: SiteSettings,
  log: ((line: string) => void) | undefined,
): { handle(req: IncomingMessage, res: ServerResponse): void; loadSoon(): void } {
  let app: ((req: IncomingMessage, res: ServerResponse) => void) | undefined;
  let loading: Promise<(req: IncomingMessage, res: ServerResponse) => void> | undefined;
  const load = () => {
    loading ??= import('./app.ts').then(({ createApp }) => {
      app = createApp(live, settings);
      return app;
    });
    return loading;
  };
  return {
    handle(req, res) {
      if (app) {
        app(req, res);
        return;
      }
      load().then(
        (loaded) => loaded(req, res),
        (error: unknown) => {
          log?.(`herald: could not load the request handler: ${String(error)}`);
          res.statusCode = 500;
          res.end('Internal Server Error\n');
        },
      );
    },
    loadSoon() {
      setTimeout(() => void load().catch(() => {}), APP_LOAD_DELAY_MS).unref();
    },
  };
}

/**
 * The origin form (`/path?query`) of an absolute-form request target (`http://host/path?query`,
 * RFC 9112 §3.2.2, as proxies send), so routing and redirects see the path alone; the host is not
 * used, since every URL Herald writes is built from `siteUrl`. Anything else is left as it is.
 */
function originForm(target: string): string {
  if (!/^https?:\/\//i.test(target)) return target;
  try {
    const url = new URL(target);
    return `${url.pathname}${url.search}`;
  } catch {
    return target;
  }
}
