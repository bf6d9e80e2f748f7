// The request log builds its lines from cached parts (the time's second, the fields repeated from the
// line before, durations from tables): on random runs of requests, every line must be exactly what
// the obvious computation writes, an object in the documented field order through JSON.stringify.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LineFormat, milliseconds } from '../../src/http/request-log.ts';

interface Request {
  time: number;
  took: number;
  ip: string;
  method: string;
  path: string;
  status: number;
  bytes: number;
  ua?: string;
  ifNoneMatch?: string;
  ifModifiedSince?: string;
  lastModified?: string;
}

function obvious(r: Request): string {
  return `${JSON.stringify({
    time: new Date(r.time).toISOString(),
    ip: r.ip,
    method: r.method,
    path: r.path,
    status: r.status,
    bytes: r.bytes,
    ms: Math.round(r.took * 1000) / 1000,
    ua: r.ua,
    ifNoneMatch: r.ifNoneMatch,
    ifModifiedSince: r.ifModifiedSince,
    lastModified: r.lastModified,
  })}\n`;
}

// Few values for each field, so that runs repeat fields (the cached parts) and change them; and any
// string at all, escapes and lone surrogates included.
const some = <T>(...values: T[]) => fc.oneof(fc.constantFrom(...values), fc.constantFrom(...values));
const anyText = fc.string({ unit: 'binary', maxLength: 30 });
const sometimes = (values: fc.Arbitrary<string>) => fc.option(values, { nil: undefined });

const fields = {
  time: fc.integer({ min: 0, max: 5000 }),
  took: fc.oneof(fc.double({ min: 0, max: 100_000, noNaN: true }), fc.integer({ min: 0, max: 3 })),
  ip: fc.oneof(some('127.0.0.1', '203.0.113.5', '2001:db8::1', ''), anyText),
  method: some('GET', 'HEAD', 'POST'),
  path: fc.oneof(some('/feed.xml', '/atom.xml?x="1"', '/'), anyText),
  status: some(200, 304, 404, 429),
  bytes: fc.oneof(some(0, 166_994), fc.nat()),
  ua: sometimes(fc.oneof(some('newsboat/2.21.0 (Linux x86_64)', 'evil"\n{"status":1}'), anyText)),
  ifNoneMatch: sometimes(fc.oneof(some('"K0Gl9T8X"', 'W/"a", "b"'), anyText)),
  ifModifiedSince: sometimes(some('Mon, 30 Nov 2026 23:18:08 GMT', 'yesterday')),
  lastModified: sometimes(some('Mon, 30 Nov 2026 23:18:08 GMT', 'Tue, 01 Dec 2026 00:00:00 GMT')),
};
const first = fc.record(fields, {
  requiredKeys: ['time', 'took', 'ip', 'method', 'path', 'status', 'bytes'],
});
// Each next request is the one before with a few fields changed (the time moves forward), as on a
// keep-alive connection: the case the cached parts are for. A field set to undefined is dropped.
const change = fc.record(fields, { requiredKeys: [] });

function run(start: number, request: Request, changes: Partial<Request>[]): Request[] {
  const requests = [{ ...request, time: start + request.time }];
  for (const c of changes) {
    const before = requests[requests.length - 1] as Request;
    requests.push({ ...before, ...c, time: before.time + (c.time ?? 0) });
  }
  return requests;
}

function formatted(format: LineFormat, r: Request): string {
  const strings = [r.ip, r.method, r.path, r.ua, r.ifNoneMatch, r.ifModifiedSince, r.lastModified];
  format.format(r.time, strings, 0, r.status, r.bytes, r.took);
  return Buffer.from(format.take()).toString('utf8');
}

describe('request log lines', () => {
  it('are what JSON.stringify writes for the same request, line after line', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 4_102_444_800_000 }),
        first,
        fc.array(change, { maxLength: 40 }),
        (start, request, changes) => {
          const format = new LineFormat();
          for (const r of run(start, request, changes)) expect(formatted(format, r)).toBe(obvious(r));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('are the same bytes when a whole batch is formatted before it is taken, long lines included', () => {
    // User-Agents of kilobytes make a batch outgrow the buffer it started with (64 KiB).
    const long = fc.string({ unit: 'grapheme', minLength: 2000, maxLength: 12_000 });
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 4_102_444_800_000 }),
        first,
        fc.array(fc.record({ ...fields, ua: sometimes(long) }, { requiredKeys: [] }), { maxLength: 60 }),
        (start, request, changes) => {
          const format = new LineFormat();
          const requests = run(start, request, changes);
          for (const r of requests) {
            const strings = [r.ip, r.method, r.path, r.ua, r.ifNoneMatch, r.ifModifiedSince, r.lastModified];
            format.format(r.time, strings, 0, r.status, r.bytes, r.took);
          }
          expect(Buffer.from(format.take()).toString('utf8')).toBe(requests.map(obvious).join(''));
          // The next batch starts empty.
          expect(formatted(format, request as Request)).toBe(obvious(request as Request));
        },
      ),
      { numRuns: 60 },
    );
  });

  it('write a duration as JavaScript writes it rounded to the microsecond', () => {
    fc.assert(
      fc.property(fc.oneof(fc.double({ min: 0, max: 1e13, noNaN: true }), fc.nat()), (ms) => {
        expect(milliseconds(ms)).toBe(String(Math.round(ms * 1000) / 1000));
      }),
      { numRuns: 2000 },
    );
    const wrong: number[] = [];
    for (let micros = 0; micros < 1_000_000; micros++) {
      if (milliseconds(micros / 1000) !== String(micros / 1000)) wrong.push(micros);
    }
    expect(wrong).toEqual([]);
  });
});
