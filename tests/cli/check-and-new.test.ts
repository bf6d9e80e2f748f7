import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadArticles } from '../../src/content/load-articles.ts';
import { makeTempFolder, type TempFolder } from '../helpers/articles-folder.ts';
import { runCli } from '../helpers/run-cli.ts';

describe('herald check', () => {
  it('passes on the shipped articles', async () => {
    const { code, stdout, stderr } = await runCli(['check']);
    expect(stderr).not.toMatch(/\.md:/);
    expect(stdout).toContain('2 articles published, 0 problems');
    expect(code).toBe(0);
  });

  it('prints one line per problem and exits 1 on the bad fixtures', async () => {
    const { code, stderr, stdout } = await runCli(['check', '--articles', 'tests/fixtures/articles']);
    const lines = stderr.trim().split('\n');
    expect(lines).toHaveLength(8);
    expect(lines).toContain(
      'tests/fixtures/articles/same-slug.md: slug: "same-slug" is also the slug of tests/fixtures/articles/2022-05-09-same-slug.md; served as "same-slug-2" until renamed',
    );
    expect(lines.every((line) => /^tests\/fixtures\/articles\/[^:]+\.md: [\w. ]+: /.test(line))).toBe(true);
    expect(stdout).toContain('5 articles published, 8 problems');
    expect(code).toBe(1);
  });

  it('exits 2 with a clear message on invalid settings', async () => {
    const { code, stderr } = await runCli(['check'], { env: { SITE_URL: 'not a url' } });
    expect(stderr).toContain('siteUrl: must be an absolute http(s) URL');
    expect(stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(code).toBe(2);
  });

  it('exits 2 on an unknown command or option', async () => {
    expect((await runCli(['publish'])).code).toBe(2);
    expect((await runCli(['check', '--bogus'])).code).toBe(2);
  });
});

describe('herald new', () => {
  let folder: TempFolder;
  beforeEach(async () => {
    folder = await makeTempFolder();
  });
  afterEach(() => folder.remove());

  it('creates a draft with its date, id and author filled in, which loads without problems', async () => {
    // Run where there is no herald.config.json, so the id authority comes from SITE_URL.
    const { code, stdout } = await runCli(['new', 'Leica & Xiaomi: A New Era', '--articles', folder.dir], {
      cwd: folder.dir,
      env: { SITE_URL: 'https://news.example.org/' },
    });
    expect(code).toBe(0);
    const [, name] = /Created .*?(\d{4}-\d{2}-\d{2}-leica-and-xiaomi-a-new-era\.md)/.exec(stdout) ?? [];
    expect(name).toBeDefined();
    const text = await readFile(join(folder.dir, name as string), 'utf8');
    expect(text).toMatch(/^---\ntitle: "Leica & Xiaomi: A New Era"\n/);
    expect(text).toMatch(/\nid: tag:news\.example\.org,\d{4}-\d{2}-\d{2}:leica-and-xiaomi-a-new-era\n/);
    const { articles, problems } = await loadArticles({
      articlesDir: folder.dir,
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
    const first = await runCli(['new', 'Same title', '--articles', folder.dir]);
    expect(first.code).toBe(0);
    const [, name] = /Created .*?(\d{4}-\d{2}-\d{2}-same-title\.md)/.exec(first.stdout) ?? [];
    await folder.write(name as string, 'my precious words');
    const second = await runCli(['new', 'Same title', '--articles', folder.dir]);
    expect(second.code).toBe(1);
    expect(second.stderr).toContain('already exists');
    expect(await readFile(join(folder.dir, name as string), 'utf8')).toBe('my precious words');
  });

  it('needs a title', async () => {
    const { code, stderr } = await runCli(['new', '--articles', folder.dir]);
    expect(code).toBe(2);
    expect(stderr).toContain('give the title');
  });
});
