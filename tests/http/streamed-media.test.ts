// Media files too large to keep in memory (over 4 MB) are streamed from disk: the same answers as a
// small file (type, strong ETag from the bytes, Last-Modified, 304, HEAD, Range), with the server's
// memory independent of the file's size, and never a mix of two versions under one ETag.
import { createHash, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdtemp, open, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { createServer, get, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadMedia } from '../../src/content/load-media.ts';
import { sendRepresentation } from '../../src/http/send-representation.ts';
import type { MediaFile } from '../../src/model.ts';
import { STREAMED_MEDIA_BYTES } from '../../src/render/media-routes.ts';
import { makeRepresentation } from '../../src/render/representation.ts';
import { type ArticlesDir, articleText, makeArticlesDir, stateDirFor } from '../helpers/articles-dir.ts';
import { serveHerald } from '../helpers/run-herald.ts';
import { header, send, serve, testSettings } from '../helpers/server.ts';
import { waitUntil } from '../helpers/wait.ts';

const MB = 1024 * 1024;
const EPISODE = 'episode.mp3';
const URL_PATH = `/media/${EPISODE}`;

let articles: ArticlesDir;

/** Writes `size` random bytes at `path` in 1 MB pieces (never all in memory) and returns their SHA-256. */
async function writeRandomFile(path: string, size: number): Promise<string> {
  const hash = createHash('sha256');
  const out = createWriteStream(path);
  for (let left = size; left > 0; left -= MB) {
    const piece = randomBytes(Math.min(MB, left));
    hash.update(piece);
    if (!out.write(piece)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'close');
  return hash.digest('base64url');
}

async function fileBytes(path: string, start: number, end: number): Promise<Buffer> {
  const handle = await open(path);
  try {
    const buffer = Buffer.alloc(end + 1 - start);
    await handle.read(buffer, 0, buffer.length, start);
    return buffer;
  } finally {
    await handle.close();
  }
}

interface Download {
  status: number;
  headers: IncomingMessage['headers'];
  length: number;
  sha256: string;
  /** Whether the body ended as a complete message (false: the connection was cut). */
  complete: boolean;
}

/**
 * Downloads a URL, hashing the body as it comes (the test keeps none of it). With `midway`, the
 * client holds back after the first bytes until `midway` (a change to the file) is done.
 */
function download(
  url: string,
  headers: Record<string, string> = {},
  midway?: () => Promise<void>,
): Promise<Download> {
  return new Promise((resolve, reject) => {
    get(url, { headers, agent: false }, (res) => {
      const hash = createHash('sha256');
      let length = 0;
      const take = (chunk: Buffer) => {
        hash.update(chunk);
        length += chunk.length;
      };
      if (midway) {
        res.once('data', async (chunk: Buffer) => {
          res.pause();
          take(chunk);
          await midway();
          res.on('data', take);
          res.resume();
        });
      } else res.on('data', take);
      const done = (complete: boolean) =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          length,
          sha256: hash.digest('base64url'),
          complete,
        });
      res.on('end', () => done(res.complete));
      res.on('aborted', () => {});
      res.on('error', () => {});
      res.on('close', () => {
        if (!res.complete && !res.readableEnded) done(false);
      });
    }).on('error', reject);
  });
}

function rssBytes(pid: number): Promise<number> {
  return readFile(`/proc/${pid}/status`, 'utf8').then(
    (status) => Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1]) * 1024,
  );
}

beforeEach(async () => {
  articles = await makeArticlesDir();
  await articles.write(
    '2022-06-01-episode.md',
    articleText({ title: 'Episode one', date: '2022-06-01', body: `[Listen](${EPISODE})\n` }),
  );
});

afterEach(async () => {
  await articles.dispose();
  await rm(stateDirFor(articles.path), { recursive: true, force: true });
});

