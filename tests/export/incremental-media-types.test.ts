// An incremental build checks the files it writes against the fixed media-type rules of the hosting
// recipes, before anything visible changes: a file the rules would serve with another type stops the
// build with the export as it was. The files it keeps are not checked again by the same Herald.
import { readdir, readFile, rm } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { readExportManifest } from '../../src/export/export-manifest.ts';
import { exportSite } from '../../src/export/export-site.ts';
import { checkOutputFolder } from '../../src/export/output-folder.ts';
import { STAGING_FOLDER, updateExport } from '../../src/export/update-export.ts';
import { loadSite } from '../../src/load-site.ts';
import type { RenderedSite, Representation } from '../../src/model.ts';
import { type FixtureFolder, makeFixtureFolder } from './site-fixture-folder.ts';

let fixture: FixtureFolder;
beforeAll(async () => {
  fixture = await makeFixtureFolder(4);
});
afterAll(async () => {
  await rm(fixture.root, { recursive: true, force: true });
});

async function contents(dir: string): Promise<Map<string, string>> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = new Map<string, string>();
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    const name = relative(dir, path);
    // Files staged for the next build to use or remove; never served.
    if (name.startsWith(`${STAGING_FOLDER}/`)) continue;
    files.set(name, await readFile(path, 'latin1'));
  }
  return files;
}

/** The site as rendered, but `path` answered with another media type and other bytes. */
function withType(rendered: RenderedSite, path: string, mediaType: string): RenderedSite {
  const changed = (representation: Representation): Representation => ({
    ...representation,
    mediaType,
    body: Buffer.concat([representation.body, Buffer.from(' ')]),
    etag: '"another-etag"',
  });
  return new Proxy(rendered, {
    get(target, key, receiver) {
      if (key === 'get') {
        return (asked: string) => {
          const representation = target.get(asked);
          return asked === path && representation ? changed(representation) : representation;
        };
      }
      if (key === 'fingerprint') return () => undefined;
      const value = Reflect.get(target, key, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

it('refuses to write a feed under a name that gives another type, and leaves the export as it was', async () => {
  const out = join(fixture.root, 'site');
  const { rendered } = await loadSite(fixture.settings, new Date(), fixture.root);
  const folder = await checkOutputFolder(out, {
    articlesDir: fixture.articlesDir,
    projectRoot: fixture.root,
  });
  await exportSite({ settings: fixture.settings, rendered, folder, compress: false, workers: 1 });
  const before = await contents(out);
  const previous = await readExportManifest(out);
  if (!previous) throw new Error('no manifest');

  const update = (site: RenderedSite) =>
    updateExport({ settings: fixture.settings, rendered: site, out, previous, compress: false, workers: 1 });
  // `atom.xml` is served as Atom by every recipe: an RSS body there would be mistyped.
  await expect(update(withType(rendered, '/atom.xml', 'application/rss+xml; charset=utf-8'))).rejects.toThrow(
    /cannot export atom\.xml: its name gives application\/atom\+xml/,
  );
  expect(await contents(out)).toEqual(before);

  // The same change under the type its name gives is written.
  const atom = rendered.get('/atom.xml')?.mediaType as string;
  const summary = await update(withType(rendered, '/atom.xml', atom));
  expect(summary.plan.changed).toEqual(['/atom.xml']);
  expect((await contents(out)).get('atom.xml')).toBe(`${before.get('atom.xml')} `);
});
