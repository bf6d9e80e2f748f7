// The shipped articles exported by `herald build` and served by a real nginx with the exported
// recipe, as a static deployment would serve them.
import { copyFile, mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SHIPPED_ARTICLES_DIR } from './articles-dir.ts';
import { findNginx, startNginx } from './nginx.ts';
import { runHerald } from './run-herald.ts';

export const EXPORTED_SITE_URL = 'https://news.example.test/';

export interface ServedExport {
  /** Where nginx listens, e.g. `http://127.0.0.1:41234`. */
  url: string;
  close(): Promise<void>;
}

export async function serveShippedExport(): Promise<ServedExport> {
  const nginxBinary = findNginx();
  if (!nginxBinary) throw new Error('nginx is not installed (apt-get install -y nginx-light)');
  const root = await mkdtemp(join(tmpdir(), 'herald-exported-'));
  await mkdir(join(root, 'articles'));
  for (const name of await readdir(SHIPPED_ARTICLES_DIR)) {
    if (name.endsWith('.md')) await copyFile(join(SHIPPED_ARTICLES_DIR, name), join(root, 'articles', name));
  }
  const build = await runHerald(['build', '--out', 'out', '--site-url', EXPORTED_SITE_URL], root);
  if (build.code !== 0) throw new Error(`herald build failed: ${build.stderr}`);
  const nginx = await startNginx(nginxBinary, join(root, 'out'), `include ${join(root, 'out/nginx.conf')};`);
  return {
    url: nginx.url,
    async close() {
      await nginx.stop();
      await rm(root, { recursive: true, force: true });
    },
  };
}