describe('a media file over the streaming threshold', () => {
  const SIZE = STREAMED_MEDIA_BYTES + 3 * MB + 12_345;
  let digest: string;
  beforeEach(async () => {
    digest = await writeRandomFile(join(articles.path, EPISODE), SIZE);
  });

  it('answers 200 with its bytes, type, a strong ETag of its bytes, Last-Modified and a long Cache-Control', async () => {
    const server = await serve(articles.path);
    const answer = await download(`${server.url}${URL_PATH}`, { 'Accept-Encoding': 'gzip, br' });
    expect(answer.status).toBe(200);
    expect(answer.complete).toBe(true);
    expect(answer.length).toBe(SIZE);
    expect(answer.sha256).toBe(digest);
    expect(answer.headers['content-type']).toBe('audio/mpeg');
    expect(answer.headers['content-length']).toBe(String(SIZE));
    expect(answer.headers['content-encoding']).toBeUndefined();
    // The ETag a body of these bytes gets: the same whether a file is streamed or kept in memory.
    expect(answer.headers.etag).toBe(`"${digest.slice(0, 27)}"`);
    expect(answer.headers['last-modified']).toMatch(/GMT$/);
    expect(answer.headers['cache-control']).toBe('public, max-age=86400');
    expect(answer.headers['accept-ranges']).toBe('bytes');
    expect(answer.headers['x-content-type-options']).toBe('nosniff');
  });

  it('answers HEAD with the same headers and no body', async () => {
    const server = await serve(articles.path);
    const get = await send(`${server.url}${URL_PATH}`);
    const head = await send(`${server.url}${URL_PATH}`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.body.length).toBe(0);
    for (const name of ['content-type', 'content-length', 'etag', 'last-modified', 'cache-control']) {
      expect(header(head, name), name).toBe(header(get, name));
    }
  });

  it('answers If-None-Match and If-Modified-Since with 304 and no body', async () => {
    const server = await serve(articles.path);
    const first = await send(`${server.url}${URL_PATH}`, { method: 'HEAD' });
    for (const condition of <Record<string, string>[]>[
      { 'If-None-Match': header(first, 'etag') as string },
      { 'If-Modified-Since': header(first, 'last-modified') as string },
    ]) {
      const answer = await send(`${server.url}${URL_PATH}`, { headers: condition });
      expect(answer.status).toBe(304);
      expect(answer.body.length).toBe(0);
      expect(header(answer, 'etag')).toBe(header(first, 'etag'));
    }
  });

  it.each([
    ['bytes=0-99', 0, 99],
    ['bytes=5000000-5000099', 5_000_000, 5_000_099],
    [`bytes=${SIZE - 1000}-`, SIZE - 1000, SIZE - 1],
    ['bytes=-500', SIZE - 500, SIZE - 1],
    [`bytes=${SIZE - 10}-${SIZE + 5000}`, SIZE - 10, SIZE - 1],
  ])('answers Range %s with 206 and exactly those bytes', async (range, start, end) => {
    const server = await serve(articles.path);
    const answer = await send(`${server.url}${URL_PATH}`, { headers: { Range: range } });
    expect(answer.status).toBe(206);
    expect(header(answer, 'content-range')).toBe(`bytes ${start}-${end}/${SIZE}`);
    expect(header(answer, 'content-length')).toBe(String(end + 1 - start));
    expect(answer.body.equals(await fileBytes(join(articles.path, EPISODE), start, end))).toBe(true);
  });

  it('answers a range past the end with 416 and the full size', async () => {
    const server = await serve(articles.path);
    const answer = await send(`${server.url}${URL_PATH}`, { headers: { Range: `bytes=${SIZE}-` } });
    expect(answer.status).toBe(416);
    expect(header(answer, 'content-range')).toBe(`bytes */${SIZE}`);
    expect(answer.body.length).toBe(0);
  });

  it('answers several ranges, or an If-Range that no longer matches, with the whole file', async () => {
    const server = await serve(articles.path);
    for (const headers of <Record<string, string>[]>[
      { Range: 'bytes=0-9,5000000-5000009' },
      { Range: 'bytes=0-9', 'If-Range': '"another-version"' },
    ]) {
      const answer = await download(`${server.url}${URL_PATH}`, headers);
      expect(answer.status).toBe(200);
      expect(answer.length).toBe(SIZE);
      expect(answer.sha256).toBe(digest);
    }
    const etag = (await send(`${server.url}${URL_PATH}`, { method: 'HEAD' })).headers.etag as string;
    const matching = await send(`${server.url}${URL_PATH}`, {
      headers: { Range: 'bytes=0-9', 'If-Range': etag },
    });
    expect(matching.status).toBe(206);
  });

  it('changes its ETag exactly when its bytes change', async () => {
    const server = await serve(articles.path);
    const path = join(articles.path, EPISODE);
    const etagNow = async () => header(await send(`${server.url}${URL_PATH}`, { method: 'HEAD' }), 'etag');
    const first = await etagNow();
    const original = await readFile(path);
    // Other bytes of the same size, written in place: a new ETag, and those bytes.
    const handle = await open(path, 'r+');
    await handle.write(Buffer.from('other bytes'), 0, 11, 1_000_000);
    await handle.close();
    await waitUntil(async () => (await etagNow()) !== first, 20_000);
    const after = await download(`${server.url}${URL_PATH}`);
    const changed = createHash('sha256')
      .update(await readFile(path))
      .digest('base64url');
    expect(after.sha256).toBe(changed);
    expect(after.headers.etag).toBe(`"${changed.slice(0, 27)}"`);
    // The first bytes back, saved as a new file renamed into place: the first ETag again.
    await writeFile(`${path}.tmp`, original);
    await rename(`${path}.tmp`, path);
    await waitUntil(async () => (await etagNow()) === first, 20_000);
    expect((await download(`${server.url}${URL_PATH}`)).sha256).toBe(digest);
  });

  it('cuts a download when the file is written to while it is sent, rather than mix two versions', async () => {
    const server = await serve(articles.path);
    const path = join(articles.path, EPISODE);
    // The client holds back after the first bytes; meanwhile the file is rewritten in place.
    const answer = await download(`${server.url}${URL_PATH}`, {}, async () => {
      const handle = await open(path, 'r+');
      await handle.write(Buffer.alloc(64 * 1024, 1), 0, 64 * 1024, SIZE - 64 * 1024);
      await handle.close();
    });
    expect(answer.status).toBe(200);
    expect(answer.complete).toBe(false);
    expect(answer.length).toBeLessThan(SIZE);
  });

  it('sends the whole old version to a download under way when the file is replaced by a rename', async () => {
    const server = await serve(articles.path);
    const path = join(articles.path, EPISODE);
    const answer = await download(`${server.url}${URL_PATH}`, {}, async () => {
      await writeRandomFile(`${path}.new`, SIZE);
      await rename(`${path}.new`, path);
    });
    expect(answer.complete).toBe(true);
    expect(answer.sha256).toBe(digest);
    expect(answer.headers.etag).toBe(`"${digest.slice(0, 27)}"`);
  });
});

