// Moved articles: the old addresses listed in `aliases:` answer 301 to the current URL, in `herald
// serve` and in the export (nginx `return 301`, `_redirects`, and an HTML page for any static host).
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { exportSite } from '../../src/export/export-site.ts';
import { checkOutputFolder } from '../../src/export/output-folder.ts';
import { loadSite } from '../../src/load-site.ts';
import { type ArticlesDir, makeArticlesDir } from '../helpers/articles-dir.ts';
import { findNginx, type RunningNginx, startNginx } from '../helpers/nginx.ts';
import { rawGet } from '../helpers/raw-http.ts';
import { header, send, serve, testSettings } from '../helpers/server.ts';

const MOVED = `---
title: Moved here
date: 2022-06-01
id: tag:news.example.org,2019-05-01:old-name
aliases: [/2019/05/old-name/, /old-name.html, /short, /articles/leica-ends-huawei-partnership-and-signs-with-xiaomi/]
---

The article that used to live elsewhere.
`;
const CURRENT = 'https://news.example.org/articles/moved-here/';

let articles: ArticlesDir;
beforeAll(async () => {
  articles = await makeArticlesDir();
  await articles.write('2022-06-01-moved-here.md', MOVED);
});
afterAll(async () => {
  await articles.dispose();
});

describe('herald serve', () => {
  it.each(['/2019/05/old-name/', '/2019/05/old-name', '/old-name.html', '/short', '/short/'])(
    'answers the old address %s with 301 to the current URL',
    async (path) => {
      const server = await serve(articles.path);
      const response = await send(`${server.url}${path}`);
      expect(response.status).toBe(301);
      expect(header(response, 'location')).toBe(CURRENT);
      expect((await send(`${server.url}/articles/moved-here/`)).status).toBe(200);
    },
  );

  it('still answers 404 for other unknown paths', async () => {
    const server = await serve(articles.path);
    expect((await send(`${server.url}/2019/05/other-name/`)).status).toBe(404);
  });

  it("never takes over another article's address", async () => {
    const server = await serve(articles.path);
    const response = await send(
      `${server.url}/articles/leica-ends-huawei-partnership-and-signs-with-xiaomi/`,
    );
    expect(response.status).toBe(200);
    expect(response.body.toString()).toContain('Leica');
  });

  it('starts redirecting as soon as the alias is added, and stops when it is removed', async () => {
    const folder = await makeArticlesDir();
    try {
      const server = await serve(folder.path, { watch: true });
      const file = '2022-06-01-moved-here.md';
      await folder.write(file, MOVED.replace(/^aliases: .*$/m, 'aliases: /2018/gone/'));
      await vi.waitFor(async () => expect((await send(`${server.url}/2018/gone/`)).status).toBe(301), {
        timeout: 5000,
        interval: 20,
      });
      await folder.write(file, MOVED.replace(/^aliases: .*\n/m, ''));
      await vi.waitFor(async () => expect((await send(`${server.url}/2018/gone/`)).status).toBe(404), {
        timeout: 5000,
        interval: 20,
      });
    } finally {
      await folder.dispose();
    }
  });
});

describe('the export', () => {
  let root: string;
  let out: string;
  let nginx: RunningNginx;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'herald-aliases-'));
    out = join(root, 'site');
    await mkdir(join(root, 'project'));
    const settings = testSettings(articles.path);
    const { rendered } = await loadSite(settings, new Date(), articles.path);
    const folder = await checkOutputFolder(out, {
      articlesDir: articles.path,
      projectRoot: join(root, 'project'),
    });
    await exportSite({ settings, rendered, folder, workers: 1 });
    nginx = await startNginx(
      findNginx() as string,
      out,
      `include ${join(out, 'nginx.conf')}; include ${join(out, 'redirects.conf')};`,
    );
  });

  afterAll(async () => {
    await nginx?.stop();
    await rm(root, { recursive: true, force: true });
  });

  it('writes a page at each old address with rel=canonical and a meta refresh to the current URL', async () => {
    const page = await readFile(join(out, '2019/05/old-name/index.html'), 'utf8');
    expect(page).toContain(`<link rel="canonical" href="${CURRENT}">`);
    expect(page).toContain(`<meta http-equiv="refresh" content="0; url=${CURRENT}">`);
    expect(await readFile(join(out, 'old-name.html'), 'utf8')).toContain(CURRENT);
  });

  it('writes a _redirects file for Netlify and Cloudflare Pages', async () => {
    const lines = (await readFile(join(out, '_redirects'), 'utf8')).split('\n');
    expect(lines).toContain(`/2019/05/old-name/ ${CURRENT} 301`);
    expect(lines).toContain(`/old-name.html ${CURRENT} 301`);
    expect(lines).toContain(`/short/ ${CURRENT} 301`);
    // The other article's own address is not redirected.
    expect(lines.filter((line) => line.startsWith('/articles/'))).toEqual([]);
  });

  it.each(['/2019/05/old-name/', '/old-name.html', '/short/'])(
    'has nginx answer %s with 301 to the current URL',
    async (path) => {
      const response = await rawGet(`${nginx.url}${path}`);
      expect(response.status).toBe(301);
      expect(response.headers.location).toBe(CURRENT);
    },
  );

  it('keeps the redirect rules out of the site', async () => {
    for (const path of ['/_redirects', '/redirects.conf']) {
      expect((await rawGet(`${nginx.url}${path}`)).status, path).toBe(404);
    }
  });
});
