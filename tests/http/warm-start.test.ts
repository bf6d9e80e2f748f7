// A restart over unchanged files takes their articles from the state folder's article cache instead
// of reading and parsing every file again. What readers get must not depend on it: a warm start
// serves the same bytes as a start without the cache, and what changed while the server was stopped
// (an edit, a deletion, a new file, a deleted cache) is what the restarted server serves.
import { readFile, rm, stat, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { cliSettings, type FixtureFolder, makeFixtureFolder } from '../export/site-fixture-folder.ts';
import { articleText } from '../helpers/articles-dir.ts';
import { rawGet } from '../helpers/raw-http.ts';
import { serveHerald } from '../helpers/run-herald.ts';

const PATHS = ['/feed.xml', '/atom.xml', '/feed.json', '/', '/tags/', '/tags/cameras/feed.xml', '/authors/'];

let fixture: FixtureFolder;

beforeAll(async () => {
  fixture = await makeFixtureFolder(30);
  // Files changed less than two seconds before they are read are not cached (their time stamps could
  // still hide a second change), so the first start here must come later for the cache to be used.
  await new Promise((resolve) => setTimeout(resolve, 2100));
}, 30_000);

afterAll(async () => {
  await rm(fixture.root, { recursive: true, force: true });
});

/** Starts `herald serve` with `stateDir`, reads every path once, stops it: path → body. */
async function servedWith(stateDir: string): Promise<Map<string, string>> {
  const herald = await serveHerald(['--state-dir', stateDir, ...cliSettings(fixture)], fixture.root);
  const { url } = herald;
  const bodies = new Map<string, string>();
  for (const path of PATHS) {
    const response = await rawGet(`${url}${path}`);
    expect(response.status, path).toBe(200);
    bodies.set(path, response.body.toString('utf8'));
  }
  herald.child.kill('SIGTERM');
  await herald.exited;
  return bodies;
}

it('serves the same site from the article cache as from the files, and what changed while it was stopped', async () => {
  const state = join(fixture.root, 'state');
  const first = await servedWith(state);
  const cache = join(state, 'article-cache.json');
  expect((await stat(cache)).size).toBeGreaterThan(1000);
  expect(await readFile(cache, 'utf8')).toContain('Generated article number 7');

  // Unchanged files: the warm start serves exactly what the cold one did.
  expect(await servedWith(state)).toEqual(first);

  // Changes made while stopped: an edit, a deletion and a new file.
  const names = (await import('node:fs')).readdirSync(fixture.articlesDir).sort();
  const edited = names.find((name) => name.includes('post-29')) as string;
  const deleted = names.find((name) => name.includes('post-28')) as string;
  const text = await readFile(join(fixture.articlesDir, edited), 'utf8');
  await writeFile(
    join(fixture.articlesDir, edited),
    text.replace(/^title: .*$/m, 'title: "Edited while stopped"'),
  );
  await unlink(join(fixture.articlesDir, deleted));
  await writeFile(
    join(fixture.articlesDir, '2030-01-01-written-while-stopped.md'),
    articleText({ title: 'Written while stopped', date: '2025-01-01', tags: ['Cameras'] }),
  );
  const warm = await servedWith(state);
  const cold = await servedWith(join(fixture.root, 'fresh-state'));
  expect(warm).toEqual(cold);
  expect(warm.get('/feed.xml')).toContain('Edited while stopped');
  expect(warm.get('/feed.xml')).toContain('Written while stopped');
  expect(warm.get('/tags/cameras/feed.xml')).toContain('Written while stopped');
  expect(warm.get('/feed.json')).not.toContain('Generated article number 28:');

  // A deleted cache is no cache: the same site again.
  await rm(state, { recursive: true });
  expect(await servedWith(state)).toEqual(cold);
}, 240_000);
