// A reader subscribed to a feed and a person reading the page it belongs to see the same articles.
import { describe, expect, it } from 'vitest';
import { loadSettings } from '../../src/config.ts';
import { loadSite } from '../../src/load-site.ts';
import type { RenderedSite, Scope } from '../../src/model.ts';
import { renderSite } from '../../src/render/render-site.ts';
import { feedPath, listingPath } from '../../src/site/paths.ts';
import { REPO_ROOT } from '../helpers/articles-dir.ts';
import { makeArticles, makeSite } from '../helpers/site-fixture.ts';
import { readFeed } from './feeds/read-feed.ts';
import { attr, descendants, parsePage, withClass } from './html/page-dom.ts';

function body(rendered: RenderedSite, path: string): string {
  const representation = rendered.get(path);
  if (!representation) throw new Error(`nothing is served at ${path}`);
  return representation.body.toString();
}

/** Article links of one listing page, in page order. */
function pageLinks(rendered: RenderedSite, path: string): string[] {
  const representation = rendered.get(path);
  if (!representation) throw new Error(`nothing is served at ${path}`);
  const page = parsePage({ ...representation, body: representation.body });
  return withClass(page, 'list').flatMap((list) =>
    descendants(list, 'h2').flatMap((h2) => descendants(h2, 'a').map((a) => attr(a, 'href') ?? '')),
  );
}

async function feedLinks(rendered: RenderedSite, scope: Scope, page: number) {
  const rss = await readFeed(body(rendered, feedPath(scope.basePath, 'rss', page)));
  const atom = await readFeed(body(rendered, feedPath(scope.basePath, 'atom', page)));
  const json = JSON.parse(body(rendered, feedPath(scope.basePath, 'json', page))) as {
    items: { url: string }[];
  };
  return {
    rss: rss.items.map((item) => item.link),
    atom: atom.items.map((item) => item.link),
    json: json.items.map((item) => item.url),
  };
}

async function expectFeedsMatchPages(rendered: RenderedSite): Promise<number> {
  const { site } = rendered;
  let compared = 0;
  for (const scope of [site.site, ...site.tags, ...site.authors]) {
    const pages = Math.ceil(scope.articles.length / site.settings.itemsPerFeed);
    for (let page = 1; page <= pages; page++) {
      const onPage = pageLinks(rendered, listingPath(scope.basePath, page));
      expect(onPage.length, `${scope.basePath} page ${page}`).toBeGreaterThan(0);
      expect(await feedLinks(rendered, scope, page), `${scope.basePath} page ${page}`).toEqual({
        rss: onPage,
        atom: onPage,
        json: onPage,
      });
      compared += 1;
    }
  }
  return compared;
}

describe('feeds and pages', () => {
  it('show the same shipped articles, in the same order, in every scope', async () => {
    const settings = loadSettings({ cwd: REPO_ROOT, env: {} });
    const { rendered, problems } = await loadSite(settings, new Date(), REPO_ROOT);
    expect(problems).toEqual([]);
    expect(rendered.site.site.articles).toHaveLength(2);
    expect(await expectFeedsMatchPages(rendered)).toBeGreaterThanOrEqual(1 + 5 + 2);
  });

  it('show the same articles page by page on a 55-article site', async () => {
    const rendered = renderSite(makeSite(makeArticles(55)));
    // 3 site pages, 2 tag scopes of ~28 articles (2 pages each), 1 "All" tag (3 pages), 2 authors.
    expect(await expectFeedsMatchPages(rendered)).toBeGreaterThanOrEqual(3 + 2 * 2 + 3 + 2);
  });
});
