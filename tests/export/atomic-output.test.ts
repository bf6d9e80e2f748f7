// A build replaces the output folder in one step: a killed or failed build leaves the old one as it was.
import { access, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exportSite } from '../../src/export/export-site.ts';
import { checkOutputFolder, cleanStaleBuilds } from '../../src/export/output-folder.ts';
import { loadSite } from '../../src/load-site.ts';
import { folderDigest } from '../helpers/folder-digest.ts';
import { collect, runHerald, spawnHerald } from '../helpers/run-herald.ts';
import { cliSettings, type FixtureFolder, makeFixtureFolder } from './site-fixture-folder.ts';

const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  );

async function leftovers(root: string): Promise<string[]> {
  return (await readdir(root)).filter((name) => /^\.site\.(tmp|old)-/.test(name));
}

describe('the output folder', () => {
  let fixture: FixtureFolder;
  let out: string;

  beforeEach(async () => {
    fixture = await makeFixtureFolder(200);
    out = join(fixture.root, 'site');
    const first = await runHerald(
      ['build', '--no-compress', '--out', out, ...cliSettings(fixture)],
      fixture.root,
    );
    expect(first.code).toBe(0);
  });

  afterEach(async () => {
    await rm(fixture.root, { recursive: true, force: true });
  });

  describe('when a build is killed with SIGKILL half-way', () => {
    it('is left byte for byte as it was, and the next build removes the temporary folder', async () => {
      const before = await folderDigest(out);
      // Different content, so a swapped-in build would show.
      await writeFile(
        join(fixture.articlesDir, '2023-01-01-extra.md'),
        '---\ntitle: Extra\ndate: 2023-01-01\n---\n\nNew.\n',
      );
      const child = spawnHerald(['build', '--out', out, ...cliSettings(fixture)], fixture.root);
      const done = collect(child);
      const temp = join(fixture.root, `.site.tmp-${child.pid}`);
      // Kill once the build has written part of its files (compression keeps it busy for seconds).
      for (let i = 0; ; i += 1) {
        if ((await exists(temp)) && (await readdir(temp)).length > 5) break;
        if (i > 600) throw new Error('the build never created its temporary folder');
        await sleep(20);
      }
      child.kill('SIGKILL');
      const killed = await done;
      expect(killed.signal).toBe('SIGKILL');
      expect(await folderDigest(out)).toEqual(before);
      expect(await leftovers(fixture.root)).toEqual([`.site.tmp-${child.pid}`]);

      const next = await runHerald(
        ['build', '--no-compress', '--out', out, ...cliSettings(fixture)],
        fixture.root,
      );
      expect(next.code).toBe(0);
      expect(await leftovers(fixture.root)).toEqual([]);
      expect(await exists(join(out, 'articles', 'extra', 'index.html'))).toBe(true);
      // Two builds of 200 articles: on a loaded CI machine that is more than the default 30 s.
    }, 120_000);
  });

  describe('when a build fails', () => {
    it('keeps the previous output and removes the temporary folder', async () => {
      const before = await folderDigest(out);
      const { rendered } = await loadSite(fixture.settings, new Date(), fixture.root);
      const folder = await checkOutputFolder(out, {
        articlesDir: fixture.articlesDir,
        projectRoot: fixture.root,
      });
      let written = 0;
      const failing = exportSite({
        settings: fixture.settings,
        rendered,
        folder,
        compress: false,
        afterFile: () => {
          written += 1;
          if (written === 20) throw new Error('disk full (injected)');
        },
      });
      await expect(failing).rejects.toThrow('disk full (injected)');
      expect(await folderDigest(out)).toEqual(before);
      expect(await leftovers(fixture.root)).toEqual([]);
    });
  });

  describe('when a build killed between its two renames left the old output aside', () => {
    it('puts it back before building', async () => {
      const before = await folderDigest(out);
      const aside = join(fixture.root, '.site.old-999999');
      await rename(out, aside);
      const folder = await checkOutputFolder(out, {
        articlesDir: fixture.articlesDir,
        projectRoot: fixture.root,
      });
      await cleanStaleBuilds(folder);
      expect(await folderDigest(out)).toEqual(before);
      expect(await leftovers(fixture.root)).toEqual([]);
    });
  });
});
