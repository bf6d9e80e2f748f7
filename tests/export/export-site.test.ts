import { readdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportSite } from '../../src/export/export-site.ts';
import { filePathFor } from '../../src/export/file-paths.ts';
import { checkOutputFolder } from '../../src/export/output-folder.ts';
import { loadSite } from '../../src/load-site.ts';
import type { RenderedSite } from '../../src/model.ts';
import { MIN_COMPRESS_BYTES } from '../../src/render/representation.ts';
import { type FixtureFolder, makeFixtureFolder } from './site-fixture-folder.ts';

describe('exportSite', () => {
  let fixture: FixtureFolder;
  let rendered: RenderedSite;
  let out: string;

  beforeAll(async () => {
    fixture = await makeFixtureFolder(25);
    ({ rendered } = await loadSite(fixture.settings, new Date(), fixture.root));
    out = join(fixture.root, 'site');
    const folder = await checkOutputFolder(out, {
      articlesDir: fixture.articlesDir,
      projectRoot: fixture.root,
    });
    await exportSite({ settings: fixture.settings, rendered, folder, workers: 2 });
  });

  afterAll(async () => {
    await rm(fixture.root, { recursive: true, force: true });
  });

  it('writes every representation at the file for its URL, with its Last-Modified as mtime', async () => {
    for (const path of rendered.paths()) {
      const representation = rendered.get(path);
      if (!representation) throw new Error(`no ${path}`);
      const file = join(out, filePathFor(path));
      expect((await readFile(file)).equals(representation.body), path).toBe(true);
      expect((await stat(file)).mtimeMs, path).toBe(representation.lastModified.getTime());
    }
  });

  it('writes .gz and .br siblings with the server’s bytes, for bodies Herald compresses', async () => {
    for (const path of rendered.paths()) {
      const representation = rendered.get(path);
      if (!representation) throw new Error(`no ${path}`);
      const file = join(out, filePathFor(path));
      // Small bodies, and media compressed already (images, audio), have no siblings.
      if (representation.encodings.length === 1) {
        expect(representation.body.length < MIN_COMPRESS_BYTES || path.startsWith('/media/'), path).toBe(
          true,
        );
        await expect(stat(`${file}.gz`)).rejects.toThrow();
        continue;
      }
      const gz = await readFile(`${file}.gz`);
      expect(gz.equals(representation.encoded('gzip').body), path).toBe(true);
      expect(gunzipSync(gz).equals(representation.body), path).toBe(true);
      expect((await readFile(`${file}.br`)).equals(representation.encoded('br').body), path).toBe(true);
      expect((await stat(`${file}.br`)).mtimeMs, path).toBe(representation.lastModified.getTime());
    }
  });

  it('writes the hosting recipes and nothing outside the output folder', async () => {
    // `.herald` is the project's state folder (the Last-Modified ledger), written by loadSite.
    expect((await readdir(fixture.root)).sort()).toEqual(['.herald', 'articles', 'site']);
    expect((await readdir(join(fixture.root, '.herald'))).sort()).toEqual([
      'article-ids.tsv',
      'last-modified.tsv',
    ]);
    const nginx = await readFile(join(out, 'nginx.conf'), 'utf8');
    expect(nginx).toContain('gzip_static on;');
    expect(nginx).toContain('# brotli_static on;');
    expect(nginx).toContain('add_header Cache-Control "public, max-age=300";');
    expect(nginx).toContain('error_page 404 /404.html;');
    const headers = await readFile(join(out, '_headers'), 'utf8');
    expect(headers).toContain('/*feed.xml\n  Content-Type: application/rss+xml; charset=utf-8');
    expect(headers).toContain('/*atom.xml\n  Content-Type: application/atom+xml; charset=utf-8');
    expect(headers).toContain('/*.json\n  Content-Type: application/feed+json; charset=utf-8');
    expect(headers).toContain('  X-Content-Type-Options: nosniff');
  });
});
