import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SiteSettings } from '../model.ts';
import { createApp, MAX_URL_LENGTH } from './app.ts';
import { LiveSite } from './live-site.ts';
import { sendRepresentation, sentBodyBytes } from './send-representation.ts';

export interface ServerOptions {
  settings: SiteSettings;
  watch?: boolean;
  /** One line per request and every content problem; off in tests. */
  log?: (line: string) => void;
  now?: () => Date;
}

export interface RunningServer {
  url: string;
  port: number;
  live: LiveSite;
  server: Server;
  close(): Promise<void>;
}

/**
 * Starts Herald's HTTP server. A GET or HEAD for a rendered path is answered straight from its
 * precomputed representation; everything else goes through the Express app. Both write the same
 * headers through `sendRepresentation`, so the shortcut changes speed, never answers.
 */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const { settings, log } = options;
  const live = await LiveSite.start({
    settings,
    watch: options.watch ?? false,
    ...(log ? { log } : {}),
    ...(options.now ? { now: options.now } : {}),
  });
  const app = createApp(live, settings);

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const url = req.url ?? '/';
    if ((req.method === 'GET' || req.method === 'HEAD') && url.length <= MAX_URL_LENGTH) {
      const query = url.indexOf('?');
      const representation = live.rendered.get(query === -1 ? url : url.slice(0, query));
      if (representation && representation.status === 200) {
        sendRepresentation(req, res, representation, settings);
        return;
      }
    }
    app(req, res);
  };

  const server = createServer(
    log
      ? (req, res) => {
          const started = process.hrtime.bigint();
          res.on('finish', () => {
            const ms = Number(process.hrtime.bigint() - started) / 1e6;
            log(`${req.method} ${req.url} ${res.statusCode} ${bodyLength(req, res)} ${ms.toFixed(2)}ms`);
          });
          handle(req, res);
        }
      : handle,
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
      await live.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
    },
  };
}

/** Body bytes sent, for the access log: none for HEAD and 304, whoever wrote the response. */
function bodyLength(req: IncomingMessage, res: ServerResponse): number {
  if (req.method === 'HEAD' || res.statusCode === 304) return 0;
  return sentBodyBytes(res) ?? Number(res.getHeader('content-length') ?? 0);
}
