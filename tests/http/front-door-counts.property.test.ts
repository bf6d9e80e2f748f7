// The front door keeps the route kind and the logged Last-Modified of the representation it answered
// last, instead of looking both up per request: on random runs of answers from several
// representations, the request counts and the log lines must be what the obvious per-request
// computation gives.
import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import fc from 'fast-check';
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { describe, expect, it } from 'vitest';
import { FrontDoor } from '../../src/http/front-door.ts';
import { parseRequestLogLine } from '../../src/http/request-log.ts';
import type { RenderedSite, Representation } from '../../src/model.ts';
import { makeSettings } from '../helpers/site-fixture.ts';

const REPRESENTATIONS = [
  ['/feed.xml', 'application/rss+xml; charset=utf-8', 'feed', '2026-01-02T03:04:05Z'],
  ['/atom.xml', 'application/atom+xml; charset=utf-8', 'feed', '2026-01-02T03:04:06Z'],
  ['/', 'text/html; charset=utf-8', 'page', '2025-12-31T23:59:59Z'],
  ['/feed.xsl', 'text/xsl; charset=utf-8', 'stylesheet', '2020-02-29T12:00:00Z'],
  ['/icon.png', 'image/png', 'other', '2026-01-02T03:04:05Z'],
] as const;

// A new object each time, a second later: a new site renders new bytes for the same paths.
let renders = 0;
function representation(i: number): Representation {
  const [path, mediaType, , date] = REPRESENTATIONS[i] as (typeof REPRESENTATIONS)[number];
  renders += 1;
  const lastModified = new Date(Date.parse(date) + renders * 1000);
  return { path, mediaType, status: 200, lastModified } as unknown as Representation;
}

function request(path: string): IncomingMessage {
  const req = new IncomingMessage(new Socket());
  req.method = 'GET';
  req.url = path;
  req.headers = { 'if-none-match': '"x"' };
  return req;
}

describe('the front door', () => {
  it('counts and logs every answer with its own representation', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            which: fc.integer({ min: 0, max: REPRESENTATIONS.length - 1 }),
            // The same object again (the usual poll) or a new one for the same path.
            renewed: fc.boolean(),
            status: fc.constantFrom(200, 304),
          }),
          { minLength: 1, maxLength: 60 },
        ),
        async (answers) => {
          let written = '';
          const door = new FrontDoor({
            settings: makeSettings({ hub: { mode: 'off' }, pollLimit: { perMinute: 0, burst: 0 } }),
            rendered: () => ({}) as RenderedSite,
            requestLog: { write: (chunk) => (written += chunk) },
          });
          const current = REPRESENTATIONS.map((_, i) => representation(i));
          const expected = new Map<string, number>();
          const dates: string[] = [];
          for (const { which, renewed, status } of answers) {
            if (renewed) current[which] = representation(which);
            const answered = current[which] as Representation;
            const req = request(answered.path);
            door.handle(req, new ServerResponse(req), (_req, res) => {
              res.statusCode = status;
              return answered;
            });
            dates.push(answered.lastModified.toUTCString());
            const key = `${REPRESENTATIONS[which]?.[2]} ${status}`;
            expected.set(key, (expected.get(key) ?? 0) + 1);
          }
          door.flushLog();
          const lines = written.trimEnd().split('\n').map(parseRequestLogLine);
          expect(lines.map((l) => [l?.path, l?.status, l?.lastModified])).toEqual(
            answers.map(({ which, status }, i) => [REPRESENTATIONS[which]?.[0], status, dates[i]]),
          );
          const families = parsePrometheusTextFormat(await door.metrics.text());
          const counted = new Map<string, number>();
          for (const m of families.find((f) => f.name === 'herald_http_requests_total')?.metrics ?? []) {
            const { labels, value } = m as { labels: Record<string, string>; value: string };
            counted.set(`${labels.kind} ${labels.status}`, Number(value));
          }
          expect(counted).toEqual(expected);
          await door.close();
        },
      ),
      { numRuns: 200 },
    );
  });
});
