import { HtmlValidate } from 'html-validate';
import { describe, expect, it } from 'vitest';
import { htmlRoutes } from '../../../src/render/html/html-routes.ts';
import { makeArticle, makeArticles, makeSite } from '../../helpers/site-fixture.ts';
import { attr, byTag, first, parsePage } from './page-dom.ts';

// Every kind of page: paginated listings, tag and author pages, an updated article with
// several authors and rich content, directories, the 404 page.
const site = makeSite(
  [
    ...makeArticles(45),
    makeArticle({
      slug: 'rich',
      title: 'Rich & <varied> content',
      updated: new Date(Date.UTC(2023, 0, 1)),
      authorNames: ['Ada Lovelace', 'Alan Turing', 'Grace Hopper'],
      tagNames: ['Cameras'],
      contentHtml:
        '<h2>Section</h2><p>Text with <a href="https://example.com/">a link</a>.</p><ul><li>One</li></ul><pre><code>x &lt; y</code></pre>',
    }),
  ],
  { timeZone: 'Europe/Berlin', siteUrl: 'https://example.com/blog/' },
);
const routes = htmlRoutes(site);
const validator = new HtmlValidate({ extends: ['html-validate:recommended'] });

describe('every HTML page', () => {
  it('covers each page kind', () => {
    const paths = routes.map(([path]) => path);
    for (const path of [
      '/',
      '/page/1/',
      '/articles/rich/',
      '/tags/all/',
      '/authors/ada-lovelace/',
      '/tags/',
      '/authors/',
      '/404.html',
    ])
      expect(paths).toContain(path);
  });

  it.each(routes.map(([path, render]) => [path, render] as const))(
    '%s is valid HTML5',
    async (_path, render) => {
      const rendered = render();
      const source = rendered.body.toString();
      const report = await validator.validateString(source);
      const messages = report.results.flatMap((r) =>
        r.messages.map((m) => `${m.line}:${m.column} ${m.ruleId}: ${m.message}`),
      );
      expect(messages).toEqual([]);
      expect(parsePage(rendered).parseErrors.map((e) => `${e.startLine}:${e.startCol} ${e.code}`)).toEqual(
        [],
      );
      expect(rendered.mediaType).toBe('text/html; charset=utf-8');
    },
  );

  it.each(routes.map(([path, render]) => [path, render] as const))(
    '%s declares language, charset and viewport and carries one inline stylesheet',
    (_path, render) => {
      const page = parsePage(render());
      expect(page.source.startsWith('<!DOCTYPE html>\n')).toBe(true);
      expect(attr(first(byTag(page, 'html')), 'lang')).toBe('en');
      const metas = byTag(page, 'meta');
      expect(metas.filter((m) => attr(m, 'charset') === 'utf-8')).toHaveLength(1);
      expect(metas.find((m) => attr(m, 'name') === 'viewport')).toBeDefined();
      const styles = byTag(page, 'style');
      expect(styles).toHaveLength(1);
      expect(page.source).toContain('@media (prefers-color-scheme:dark)');
      expect(byTag(page, 'link').filter((l) => attr(l, 'rel') === 'stylesheet')).toEqual([]);
      expect(byTag(page, 'script')).toEqual([]);
    },
  );
});
