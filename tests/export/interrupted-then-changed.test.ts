// A build killed after it put a new article's page in place, then the article deleted before the
// next build: the next build removes the page, because the killed one recorded what it was writing
// as pending beside the marker. Without that record, the page would stay in the export for good.
import { readdir, rm, unlink, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PENDING_FILE, readExportManifest } from '../../src/export/export-manifest.ts';
import { exportSite } from '../../src/export/export-site.ts';
import { checkOutputFolder } from '../../src/export/output-folder.ts';
import { updateExport } from '../../src/export/update-export.ts';
import { loadSite } from '../../src/load-site.ts';
import { articleText } from '../helpers/articles-dir.ts';
import { type FixtureFolder, makeFixtureFolder } from './site-fixture-folder.ts';

class Stopped extends Error {}

async function files(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)))
    .filter((name) => !name.startsWith('.herald'))
    .sort();
}

describe('an incremental build killed while writing', () => {
  let fixture: FixtureFolder;
  beforeAll(async () => {
    fixture = await makeFixtureFolder(6);
  });
  afterAll(async () => {
    await rm(fixture.root, { recursive: true, force: true });
  });

  const build = async (out: string, full: boolean, beforeStep?: (step: string) => void) => {
    const { rendered } = await loadSite(fixture.settings, new Date(), fixture.root);
    if (full) {
      await rm(out, { recursive: true, force: true });
      const folder = await checkOutputFolder(out, {
        articlesDir: fixture.articlesDir,
        projectRoot: fixture.root,
      });
      await exportSite({ settings: fixture.settings, rendered, folder, compress: false, workers: 1 });
      return;
    }
    const previous = await readExportManifest(out);
    if (!previous) throw new Error('no manifest');
    await updateExport({
      settings: fixture.settings,
      rendered,
      out,
      previous,
      compress: false,
      workers: 1,
      ...(beforeStep ? { beforeStep } : {}),
    });
  };

  it('removes a new page it put in place once its article is gone, and leaves no pending record', async () => {
    const out = join(fixture.root, 'site');
    await build(out, true);
    const added = join(fixture.articlesDir, '2030-01-01-added-then-deleted.md');
    await writeFile(added, articleText({ title: 'Added then deleted', date: '2024-06-01', tags: ['Gone'] }));
    // Stopped at the visible step after the new page was renamed in.
    let pageIn = false;
    await expect(
      build(out, false, (step) => {
        if (pageIn) throw new Stopped();
        if (step.startsWith('/articles/added-then-deleted')) pageIn = true;
      }),
    ).rejects.toBeInstanceOf(Stopped);
    expect(await files(out)).toContain('articles/added-then-deleted/index.html');
    expect((await readdir(out)).includes(PENDING_FILE)).toBe(true);

    await unlink(added);
    await build(out, false);
    const full = join(fixture.root, 'full');
    await build(full, true);
    expect(await files(out)).toEqual(await files(full));
    expect(await files(out)).not.toContain('articles/added-then-deleted/index.html');
    expect((await readdir(out)).includes(PENDING_FILE)).toBe(false);
  }, 60_000);
});
