import { describe, expect, it } from 'vitest';
import { type ParseOptions, parseArticle } from '../../src/content/parse-article.ts';

const options: ParseOptions = {
  timeZone: 'Asia/Shanghai',
  idAuthority: 'news.example.org',
  articleUrl: (slug) => `https://news.example.org/articles/${slug}/`,
};

function parse(text: string, name = '2022-05-23-example.md') {
  return parseArticle(`articles/${name}`, name, Buffer.from(text, 'utf8'), options);
}

function article(text: string, name?: string) {
  const result = parse(text, name);
  if (!result.ok) throw new Error(`expected an article, got ${JSON.stringify(result.problems)}`);
  return result.article;
}

function problems(text: string, name?: string) {
  const result = parse(text, name);
  if (result.ok) throw new Error('expected problems, got an article');
  return result.problems.map((p) => `${p.file}: ${p.field}: ${p.message}`);
}

describe('parseArticle', () => {
  describe('when the file name carries the date', () => {
    it('takes the slug from the rest of the name and reads the date in the site time zone', () => {
      const a = article('---\ntitle: Hello\n---\nBody.\n', '2022-05-23-Hello World.md');
      expect(a.slug).toBe('hello-world');
      expect(a.date.toISOString()).toBe('2022-05-22T16:00:00.000Z'); // midnight in Shanghai
      expect(a.updated).toEqual(a.date);
    });
  });

  describe('when the front matter carries the date', () => {
    it.each([
      ['2022-05-23T10:00:00+08:00', '2022-05-23T02:00:00.000Z'],
      ['2022-05-23T10:00:00Z', '2022-05-23T10:00:00.000Z'],
      ['2022-05-23T10:00', '2022-05-23T02:00:00.000Z'],
      ['2022-05-23', '2022-05-22T16:00:00.000Z'],
    ])('reads %s as %s', (date, iso) => {
      const a = article(`---\ntitle: T\ndate: ${date}\n---\n`, 'undated.md');
      expect(a.date.toISOString()).toBe(iso);
      expect(a.slug).toBe('undated');
    });

    it('prefers the front matter date to the file name date', () => {
      const a = article('---\ntitle: T\ndate: 2022-06-01T08:00:00Z\n---\n');
      expect(a.date.toISOString()).toBe('2022-06-01T08:00:00.000Z');
    });
  });

  it('builds a tag: URI id from the authority, the day in the site time zone and the slug', () => {
    const a = article('---\ntitle: Some title\ndate: 2022-05-22T20:00:00Z\n---\n', 'slug-here.md');
    expect(a.id).toBe('tag:news.example.org,2022-05-23:slug-here');
  });

  it('keeps the id given in the front matter, whatever the title or file name', () => {
    const a = article(
      '---\ntitle: New title\nid: tag:old.example,2020-01-01:first\n---\n',
      '2022-05-23-renamed.md',
    );
    expect(a.id).toBe('tag:old.example,2020-01-01:first');
  });

  it('reads author, authors, tags, summary and draft', () => {
    const a = article(
      '---\ntitle: T\nauthors: [Ada Lovelace, {name: Grace Hopper, email: grace@example.org}]\n' +
        'tags: [Smart Phones, smart  phones, Leica]\nsummary: Hand-written.\ndraft: true\n---\n',
    );
    expect(a.authors).toEqual([
      { name: 'Ada Lovelace', slug: 'ada-lovelace' },
      { name: 'Grace Hopper', slug: 'grace-hopper', email: 'grace@example.org' },
    ]);
    expect(a.tags).toEqual([
      { name: 'Smart Phones', slug: 'smart-phones' },
      { name: 'Leica', slug: 'leica' },
    ]);
    expect(a.summary).toBe('Hand-written.');
    expect(a.draft).toBe(true);
  });

  it('accepts tags as a comma-separated string', () => {
    expect(article('---\ntitle: T\ntags: Xiaomi, Leica\n---\n').tags.map((t) => t.slug)).toEqual([
      'xiaomi',
      'leica',
    ]);
  });

  it('makes the summary from the first paragraph when none is given', () => {
    const a = article('---\ntitle: T\n---\n# Heading\n\nFirst *para* &amp; more.\n\nSecond.\n');
    expect(a.summary).toBe('First para & more.');
  });

  it('accepts a UTF-8 byte-order mark and CRLF line endings', () => {
    const bytes = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from('---\r\ntitle: Windows\r\n---\r\n\r\nLine one\r\nline two.\r\n'),
    ]);
    const result = parseArticle('articles/x.md', '2022-05-23-x.md', bytes, options);
    expect(result.ok && result.article.title).toBe('Windows');
    expect(result.ok && result.article.contentHtml).toBe('<p>Line one\nline two.</p>');
  });

  describe('when a field is wrong', () => {
    it.each([
      ['---\ndate: 2022-05-23\n---\n', 'title: is required'],
      ['---\ntitle: ""\n---\n', 'title: must not be empty'],
      ['---\ntitle: [a, b]\n---\n', 'title: must be text'],
      ['---\ntitle: T\ndate: 2022-02-30\n---\n', 'date: "2022-02-30" is not a valid date'],
      ['---\ntitle: T\ndate: yesterday\n---\n', 'date: "yesterday" is not a valid date'],
      ['---\ntitle: T\nupdated: 2022-05-01\n---\n', 'updated: "2022-05-01" is before the date "2022-05-23"'],
      ['---\ntitle: T\nupdated: soon\n---\n', 'updated: "soon" is not a valid date'],
      ['---\ntitle: T\ndraft: "yes please"\n---\n', 'draft: must be true or false'],
      ['---\ntitle: T\ntags: {a: 1}\n---\n', 'tags: must be a list of tags'],
      ['---\ntitle: T\nid: not a uri\n---\n', 'id: must be an absolute URI'],
      ['---\ntitle: T\nauthor: A\nauthors: [B]\n---\n', 'authors: give either author or authors, not both'],
      ['---\ntitle: T\nauthor: {name: A, email: nope}\n---\n', 'author.email: must be an e-mail address'],
      ['---\ntitle: T\ndrat: true\n---\n', 'drat: is not a known field'],
      ['---\ntitle: T\naliases: [old-name/]\n---\n', 'aliases.0: must be a path on this site'],
      ['---\ntitle: T\naliases: [/a/../etc/]\n---\n', 'aliases.0: must be a path on this site'],
      ['---\ntitle: T\naliases: {a: 1}\n---\n', 'aliases: must be a list of paths'],
      [`---\ntitle: T\naliases: [/${'a'.repeat(60)}!]\n---\n`, 'aliases.0: must be a path on this site'],
      ['---\ntitle: T\ntitle: U\n---\n', 'front matter: is not valid YAML'],
      ['---\ntitle: T\n', 'front matter: not closed'],
      ['# Just Markdown\n', 'front matter: missing, so this is not an article'],
      ['---\n- a\n- b\n---\n', 'front matter: must be a list of `field: value` lines'],
    ])('reports %j as "%s"', (text, expected) => {
      const [line] = problems(text);
      expect(line).toContain(`articles/2022-05-23-example.md: ${expected}`);
    });

    it('names the file and the date taken from the file name', () => {
      expect(problems('---\ntitle: T\n---\n', '2022-13-45-x.md')[0]).toMatch(
        /^articles\/2022-13-45-x\.md: date: "2022-13-45" is not a valid date/,
      );
    });

    it('requires a date when the file name has none', () => {
      expect(problems('---\ntitle: T\n---\n', 'about.md')[0]).toContain('about.md: date: is required');
    });

    it('reports invalid UTF-8 with the offset of the first bad byte', () => {
      const bytes = Buffer.concat([Buffer.from('---\ntitle: T\n---\nab'), Buffer.from([0xc3, 0x28])]);
      const result = parseArticle('articles/bad.md', '2022-05-23-bad.md', bytes, options);
      expect(result.ok).toBe(false);
      expect(!result.ok && result.problems[0]?.message).toBe(
        'is not valid UTF-8 (line 4); save the file as UTF-8',
      );
    });

    it('refuses YAML aliases that would expand without bound', () => {
      const bomb = [
        '---',
        'title: T',
        'a: &a [x, x, x, x, x, x, x, x, x, x]',
        'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]',
        'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]',
        'd: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]',
        '---',
      ].join('\n');
      expect(problems(bomb)[0]).toContain('front matter: expands too many YAML aliases');
    });
  });

  describe('when the front matter tries to run code', () => {
    it.each([
      '---js\n{ title: (() => { globalThis.pwned = true; return "x" })() }\n---\n',
      '---\ntitle: !!js/function "function () { globalThis.pwned = true }"\n---\n',
    ])('never executes it: %j', (text) => {
      parse(text);
      expect((globalThis as { pwned?: boolean }).pwned).toBeUndefined();
    });
  });
});
