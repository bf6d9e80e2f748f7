// Errors fail `herald check` and `herald build`; warnings are reported and counted but fail only with
// --strict. The archive is a normal one: titles that recur over the years.
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { articleText } from '../helpers/articles-dir.ts';
import { runHerald } from '../helpers/run-herald.ts';

const RECURRING = [
  ['2020-09-21-a-practical-guide-to-error-handling.md', 'A Practical Guide to Error Handling', '2020-09-21'],
  ['2024-04-08-a-practical-guide-to-error-handling.md', 'A Practical Guide to Error Handling', '2024-04-08'],
  ['2022-12-30-year-in-review.md', 'Year in Review', '2022-12-30'],
  ['2023-12-29-year-in-review.md', 'Year in Review', '2023-12-29'],
  ['2024-12-31-year-in-review.md', 'Year in Review', '2024-12-31'],
  ['2023-03-01-release-notes.md', 'Release Notes', '2023-03-01'],
] as const;

const WARNINGS = [
  'articles/2023-12-29-year-in-review.md: warning: slug: "year-in-review" is also the slug of articles/2022-12-30-year-in-review.md; served as "year-in-review-2" until renamed',
  'articles/2024-04-08-a-practical-guide-to-error-handling.md: warning: slug: "a-practical-guide-to-error-handling" is also the slug of articles/2020-09-21-a-practical-guide-to-error-handling.md; served as "a-practical-guide-to-error-handling-2" until renamed',
  'articles/2024-12-31-year-in-review.md: warning: slug: "year-in-review" is also the slug of articles/2022-12-30-year-in-review.md; served as "year-in-review-3" until renamed',
];

describe('problem severity', () => {
  let root: string;
  const articles = () => join(root, 'articles');
  const herald = (...args: string[]) =>
    runHerald([...args, '--site-url', 'https://news.example.test/'], root);

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'herald-severity-'));
    await mkdir(articles());
    for (const [name, title, date] of RECURRING) {
      await writeFile(join(articles(), name), articleText({ title, date }));
    }
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  describe('when titles recur in an archive', () => {
    it('herald check prints each shared slug as a warning, counts them, and exits 0', async () => {
      const { code, stdout, stderr } = await herald('check');
      expect(stderr.trim().split('\n').sort()).toEqual(WARNINGS);
      expect(stdout).toBe('6 articles published, 0 errors, 3 warnings\n');
      expect(code).toBe(0);
    });

    it('herald build publishes every article, says how many warnings, and exits 0', async () => {
      const { code, stdout, stderr } = await herald('build', '--out', 'site', '--no-compress');
      expect(stderr.trim().split('\n').sort()).toEqual(WARNINGS);
      expect(stdout).toMatch(/\n6 articles published, 0 errors, 3 warnings\n$/);
      expect(code).toBe(0);
      expect((await readdir(join(root, 'site', 'articles'))).sort()).toEqual([
        'a-practical-guide-to-error-handling',
        'a-practical-guide-to-error-handling-2',
        'release-notes',
        'year-in-review',
        'year-in-review-2',
        'year-in-review-3',
      ]);
    });

    it.each(['check', 'build'])('herald %s --strict fails on the warnings', async (command) => {
      const out = command === 'build' ? ['--out', 'strict-site', '--no-compress'] : [];
      const { code, stdout } = await herald(command, '--strict', ...out);
      expect(stdout).toContain('6 articles published, 0 errors, 3 warnings');
      expect(code).toBe(1);
    });
  });

  describe('when an article has an error as well', () => {
    it.each([
      ['a refused field', '2024-05-01-broken.md', '---\ntitle: Broken\ndate: 2024-13-45\n---\n', 'date'],
      // A copied file keeps the original's id: readers would take the two for one item.
      [
        'a copied id',
        '2024-05-02-copy.md',
        '---\ntitle: Copy\nid: tag:news.example.test,2023-03-01:release-notes\n---\n',
        'id',
      ],
    ])('exits 1 on %s, warnings or not', async (_case, name, text, field) => {
      if (field === 'id') {
        await writeFile(
          join(articles(), '2023-03-01-release-notes.md'),
          '---\ntitle: Release Notes\nid: tag:news.example.test,2023-03-01:release-notes\n---\n\nBody.\n',
        );
      }
      await writeFile(join(articles(), name), text);
      try {
        for (const command of ['check', 'build']) {
          const out = command === 'build' ? ['--out', 'error-site', '--no-compress'] : [];
          const { code, stdout, stderr } = await herald(command, ...out);
          expect(stderr).toContain(`articles/${name}: error: ${field}: `);
          expect(stdout).toMatch(/\d+ articles published, 1 error, 3 warnings/);
          expect(code).toBe(1);
        }
      } finally {
        await rm(join(articles(), name));
      }
    });
  });
});
