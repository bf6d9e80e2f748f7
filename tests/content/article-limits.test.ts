import { describe, expect, it } from 'vitest';
import { type ParseOptions, parseArticle } from '../../src/content/parse-article.ts';
import { formatProblem } from '../../src/content/problem-line.ts';
import { slugify } from '../../src/content/slug.ts';

const NOW = new Date('2026-01-01T00:00:00Z');
const options: ParseOptions = {
  timeZone: 'UTC',
  idAuthority: 'news.example.org',
  articleUrl: (slug) => `https://news.example.org/articles/${slug}/`,
  now: () => NOW,
};

function parse(frontMatter: string, name = '2022-05-23-example.md') {
  return parseArticle(`articles/${name}`, name, Buffer.from(`---\n${frontMatter}\n---\nBody.\n`), options);
}

function problems(frontMatter: string, name?: string): string[] {
  const result = parse(frontMatter, name);
  return result.ok ? [] : result.problems.map(formatProblem);
}

describe('limits on one article', () => {
  const tags = (n: number) => `tags: [${Array.from({ length: n }, (_, i) => `tag${i}`).join(', ')}]`;
  const authors = (n: number) =>
    `authors: [${Array.from({ length: n }, (_, i) => `Author ${i}`).join(', ')}]`;

  it('accepts 50 tags and 50 authors', () => {
    expect(problems(`title: T\n${tags(50)}\n${authors(50)}`)).toEqual([]);
  });

  it.each([
    [tags(51), 'articles/2022-05-23-example.md: error: tags: must list at most 50 tags'],
    [tags(5000), 'articles/2022-05-23-example.md: error: tags: must list at most 50 tags'],
    [authors(51), 'articles/2022-05-23-example.md: error: authors: must list at most 50 authors'],
    [
      `tags: [${'x'.repeat(201)}]`,
      'articles/2022-05-23-example.md: error: tags: must each be at most 200 characters',
    ],
    [
      `author: ${'x'.repeat(201)}`,
      expect.stringMatching(/^articles\/2022-05-23-example\.md: error: author: /),
    ],
  ])('refuses %#', (field, problem) => {
    expect(problems(`title: T\n${field}`)).toEqual([problem]);
  });
});

describe('an updated date in the future', () => {
  it('is an error, so Last-Modified and feed dates are never later than now', () => {
    expect(problems('title: T\nupdated: 9999-12-31')).toEqual([
      'articles/2022-05-23-example.md: error: updated: "9999-12-31" is in the future; give the time the article last changed',
    ]);
  });

  it('is fine up to now', () => {
    expect(problems('title: T\nupdated: 2025-12-31T23:59:59Z')).toEqual([]);
  });

  it('is fine on a scheduled article when it equals the date', () => {
    expect(problems('title: T\ndate: 2030-01-01\nupdated: 2030-01-01')).toEqual([]);
  });
});

describe('years 0 to 99', () => {
  it.each([
    ['0001-01-01', '0001-01-01T00:00:00.000Z'],
    ['0022-05-23', '0022-05-23T00:00:00.000Z'],
    ['0099-12-31T10:00', '0099-12-31T10:00:00.000Z'],
  ])('keeps %s as written', (date, iso) => {
    const result = parse(`title: T\ndate: ${date}`, 'old.md');
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(result.article.date.toISOString()).toBe(iso);
    expect(result.article.id).toBe(`tag:news.example.org,${iso.slice(0, 10)}:old`);
  });
});

describe('slugs of names without a Latin spelling', () => {
  it('keeps two long Chinese names apart', () => {
    const a = slugify('中华人民共和国国务院');
    const b = slugify('中华人民共和国外交部');
    expect(a).not.toBe(b);
    expect(a).toMatch(/^x-[0-9a-f]{40}-[0-9a-f]{10}$/);
  });

  it('keeps names apart that share their Latin words', () => {
    expect(slugify('中华 news')).not.toBe(slugify('外交 news'));
    expect(slugify('中华 news')).toMatch(/^news-[0-9a-f]{10}$/);
  });

  it('still treats spellings of one name as one tag', () => {
    expect(slugify('中华 News')).toBe(slugify('中华-news'));
  });

  it('leaves short names and Latin or transliterated names as they were', () => {
    expect(slugify('中华')).toBe('x-e4b8ade58d8e');
    expect(slugify('Xiaomi 12 Ultra')).toBe('xiaomi-12-ultra');
    expect(slugify('Привет мир')).toBe('privet-mir');
  });
});
