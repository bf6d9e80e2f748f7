// A reader subscribed to a feed and a person reading the page it belongs to see the same articles.
import { describe, expect, it } from 'vitest';
import { loadSettings } from '../../src/config.ts';
import { loadSite } from '../../src/load-site.ts';
import type { RenderedSite, Scope } from '../../src/model.ts';
import { renderSite } from '../../src/render/render-site.ts';
import { archiveCount } from '../../src/site/archives.ts';
import { feedArchivePath, feedPath, listingPath } from '../../src/site/paths.ts';
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

/** Links of the feed's subscription document (`archive` undefined) or of one archive. */
async function feedLinks(rendered: RenderedSite, scope: Scope, archive?: number) {
  const path = (format: 'rss' | 'atom' | 'json') =>
    archive === undefined
      ? feedPath(scope.basePath, format)
      : feedArchivePath(scope.basePath, format, archive);
  const rss = await readFeed(body(rendered, path('rss')));
  const atom = await readFeed(body(rendered, path('atom')));
  const json = JSON.parse(body(rendered, path('json'))) as {
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
    // Feeds and listings are cut alike when they hold as many articles: the scope page matches the
    // subscription document, and archive page n matches feed archive n.
    const archives = archiveCount(scope.articles.length, site.settings.itemsPerFeed);
    for (const page of [undefined, ...Array.from({ length: archives }, (_, i) => i + 1)]) {
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
    // The site and "All" (1 archive each), 2 tag scopes of ~28 articles and 2 authors (none).
    expect(await expectFeedsMatchPages(rendered)).toBeGreaterThanOrEqual(2 * 2 + 2 + 2);
  });
});
