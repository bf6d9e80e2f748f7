import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type LoadOptions, loadArticles } from '../../src/content/load-articles.ts';
import { formatProblem } from '../../src/content/problem-line.ts';
import {
  type ArticlesDir,
  FIXTURE_ARTICLES_DIR,
  makeArticlesDir,
  REPO_ROOT,
  SHIPPED_ARTICLES_DIR,
} from '../helpers/articles-dir.ts';

function options(articlesDir: string, overrides: Partial<LoadOptions> = {}): LoadOptions {
  return {
    articlesDir,
    cwd: REPO_ROOT,
    maxArticleBytes: 1024 * 1024,
    timeZone: 'UTC',
    idAuthority: 'news.example.org',
    articleUrl: (slug) => `https://news.example.org/articles/${slug}/`,
    ...overrides,
  };
}

describe('loadArticles', () => {
  describe('on the shipped articles', () => {
    it('loads both with zero problems', async () => {
      const { articles, problems } = await loadArticles(options(SHIPPED_ARTICLES_DIR));
      expect(problems).toEqual([]);
      expect(articles.map((a) => a.title)).toEqual([
        'Leica Ends Its Huawei Partnership and Signs a Long-Term Deal with Xiaomi',
        'Xiaomi Leica Announced The Opening Of Cooperation. Huawei Responded That The Cooperation With Leica Had Ended In March',
      ]);
      for (const article of articles) {
        expect(article.date.toISOString().slice(0, 10)).toBe('2022-05-23');
        expect(article.tags.map((t) => t.name)).toEqual(
          expect.arrayContaining(['Xiaomi', 'Leica', 'Huawei']),
        );
        expect(article.summary.length).toBeGreaterThan(50);
        expect(article.contentHtml).not.toMatch(
          /take 4 minutes|Leave a Reply|Prev|Next »|pre order|Home News/i,
        );
      }
      expect(articles[0]?.authors.map((a) => a.name)).toEqual(['Admin']);
    });
  });

  describe('on a folder of good and bad fixtures', () => {
    it('names every bad file, field and problem, one line each', async () => {
      const { problems } = await loadArticles(options(FIXTURE_ARTICLES_DIR));
      expect(problems.map(formatProblem)).toEqual([
        'tests/fixtures/articles/2022-05-04-no-title.md: error: title: is required',
        'tests/fixtures/articles/2022-05-05-misspelt-draft.md: error: drat: is not a known field (title, date, updated, author, authors, tags, summary, id, draft, image, image_alt, attachments, aliases)',
        'tests/fixtures/articles/2022-05-06-updated-before-date.md: error: updated: "2022-05-01" is before the date "2022-05-06"',
        expect.stringMatching(
          /^tests\/fixtures\/articles\/2022-05-07-broken-yaml\.md: error: front matter: is not valid YAML/,
        ),
        'tests/fixtures/articles/2022-05-08-yaml-bomb.md: error: front matter: expands too many YAML aliases (over 50); refused so it cannot exhaust memory',
        'tests/fixtures/articles/2022-13-45-bad-date.md: error: date: "2022-13-45" is not a valid date (use YYYY-MM-DD or an ISO 8601 time with offset, e.g. 2022-05-23T10:00:00+08:00)',
        'tests/fixtures/articles/README.md: error: front matter: missing, so this is not an article (an article starts with a `---` line, YAML fields, and `---`)',
      ]);
    });

    it('still loads every good file, drafts and scheduled ones included', async () => {
      const { articles } = await loadArticles(options(FIXTURE_ARTICLES_DIR));
      expect(articles.map((a) => a.slug).sort()).toEqual([
        'crlf-and-bom',
        'date-in-front-matter',
        'draft-article',
        'plain-article',
        'same-slug',
        'same-slug',
        'scheduled-article',
      ]);
    });

    it('makes relative links absolute against the article URL', async () => {
      const { articles } = await loadArticles(options(FIXTURE_ARTICLES_DIR));
      const article = articles.find((a) => a.slug === 'date-in-front-matter');
      expect(article?.contentHtml).toContain('href="https://news.example.org/articles/plain-article/"');
      expect(article?.contentHtml).toContain(
        'src="https://news.example.org/articles/date-in-front-matter/photo.jpg"',
      );
    });
  });

  describe('in a temporary folder', () => {
    let folder: ArticlesDir;
    beforeEach(async () => {
      folder = await makeArticlesDir({ empty: true });
    });
    afterEach(() => folder.dispose());

    it('refuses a file over the size limit without reading it, and keeps the rest', async () => {
      await folder.write('2022-01-01-big.md', `---\ntitle: Big\n---\n${'x'.repeat(5000)}`);
      await folder.write('2022-01-02-small.md', '---\ntitle: Small\n---\nok');
      const { articles, problems } = await loadArticles(
        options(folder.path, { maxArticleBytes: 4096, cwd: folder.path }),
      );
      expect(articles.map((a) => a.slug)).toEqual(['small']);
      expect(problems.map(formatProblem)).toEqual([
        '2022-01-01-big.md: error: is 5019 bytes, over the 4096-byte limit (maxArticleBytes)',
      ]);
    });

    it('reports invalid UTF-8 and keeps the rest', async () => {
      await folder.write('2022-01-01-latin1.md', Buffer.from('---\ntitle: Caf\xe9\n---\n', 'latin1'));
      await folder.write('2022-01-02-fine.md', '---\ntitle: Café\n---\n');
      const { articles, problems } = await loadArticles(options(folder.path, { cwd: folder.path }));
      expect(articles.map((a) => a.title)).toEqual(['Café']);
      expect(problems.map(formatProblem)).toEqual([
        '2022-01-01-latin1.md: error: is not valid UTF-8 (line 2); save the file as UTF-8',
      ]);
    });

    it('ignores files that are not Markdown, hidden files and editor backups', async () => {
      await folder.write('notes.txt', 'not an article');
      await folder.write('.2022-01-01-hidden.md', '---\ntitle: Hidden\n---\n');
      await folder.write('2022-01-01-a.md~', '---\ntitle: Backup\n---\n');
      await folder.write('2022-01-01-real.md', '---\ntitle: Real\n---\n');
      const { articles, problems } = await loadArticles(options(folder.path));
      expect(articles.map((a) => a.title)).toEqual(['Real']);
      expect(problems).toEqual([]);
    });
  });
});
