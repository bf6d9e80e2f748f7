import { describe, expect, it } from 'vitest';
import { nestingDepth } from '../../src/content/nesting-depth.ts';
import { type ParseOptions, parseArticle } from '../../src/content/parse-article.ts';
import { RENDER_LIMITS, renderBody } from '../../src/content/render-body.ts';
import type { Problem } from '../../src/model.ts';

const URL = 'https://news.example.org/articles/x/';

/** Bodies that crash, stall or flood a Markdown renderer, each a few kilobytes. */
const BOMBS = {
  'nested block quotes (5,000 `>`)': `${'>'.repeat(5000)} deep`,
  'nested list items on one line': `${'- '.repeat(5000)}deep`,
  'nested lists by indentation': Array.from({ length: 300 }, (_, i) => `${' '.repeat(i * 2)}- x`).join('\n'),
};

describe('rendering an article body', () => {
  it('renders ordinary Markdown, including 100 levels of nesting', () => {
    const hundred = Array.from({ length: 100 }, (_, i) => `${' '.repeat(i * 2)}- level`).join('\n');
    const result = renderBody(`# Title\n\nA [link](../y/).\n\n${hundred}\n`, URL);
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(result.value).toContain('<a href="https://news.example.org/articles/y/">link</a>');
      expect(result.value.match(/<ul>/g)).toHaveLength(100);
    }
  });

  describe.each(Object.entries(BOMBS))('when the body is %s', (_name, body) => {
    it('refuses it at once as nested too deeply, without crashing', () => {
      const started = performance.now();
      expect(renderBody(body, URL)).toEqual({
        ok: false,
        field: 'body',
        message: 'nested too deeply to render (limit 100 levels)',
      });
      // Far below the render deadline: refused by counting, before any parser runs.
      expect(performance.now() - started).toBeLessThan(1000);
    });
  });

  it('gives up on a body that takes longer than the time limit, and renders the next one', () => {
    // Unmatched emphasis markers: quadratic in marked (100 kB took 38 s).
    const started = performance.now();
    const result = renderBody('_a'.repeat(50_000), URL);
    const took = performance.now() - started;
    expect(result).toEqual({
      ok: false,
      field: 'body',
      message: 'takes too long to render (limit 2 s); simplify its Markdown',
    });
    expect(took).toBeLessThan(RENDER_LIMITS.milliseconds + 1500);
    expect(renderBody('still *fine*', URL)).toEqual({ ok: true, value: '<p>still <em>fine</em></p>' });
  });

  it('remembers a body that failed, and answers at once the next time', () => {
    const body = `${'_b'.repeat(50_000)} once`;
    renderBody(body, URL);
    const started = performance.now();
    expect(renderBody(body, URL).ok).toBe(false);
    expect(performance.now() - started).toBeLessThan(200);
  });

  it('refuses a body that renders to more HTML than the limit', () => {
    // One reference definition with a long URL, used a hundred times: 40 kB in, megabytes out.
    const body = `[r]: https://example.org/${'a'.repeat(40_000)}\n\n${'[r] '.repeat(110)}\n`;
    const result = renderBody(body, URL);
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.message).toMatch(/^renders to \d+ characters of HTML, over the limit of 4194304$/);
  });
});

describe('nestingDepth', () => {
  it.each([
    ['plain text', 'a\nb', 0],
    ['a list', '- a\n- b', 1],
    ['a quoted list', '> - a', 2],
    ['an ordered list in a list', '- a\n  1. b', 2],
    ['a list inside quotes', '> > 1) x', 3],
  ])('counts %s', (_name, markdown, depth) => {
    expect(nestingDepth(markdown)).toBeGreaterThanOrEqual(depth);
    expect(nestingDepth(markdown)).toBeLessThanOrEqual(depth * 2);
  });
});

describe('an article whose body cannot be rendered', () => {
  const text = `---\ntitle: Bomb\ndate: 2022-05-23\n---\n${'>'.repeat(5000)}\n`;
  const base: ParseOptions = {
    timeZone: 'UTC',
    idAuthority: 'news.example.org',
    articleUrl: (slug) => `https://news.example.org/articles/${slug}/`,
  };

  it('is a problem for that article when rendered at once (check, build, live edits)', () => {
    const result = parseArticle('articles/bomb.md', 'bomb.md', Buffer.from(text), {
      ...base,
      renderNow: true,
    });
    expect(result).toEqual({
      ok: false,
      problems: [
        {
          file: 'articles/bomb.md',
          severity: 'error',
          field: 'body',
          message: 'nested too deeply to render (limit 100 levels)',
        },
      ],
    });
  });

  it('shows no content and reports the failure once when rendered on first use', () => {
    const failures: Problem[] = [];
    const result = parseArticle('articles/bomb.md', 'bomb.md', Buffer.from(text), {
      ...base,
      onRenderFailure: (problem) => failures.push(problem),
    });
    if (!result.ok) throw new Error('expected an article');
    expect(result.article.contentHtml).toBe('');
    expect(result.article.summary).toBe('');
    expect(result.article.contentHtml).toBe('');
    expect(failures).toEqual([
      {
        file: 'articles/bomb.md',
        severity: 'error',
        field: 'body',
        message: 'nested too deeply to render (limit 100 levels)',
      },
    ]);
  });
});
