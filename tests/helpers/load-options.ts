import type { LoadOptions } from '../../src/content/load-articles.ts';

/** Reading the articles of `articlesDir` as a site at `site` would (its pages at `<site>articles/<slug>/`). */
export function loadOptionsFor(
  articlesDir: string,
  site = 'https://example.org/',
  more: Partial<LoadOptions> = {},
): LoadOptions {
  return {
    articlesDir,
    articlesDirShown: 'articles',
    maxArticleBytes: 1024 * 1024,
    timeZone: 'UTC',
    idAuthority: 'example.org',
    articleUrl: (slug) => `${site}articles/${slug}/`,
    ...more,
  };
}
