// `herald build` into an earlier export, as users run it: after each kind of change the folder equals
// a `--full` build, only the files whose bytes changed were written, and a build killed with SIGKILL
// at a random moment leaves a folder whose links all resolve and that the next build completes.
import { access, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runHerald, spawnHerald, watchHerald } from '../helpers/run-herald.ts';
import { contentsOf, danglingLinks, readFolder, readFolders } from './export-folder.ts';
import { cliSettings, type FixtureFolder, makeFixtureFolder, SITE_URL } from './site-fixture-folder.ts';

// Warnings: the renamed article's (see RENAMED), once it is renamed.
const SUMMARY =
  /^updated (\d+) files?(?: \(([^)]*)\))?, removed (\d+), unchanged ([\d,]+) in [\d.]+ s\n\d+ articles published, 0 errors, [01] warnings?\n$/;

const RENAMED = /post-two\.md: warning: id: looks like .*post-2\.md renamed/;

describe('herald build into an earlier export', () => {
  let fixture: FixtureFolder;

  beforeAll(async () => {
    fixture = await makeFixtureFolder(10);
  });

  afterAll(async () => {
    await rm(fixture.root, { recursive: true, force: true });
  });

  const build = (...args: string[]) => runHerald(['build', ...cliSettings(fixture), ...args], fixture.root);
  const article = (n: number) =>
    join(fixture.articlesDir, `2020-01-${String(n).padStart(2, '0')}-post-${n}.md`);

  describe('after each kind of change', () => {
    beforeAll(async () => {
      expect((await build('--out', 'site', '--no-compress')).code).toBe(0);
    });

    it.each([
      [
        'an edit',
        async () =>
          writeFile(
            article(4),
            (await readFile(article(4), 'utf8')).replace('Paragraph 1', 'First paragraph'),
          ),
      ],
      [
        // Same length: nginx's ETag (mtime and size) changes only because the mtime does.
        'a same-length typo fix',
        async () =>
          writeFile(article(5), (await readFile(article(5), 'utf8')).replace('Paragraph 1', 'Paragraph I')),
      ],
      [
        'a new article',
        () =>
          writeFile(
            join(fixture.articlesDir, '2021-03-04-brand-new.md'),
            '---\ntitle: Brand new\ndate: 2021-03-04\ntags: [Leica]\n---\n\nNew.\n',
          ),
      ],
      ['a deletion', () => rm(article(7))],
      [
        'a rename',
        async () => {
          await writeFile(join(fixture.articlesDir, '2020-01-02-post-two.md'), await readFile(article(2)));
          await rm(article(2));
        },
      ],
      [
        'a settings change',
        () => writeFile(join(fixture.root, 'herald.config.json'), JSON.stringify({ title: 'Renamed site' })),
      ],
      ['no change', async () => {}],
    ])(
      'after %s it equals a --full build and wrote only the changed files',
      async (name, change) => {
        const out = join(fixture.root, 'site');
        const before = await readFolder(out);
        await change();
        const result = await build('--out', 'site', '--no-compress');
        // The renamed file has no `id:`, so from then on every build warns that its id changed.
        const unexpected = result.stderr.split('\n').filter((line) => line && !RENAMED.test(line));
        expect(unexpected).toEqual([]);
        if (name === 'a rename') expect(result.stderr).toMatch(RENAMED);
        expect(result.code).toBe(0);
        const summary = SUMMARY.exec(result.stdout);
        expect(summary, result.stdout).not.toBeNull();

        await rm(join(fixture.root, 'full'), { recursive: true, force: true });
        expect((await build('--out', 'full', '--full', '--no-compress')).code).toBe(0);
        const after = await readFolder(out);
        const full = await readFolder(join(fixture.root, 'full'));
        expect(contentsOf(after)).toEqual(contentsOf(full));
        expect(await readFolders(out)).toEqual(await readFolders(join(fixture.root, 'full')));

        const pages = [...after.keys()].filter(
          (name) => !name.startsWith('.') && !['nginx.conf', '_headers'].includes(name),
        );
        const written = pages.filter((name) => {
          const old = before.get(name);
          if (old === undefined) return true;
          if (!old.bytes.equals(after.get(name)?.bytes as Buffer)) {
            // New bytes, later Last-Modified (mtime): never the same or an earlier one.
            expect(after.get(name)?.mtimeMs, name).toBeGreaterThan(old.mtimeMs);
            return true;
          }
          // Same bytes: the very same file, never rewritten.
          expect(after.get(name)?.ino, name).toBe(old.ino);
          expect(after.get(name)?.mtimeMs, name).toBe(old.mtimeMs);
          return false;
        });
        const removed = [...before.keys()].filter((name) => !after.has(name));
        expect(Number(summary?.[1])).toBe(written.length);
        expect(Number(summary?.[3])).toBe(removed.length);
        expect(Number(summary?.[4]?.replaceAll(',', ''))).toBe(pages.length - written.length);
        for (const name of pages) expect(after.get(name)?.mtimeMs, name).toBe(full.get(name)?.mtimeMs);
      },
      120_000,
    );
  });

  describe('when a build is killed with SIGKILL at a random moment', () => {
    it.each([1, 2])(
      'leaves a folder whose links all resolve, which the next build completes (round %i)',
      async (round) => {
        const out = join(fixture.root, 'killed');
        if (round === 1) expect((await build('--out', 'killed')).code).toBe(0);
        const oldDangling = await danglingLinks(out, SITE_URL);
        const before = await readFolder(out);
        // Every page changes (the title is on each), articles come and go.
        await writeFile(
          join(fixture.root, 'herald.config.json'),
          JSON.stringify({ title: `Round ${round}` }),
        );
        await writeFile(
          join(fixture.articlesDir, `2022-0${round}-01-round-${round}.md`),
          `---\ntitle: Round ${round}\ndate: 2022-0${round}-01\ntags: [Round ${round}]\n---\n\nNew.\n`,
        );
        await rm(article(10 - round), { force: true });

        const child = spawnHerald(['build', '--out', 'killed', ...cliSettings(fixture)], fixture.root);
        const running = watchHerald(child);
        for (let i = 0; ; i += 1) {
          if (
            await access(join(out, '.herald-staging')).then(
              () => true,
              () => false,
            )
          )
            break;
          if (i > 2000) throw new Error('the build never started writing');
          await new Promise((resolve) => setTimeout(resolve, 5));
        }
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 1500));
        child.kill('SIGKILL');
        await running.exited;

        await rm(join(fixture.root, 'full'), { recursive: true, force: true });
        expect((await build('--out', 'full', '--full')).code).toBe(0);
        const fullFiles = await readFolder(join(fixture.root, 'full'));
        // A reader may hold the URL of any page or feed the site had and still has.
        const entries = [...before.keys()].filter((name) => fullFiles.has(name));
        const allowed = new Set([
          ...oldDangling,
          ...(await danglingLinks(join(fixture.root, 'full'), SITE_URL)),
        ]);
        expect((await danglingLinks(out, SITE_URL, entries)).filter((path) => !allowed.has(path))).toEqual(
          [],
        );

        const next = await build('--out', 'killed');
        expect(next.code).toBe(0);
        expect(next.stdout).toMatch(SUMMARY);
        expect(contentsOf(await readFolder(out))).toEqual(
          contentsOf(await readFolder(join(fixture.root, 'full'))),
        );
      },
      180_000,
    );
  });
});