describe('a streamed file replaced before the folder is listed again', () => {
  it('is answered from the new version under the new version’s ETag, never the old one', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'herald-streamed-'));
    try {
      const size = STREAMED_MEDIA_BYTES + 1000;
      const oldDigest = await writeRandomFile(join(folder, EPISODE), size);
      const { media } = await loadMedia({ articlesDir: folder, maxMediaBytes: 200 * MB });
      const file = media.get(EPISODE) as MediaFile;
      expect(file.digest).toBe(oldDigest);
      // The listing (and so the representation) still names the old version.
      const representation = makeRepresentation(URL_PATH, {
        mediaType: file.mediaType,
        body: '',
        lastModified: file.modified,
        streamed: file,
      });
      const newDigest = await writeRandomFile(join(folder, `${EPISODE}.new`), size);
      await rename(join(folder, `${EPISODE}.new`), join(folder, EPISODE));
      const settings = testSettings(folder);
      const server = createServer((req, res) => sendRepresentation(req, res, representation, settings));
      server.listen(0, '127.0.0.1');
      await once(server, 'listening');
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}${URL_PATH}`;
      try {
        const whole = await download(url);
        expect(whole.sha256).toBe(newDigest);
        expect(whole.headers.etag).toBe(`"${newDigest.slice(0, 27)}"`);
        expect(whole.headers['last-modified']).toBeUndefined();
        const part = await send(url, { headers: { Range: 'bytes=10-19' } });
        expect(part.status).toBe(206);
        expect(part.body.equals(await fileBytes(join(folder, EPISODE), 10, 19))).toBe(true);
        const revalidated = await send(url, { headers: { 'If-None-Match': whole.headers.etag as string } });
        expect(revalidated.status).toBe(304);
      } finally {
        server.close();
      }
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });
});

describe('serving a 96 MB episode to several clients at once', () => {
  it('keeps the server’s memory well below the file’s size, and every client gets the right bytes', async () => {
    const SIZE = 96 * MB;
    const digest = await writeRandomFile(join(articles.path, EPISODE), SIZE);
    const herald = await serveHerald(
      ['--articles', articles.path, '--site-url', 'https://news.example.org/'],
      articles.path,
      {
        HERALD_STATE_DIR: stateDirFor(articles.path),
      },
    );
    const pid = herald.child.pid as number;
    try {
      const url = `${herald.url}${URL_PATH}`;
      // The baseline: started (the file hashed once), answering a page, a 404 (which loads the
      // Express app, otherwise loaded in the background at start) and 100 bytes of the file (which
      // loads the streaming code): every module is loaded, and what grows now is the downloads'.
      await send(`${herald.url}/feed.xml`);
      await send(`${herald.url}/no-such-page/`);
      await send(url, { headers: { Range: 'bytes=0-99' } });
      const baseline = await rssBytes(pid);
      let peak = baseline;
      const sampler = setInterval(() => {
        rssBytes(pid).then(
          (rss) => {
            peak = Math.max(peak, rss);
          },
          () => {},
        );
      }, 20);
      const ranges = [
        [0, 8 * MB - 1],
        [40 * MB, 72 * MB - 1],
        [SIZE - 16 * MB, SIZE - 1],
      ] as const;
      await download(url);
      const [wholes, parts] = await Promise.all([
        Promise.all([1, 2, 3, 4].map(() => download(url))),
        Promise.all(ranges.map(([start, end]) => download(url, { Range: `bytes=${start}-${end}` }))),
      ]);
      clearInterval(sampler);
      peak = Math.max(peak, await rssBytes(pid));
      for (const whole of wholes) {
        expect(whole.status).toBe(200);
        expect(whole.length).toBe(SIZE);
        expect(whole.sha256).toBe(digest);
      }
      for (const [k, [start, end]] of ranges.entries()) {
        const part = parts[k] as Download;
        expect(part.status).toBe(206);
        expect(part.length).toBe(end + 1 - start);
        const expected = createHash('sha256').update(
          await fileBytes(join(articles.path, EPISODE), start, end),
        );
        expect(part.sha256).toBe(expected.digest('base64url'));
      }
      // Seven downloads of a 96 MB file: a server that read it whole per request would hold several
      // copies at once (hundreds of MB); streaming holds a few chunks per client.
      expect(peak - baseline, `RSS ${baseline / MB} MB → peak ${peak / MB} MB`).toBeLessThan(SIZE / 4);
    } finally {
      herald.child.kill('SIGTERM');
      await herald.exited;
    }
  }, 180_000);
});
