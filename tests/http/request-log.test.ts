import { IncomingMessage } from 'node:http';
import { Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { parseRequestLogLine, RequestLog } from '../../src/http/request-log.ts';

function request(headers: Record<string, string>, url = '/feed.xml'): IncomingMessage {
  const req = new IncomingMessage(new Socket());
  req.method = 'GET';
  req.url = url;
  req.headers = headers;
  return req;
}

describe('the request log', () => {
  it('writes nothing on the request path, then one JSON line per request in one write', async () => {
    const writes: string[] = [];
    const log = new RequestLog(
      { write: (chunk) => writes.push(chunk) },
      { flushMs: 20, now: () => Date.UTC(2026, 0, 2, 3, 4, 5) },
    );
    const started = performance.now();
    log.record(
      request({ 'user-agent': 'Feedbin feed-id:1 - 3 subscribers', 'if-none-match': '"abc"' }),
      304,
      0,
      started,
      'Mon, 01 Jan 2024 00:00:00 GMT',
    );
    log.record(
      request({ 'if-modified-since': 'Mon, 01 Jan 2024 00:00:00 GMT' }, '/atom.xml'),
      200,
      1234,
      started,
      undefined,
    );
    expect(writes).toEqual([]);
    await new Promise((done) => setTimeout(done, 60));
    expect(writes).toHaveLength(1);
    const lines = (writes[0] as string).trimEnd().split('\n').map(parseRequestLogLine);
    // The time is when the request arrived: the clock given, less the time the line waited.
    const time = Date.parse(lines[0]?.time ?? '');
    expect(time).toBeLessThanOrEqual(Date.UTC(2026, 0, 2, 3, 4, 5));
    expect(time).toBeGreaterThan(Date.UTC(2026, 0, 2, 3, 4, 5) - 5000);
    expect(lines).toMatchObject([
      {
        method: 'GET',
        path: '/feed.xml',
        status: 304,
        bytes: 0,
        ua: 'Feedbin feed-id:1 - 3 subscribers',
        ifNoneMatch: '"abc"',
        lastModified: 'Mon, 01 Jan 2024 00:00:00 GMT',
      },
      { path: '/atom.xml', status: 200, bytes: 1234, ifModifiedSince: 'Mon, 01 Jan 2024 00:00:00 GMT' },
    ]);
    expect(lines[1]).not.toHaveProperty('ua');
  });

  it('writes at once when a batch is full', () => {
    const writes: string[] = [];
    const log = new RequestLog({ write: (chunk) => writes.push(chunk) }, { maxLines: 3, flushMs: 10_000 });
    for (let i = 0; i < 7; i++) log.record(request({}), 200, 1, performance.now(), undefined);
    expect(writes.map((w) => w.split('\n').length - 1)).toEqual([3, 3]);
    log.close();
    expect(writes.map((w) => w.split('\n').length - 1)).toEqual([3, 3, 1]);
  });

  it('escapes whatever a client sends', () => {
    const writes: string[] = [];
    const log = new RequestLog({ write: (chunk) => writes.push(chunk) });
    log.record(
      request({ 'user-agent': 'evil"\n{"status":1}' }, '/feed.xml?"x'),
      200,
      1,
      performance.now(),
      undefined,
    );
    log.close();
    const text = writes.join('');
    expect(text.split('\n')).toHaveLength(2);
    expect(parseRequestLogLine(text.trimEnd())?.ua).toBe('evil"\n{"status":1}');
  });

  it.each([
    'Herald is serving 3 articles',
    '{"not":"a request"}',
    '{broken',
    '1.2.3.4 - - [x] "GET / HTTP/1.1" 200',
  ])('skips the line %s when read back', (line) => {
    expect(parseRequestLogLine(line)).toBeUndefined();
  });
});
