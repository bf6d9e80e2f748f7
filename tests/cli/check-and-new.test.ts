import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadArticles } from '../../src/content/load-articles.ts';
import { type ArticlesDir, makeArticlesDir, REPO_ROOT } from '../helpers/articles-dir.ts';
import { runHerald } from '../helpers/run-herald.ts';

describe('herald check', () => {
  it('passes on the shipped articles', async () => {
    const { code, stdout, stderr } = await runHerald(['check'], REPO_ROOT);
    expect(stderr).not.toMatch(/\.md:/);
    expect(stdout).toBe('2 articles published, 0 errors, 0 warnings\n');
    expect(code).toBe(0);
  });

  it('prints one line per problem with its severity and exits 1 on the bad fixtures', async () => {
    const { code, stderr, stdout } = await runHerald(
      ['check', '--articles', 'tests/fixtures/articles'],
      REPO_ROOT,
    );
    const lines = stderr.trim().split('\n');
    expect(lines).toHaveLength(9);
    // A missing media file is a warning naming the article and the reference.
    expect(lines).toContain(
      'tests/fixtures/articles/date-in-front-matter.md: warning: media: "photo.jpg" is not a published media file (no file photo.jpg in the articles folder, or it was refused)',
    );
    expect(lines).toContain(
      'tests/fixtures/articles/same-slug.md: warning: slug: "same-slug" is also the slug of tests/fixtures/articles/2022-05-09-same-slug.md; served as "same-slug-2" until renamed',
    );
    expect(
      lines.every((line) => /^tests\/fixtures\/articles\/[^:]+\.md: (error|warning): [\w. ]+: /.test(line)),
    ).toBe(true);
    expect(stdout).toBe('5 articles published, 7 errors, 2 warnings\n');
    expect(code).toBe(1);
  });

  it('exits 2 with a clear message on invalid settings', async () => {
    const { code, stderr } = await runHerald(['check'], REPO_ROOT, { SITE_URL: 'not a url' });
    expect(stderr).toContain('siteUrl: must be an absolute http(s) URL');
    expect(stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(code).toBe(2);
  });

  it('exits 2 on an unknown command or option', async () => {
    expect((await runHerald(['publish'], REPO_ROOT)).code).toBe(2);
    expect((await runHerald(['check', '--bogus'], REPO_ROOT)).code).toBe(2);
  });
});

describe('herald new', () => {
  let folder: ArticlesDir;
  beforeEach(async () => {
    folder = await makeArticlesDir({ empty: true });
  });
  afterEach(() => folder.dispose());

  it('creates a draft with its date, id and author filled in, which loads without problems', async () => {
    // Run where there is no herald.config.json, so the id authority comes from SITE_URL.
    const { code, stdout } = await runHerald(
      ['new', 'Leica & Xiaomi: A New Era', '--articles', folder.path],
      folder.path,
      {
        SITE_URL: 'https://news.example.org/',
      },
    );
    expect(code).toBe(0);
    const [, name] = /Created .*?(\d{4}-\d{2}-\d{2}-leica-and-xiaomi-a-new-era\.md)/.exec(stdout) ?? [];
    expect(name).toBeDefined();
    const text = await readFile(join(folder.path, name as string), 'utf8');
    expect(text).toMatch(/^---\ntitle: "Leica & Xiaomi: A New Era"\n/);
    expect(text).toMatch(/\nid: tag:news\.example\.org,\d{4}-\d{2}-\d{2}:leica-and-xiaomi-a-new-era\n/);
    const { articles, problems } = await loadArticles({
      articlesDir: folder.path,
      maxArticleBytes: 1e6,
      timeZone: 'UTC',
      idAuthority: 'other.example',
      articleUrl: (slug) => `https://news.example.org/articles/${slug}/`,
    });
    expect(problems).toEqual([]);
    expect(articles[0]).toMatchObject({ title: 'Leica & Xiaomi: A New Era', draft: true });
    // The id was written once; a later change of authority does not change it.
    expect(articles[0]?.id.startsWith('tag:news.example.org,')).toBe(true);
  });

  it('refuses to overwrite an existing article', async () => {
    const first = await runHerald(['new', 'Same title', '--articles', folder.path], REPO_ROOT);
    expect(first.code).toBe(0);
    const [, name] = /Created .*?(\d{4}-\d{2}-\d{2}-same-title\.md)/.exec(first.stdout) ?? [];
    await folder.write(name as string, 'my precious words');
    const second = await runHerald(['new', 'Same title', '--articles', folder.path], REPO_ROOT);
    expect(second.code).toBe(1);
    expect(second.stderr).toContain('already exists');
    expect(await readFile(join(folder.path, name as string), 'utf8')).toBe('my precious words');
  });

  it('needs a title', async () => {
    const { code, stderr } = await runHerald(['new', '--articles', folder.path], REPO_ROOT);
    expect(code).toBe(2);
    expect(stderr).toContain('give the title');
  });
});
