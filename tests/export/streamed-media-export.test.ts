// `herald build` and `herald deploy` copy media files too large to keep in memory by streaming them,
// byte for byte, with the Last-Modified the server sends as the file's time; a build into an existing
// export leaves an unchanged one untouched and replaces a changed one.
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { STREAMED_MEDIA_BYTES } from '../../src/render/media-routes.ts';
import { articleText } from '../helpers/articles-dir.ts';
import { runHerald } from '../helpers/run-herald.ts';
import { startS3Server } from '../helpers/s3-server.ts';
import { send, serve } from '../helpers/server.ts';

const SITE_URL = 'https://news.example.test/';
const SIZE = STREAMED_MEDIA_BYTES + 2 * 1024 * 1024 + 77;

let root: string;
let articlesDir: string;

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('base64url');

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'herald-streamed-export-'));
  articlesDir = join(root, 'articles');
  await mkdir(join(articlesDir, '2022-06-01-episode'), { recursive: true });
  await writeFile(
    join(articlesDir, '2022-06-01-episode.md'),
    articleText({ title: 'Episode one', date: '2022-06-01', body: '[Listen](2022-06-01-episode/one.mp3)\n' }),
  );
  await writeFile(join(articlesDir, '2022-06-01-episode', 'one.mp3'), randomBytes(SIZE));
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

const build = (out: string) =>
  runHerald(['build', '--out', out, '--articles', articlesDir, '--site-url', SITE_URL], root, {
    HERALD_STATE_DIR: join(root, 'state'),
  });

describe('herald build with a media file over the streaming threshold', () => {
  it('writes its bytes, no compressed siblings, and the Last-Modified the server sends as its time', async () => {
    const source = join(articlesDir, '2022-06-01-episode', 'one.mp3');
    const result = await build('site');
    expect(result.code, result.stderr).toBe(0);
    const exported = join(root, 'site', 'media', '2022-06-01-episode', 'one.mp3');
    expect(sha256(await readFile(exported))).toBe(sha256(await readFile(source)));
    await expect(stat(`${exported}.gz`)).rejects.toThrow();
    const server = await serve(articlesDir, { settings: { stateDir: join(root, 'state') } });
    const answer = await send(`${server.url}/media/2022-06-01-episode/one.mp3`, { method: 'HEAD' });
    expect((await stat(exported)).mtime.toUTCString()).toBe(answer.headers['last-modified']);
  });

  it('leaves it untouched in an existing export when it is unchanged, and replaces it when it changed', async () => {
    const source = join(articlesDir, '2022-06-01-episode', 'one.mp3');
    const exported = join(root, 'site', 'media', '2022-06-01-episode', 'one.mp3');
    expect((await build('site')).code).toBe(0);
    const first = await stat(exported);
    // Another article, so the build has something to write.
    await writeFile(join(articlesDir, 'other.md'), articleText({ title: 'Other', date: '2022-06-02' }));
    const again = await build('site');
    expect(again.code, again.stderr).toBe(0);
    const kept = await stat(exported);
    expect([kept.ino, kept.mtimeMs]).toEqual([first.ino, first.mtimeMs]);
    // Other bytes of the same size, renamed into place.
    const replaced = randomBytes(SIZE);
    await writeFile(`${source}.new`, replaced);
    await rename(`${source}.new`, source);
    expect((await build('site')).code).toBe(0);
    expect(sha256(await readFile(exported))).toBe(sha256(replaced));
  });
});

describe('herald deploy with a media file over the streaming threshold', () => {
  it('uploads its bytes with its type', async () => {
    const s3 = await startS3Server();
    const client = s3.client();
    try {
      const result = await runHerald(
        ['deploy', `s3://${s3.bucket}/live`, '--articles', articlesDir, '--site-url', SITE_URL],
        root,
        { ...s3.env, HERALD_STATE_DIR: join(root, 'state') },
      );
      expect(result.code, result.stderr).toBe(0);
      const object = await client.send(
        new GetObjectCommand({ Bucket: s3.bucket, Key: 'live/media/2022-06-01-episode/one.mp3' }),
      );
      expect(object.ContentType).toBe('audio/mpeg');
      const bytes = Buffer.from((await object.Body?.transformToByteArray()) ?? []);
      expect(sha256(bytes)).toBe(sha256(await readFile(join(articlesDir, '2022-06-01-episode', 'one.mp3'))));
    } finally {
      client.destroy();
      await s3.close();
    }
  }, 120_000);
});
