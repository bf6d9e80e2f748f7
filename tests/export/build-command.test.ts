// `herald build` as users run it: exit codes, messages, and the folders it refuses.
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runHerald } from '../helpers/run-herald.ts';
import { cliSettings, type FixtureFolder, makeFixtureFolder } from './site-fixture-folder.ts';

// Each case runs herald (and a build) in child processes: on a loaded machine one start takes seconds.
describe('herald build', { timeout: 120_000 }, () => {
  let fixture: FixtureFolder;

  beforeAll(async () => {
    fixture = await makeFixtureFolder(3);
  });

  afterAll(async () => {
    await rm(fixture.root, { recursive: true, force: true });
  });

  const build = (...args: string[]) => runHerald(['build', ...cliSettings(fixture), ...args], fixture.root);

  describe('when the output folder is unsafe', () => {
    it.each([
      ['the articles folder', 'articles', 'is or contains the articles folder'],
      ['a folder inside the articles', 'articles/site', 'is inside the articles folder'],
      ['the project folder', '.', 'is or contains the project folder'],
      ['a parent of the project', '..', 'is or contains the project folder'],
    ])('refuses %s with exit code 2 and writes nothing', async (_name, out, message) => {
      const before = await readdir(fixture.articlesDir);
      const result = await build('--out', out, '--no-compress');
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(message);
      expect(await readdir(fixture.articlesDir)).toEqual(before);
      expect((await readdir(fixture.root)).sort()).toEqual(['articles']);
    });

    it('refuses a non-empty folder it did not write', async () => {
      const mine = join(fixture.root, 'mine');
      await mkdir(mine);
      await writeFile(join(mine, 'notes.txt'), 'keep me');
      const result = await build('--out', 'mine', '--no-compress');
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('was not written by herald build');
      expect(await readFile(join(mine, 'notes.txt'), 'utf8')).toBe('keep me');
      await rm(mine, { recursive: true });
    });

    it('asks for --out when it is missing', async () => {
      const result = await build();
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('give the output folder, e.g. herald build --out _site');
    });
  });

  describe('when the site builds', () => {
    it('prints a summary with files, bytes and time, and replaces its own earlier output', async () => {
      const first = await build('--out', 'site', '--no-compress');
      expect(first.code).toBe(0);
      // 2 shipped, 3 generated and one with media files.
      expect(first.stdout).toMatch(
        /^Exported 6 articles as \d+ URLs: \d+ files, [\d.]+ MB, to site in [\d.]+ s\n6 articles published, 0 errors, 0 warnings\n$/,
      );
      expect(first.stderr).toBe('');
      const second = await build('--out', 'site');
      expect(second.code).toBe(0);
      expect(await readdir(join(fixture.root, 'site'))).toContain('feed.xml.br');
      await rm(join(fixture.root, 'site'), { recursive: true });
    });

    it('writes the same files with --render-threads as without', async () => {
      const read = async (folder: string) => {
        const names = (await readdir(join(fixture.root, folder), { recursive: true })).sort();
        return Promise.all(
          names
            .filter((name) => !name.startsWith('.'))
            .map(async (name) => [name, await readFile(join(fixture.root, folder, name)).catch(() => null)]),
        );
      };
      expect((await build('--out', 'one', '--no-compress', '--full')).code).toBe(0);
      expect((await build('--out', 'all', '--no-compress', '--full', '--render-threads')).code).toBe(0);
      const [one, all] = [await read('one'), await read('all')];
      expect(all.map(([name]) => name)).toEqual(one.map(([name]) => name));
      expect(all).toEqual(one);
      await rm(join(fixture.root, 'one'), { recursive: true });
      await rm(join(fixture.root, 'all'), { recursive: true });
    });
  });

  describe('when the state folder cannot take the record of the build', () => {
    it('still exports the site, says so in one line and exits with 0', async () => {
      const record = join(fixture.root, '.herald', 'last-builds.json');
      await rm(record, { force: true });
      await mkdir(record, { recursive: true }); // a folder where the file would go
      try {
        const result = await build('--out', 'site', '--no-compress');
        expect(result.code).toBe(0);
        expect(result.stderr).toMatch(
          /^herald build: could not record this build in the state folder, .*\n$/,
        );
        expect(await readdir(join(fixture.root, 'site'))).toContain('feed.xml');
      } finally {
        await rm(record, { recursive: true, force: true });
        await rm(join(fixture.root, 'site'), { recursive: true, force: true });
      }
    });
  });

  describe('when an article has problems', () => {
    it('prints them as herald check does, still writes the good articles, and exits with 1', async () => {
      const bad = join(fixture.articlesDir, '2024-02-30-bad.md');
      await writeFile(bad, '---\ntitle: ""\ndate: 2024-13-45\n---\n\nBroken.\n');
      try {
        const check = await runHerald(['check', ...cliSettings(fixture)], fixture.root);
        const result = await build('--out', 'site', '--no-compress');
        expect(result.code).toBe(1);
        expect(check.code).toBe(1);
        const problemLines = check.stderr.trim().split('\n');
        expect(problemLines.length).toBeGreaterThan(0);
        expect(result.stderr.trim().split('\n')).toEqual(problemLines);
        expect(result.stdout).toMatch(
          /\n6 articles published, [1-9]\d* errors?, 0 warnings: fix them and build again\n$/,
        );
        expect(await readdir(join(fixture.root, 'site', 'articles'))).toContain('post-1');
      } finally {
        await rm(bad);
        await rm(join(fixture.root, 'site'), { recursive: true, force: true });
      }
    });

    it('says the same again when nothing changed since, and writes once something does', async () => {
      const bad = join(fixture.articlesDir, '2024-02-30-bad.md');
      await writeFile(bad, '---\ntitle: ""\ndate: 2024-13-45\n---\n\nBroken.\n');
      // Files written just before a build are not trusted to stay as listed (the clock's tick).
      await new Promise((resolve) => setTimeout(resolve, 2100));
      try {
        const first = await build('--out', 'site', '--no-compress');
        expect(first.code).toBe(1);
        const again = await build('--out', 'site', '--no-compress');
        expect(again.code).toBe(1);
        expect(again.stderr).toBe(first.stderr);
        const urls = (await readFile(join(fixture.root, 'site', '.herald-export'), 'utf8')).match(
          /"urls":(\d+)/,
        )?.[1];
        expect(again.stdout).toMatch(
          new RegExp(
            `^updated 0 files, removed 0, unchanged ${Number(urls).toLocaleString('en-US')} in [\\d.]+ s\n6 articles published, [1-9]\\d* errors?, 0 warnings: fix them and build again\n$`,
          ),
        );
        // A hosting recipe removed by hand (not a URL of the manifest) is written again too.
        const recipe = await readFile(join(fixture.root, 'site', 'nginx.conf'), 'utf8');
        await rm(join(fixture.root, 'site', 'nginx.conf'));
        await build('--out', 'site', '--no-compress');
        expect(await readFile(join(fixture.root, 'site', 'nginx.conf'), 'utf8')).toBe(recipe);
        // A file of the export removed by hand is written again.
        await rm(join(fixture.root, 'site', 'feed.xml'));
        const repaired = await build('--out', 'site', '--no-compress');
        expect(repaired.stdout).toMatch(/^updated 1 file \(1 feed\), removed 0/);
        expect(await readFile(join(fixture.root, 'site', 'feed.xml'), 'utf8')).toContain('<rss');
        await rm(bad);
        const fixed = await build('--out', 'site', '--no-compress');
        expect(fixed.code).toBe(0);
        expect(fixed.stderr).toBe('');
      } finally {
        await rm(bad, { force: true });
        await rm(join(fixture.root, 'site'), { recursive: true, force: true });
      }
    });
  });
});
