import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SiteSettings } from '../model.ts';
import { describeChangeSet } from '../publish/change-set.ts';
import { Publisher } from '../publish/publisher.ts';
import { createApp } from './app.ts';
import { sendRendered, sentBodyBytes } from './send-representation.ts';

export interface ServerOptions {
  settings: SiteSettings;
  watch?: boolean;
  /** One line per request, per published change and per content problem; off in tests. */
  log?: (line: string) => void;
  /** Whether `log` also gets one line per request (`--quiet` turns that off); true by default. */
  logRequests?: boolean;
  now?: () => Date;
}

export interface RunningServer {
  url: string;
  port: number;
  live: Publisher;
  server: Server;
  close(): Promise<void>;
}

/**
 * Starts Herald's HTTP server on a publication of the articles folder. A GET or HEAD for a rendered
 * path is answered straight from its precomputed representation; everything else goes through the
 * Express app, which answers rendered paths with the same `sendRendered`, so the shortcut changes
 * speed, never answers.
 */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const { settings, log } = options;
  const live = await Publisher.start({
    settings,
    watch: options.watch ?? false,
    ...(log ? { log } : {}),
    ...(options.now ? { now: options.now } : {}),
  });
  const app = createApp(live, settings);
  const unsubscribe = log
    ? live.subscribe((change) => {
        if (change.added.length + change.changed.length + change.removed.length > 0) {
          log(describeChangeSet(change));
        }
      })
    : () => {};

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    if (req.url !== undefined && !req.url.startsWith('/')) req.url = originForm(req.url);
    if (!sendRendered(req, res, live.rendered, settings)) app(req, res);
  };

  // While closing, each response still being answered says `Connection: close`, so a keep-alive
  // client sends its next request elsewhere instead of into a connection about to be closed.
  let draining = false;
  const server = createServer(
    log && options.logRequests !== false
      ? (req, res) => {
          if (draining) res.shouldKeepAlive = false;
          const started = process.hrtime.bigint();
          res.on('finish', () => {
            const ms = Number(process.hrtime.bigint() - started) / 1e6;
            log(`${req.method} ${req.url} ${res.statusCode} ${bodyLength(req, res)} ${ms.toFixed(2)}ms`);
          });
          handle(req, res);
        }
      : (req, res) => {
          if (draining) res.shouldKeepAlive = false;
          handle(req, res);
        },
  );
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

  const { port } = server.address() as AddressInfo;
  const host = settings.host === '0.0.0.0' || settings.host === '::' ? 'localhost' : settings.host;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    live,
    server,
    async close() {
      draining = true;
      unsubscribe();
      await live.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
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

/** Body bytes sent, for the access log: none for HEAD and 304, whoever wrote the response. */
function bodyLength(req: IncomingMessage, res: ServerResponse): number {
  if (req.method === 'HEAD' || res.statusCode === 304) return 0;
  return sentBodyBytes(res) ?? Number(res.getHeader('content-length') ?? 0);
}
