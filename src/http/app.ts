import express, { type NextFunction, type Request, type Response } from 'express';
import type { Publication, SiteSettings } from '../model.ts';
import { SECURITY_HEADERS } from '../render/response-headers.ts';
import { MAX_URL_LENGTH, noteAnswer, sendRendered, sendRepresentation } from './send-representation.ts';

export { MAX_URL_LENGTH };

/**
 * The Express application: the rendered site, `/healthz`, and the answers at the edges
 * (301 to the canonical trailing slash, 404 page, 405 with Allow, 414). Only paths present in the
 * rendered site are served: no route reads the file system, so path traversal cannot happen.
 */
export function createApp(live: Publication, settings: SiteSettings): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.disable('etag'); // representations carry their own strong ETags
  app.set('query parser', false);

  app.use((req, res, next) => {
    res.set(SECURITY_HEADERS);
    if (req.originalUrl.length > MAX_URL_LENGTH) {
      res.status(414).type('text/plain').send('URI Too Long\n');
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res
        .status(405)
        .set('Allow', 'GET, HEAD')
        .type('text/plain')
        .send('Method Not Allowed: use GET or HEAD\n');
      return;
    }
    next();
  });

  app.get('/healthz', (_req, res) => {
    const { site } = live.rendered;
    const { failure } = live;
    // 503 while the last update failed: a load balancer then prefers an instance that is up to date.
    res
      .status(failure === undefined ? 200 : 503)
      .set('Cache-Control', 'no-store')
      .json({
        status: failure === undefined ? 'ok' : 'degraded',
        ...(failure === undefined ? {} : { error: failure }),
        articles: site.site.articles.length,
        problems: live.problems.length,
      });
  });

  app.use((req, res, next) => {
    const representation = sendRendered(req, res, live.rendered, settings);
    if (representation) {
      noteAnswer(res, representation);
      return;
    }
    // `/articles/slug` → `/articles/slug/`: one canonical URL per page. An old address of a moved
    // article (front matter `aliases`) goes straight to where the article lives now.
    const slashed = req.path.endsWith('/') ? undefined : live.rendered.get(`${req.path}/`);
    if (slashed) {
      const query = req.originalUrl.slice(req.path.length);
      res.redirect(301, slashed.location ?? `${req.path}/${query}`);
      return;
    }
    next();
  });

  app.use((req, res) => {
    const notFound = live.rendered.notFound();
    if (notFound) {
      sendRepresentation(req, res, notFound, settings);
      noteAnswer(res, notFound);
    } else res.status(404).type('text/plain').send('Not Found\n');
  });

  app.use((error: Error, _req: Request, res: Response, _next: NextFunction) => {
    console.error(error);
    res.status(500).type('text/plain').send('Internal Server Error\n');
  });
  return app;
}
