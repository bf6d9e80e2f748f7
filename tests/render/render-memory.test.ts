// However many URLs anonymous clients ask for, the rendered representations kept stay within a bound.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { renderSite, type SiteRender } from '../../src/render/render-site.ts';
import { buildSite } from '../../src/site/build-site.ts';
import { FEED_FORMATS, feedPath } from '../../src/site/paths.ts';
import { LATER_THAN_EVERYTHING, makeArticle, makeSettings, makeSite } from '../helpers/site-fixture.ts';

/** A full garbage collection, made available to this test file only. */
function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

describe('the representations a rendered site keeps', () => {
  it('drop tag feeds beyond the cache budget, after the feed of each of 5,000 tags is asked for, and keep the site feeds', () => {
    // 100 articles of 50 tags each (the most an article may list): 5,000 tags, each with its feeds.
    const body = `<p>${'Words of the article. '.repeat(200)}</p>`;
    const articles = Array.from({ length: 100 }, (_, i) =>
      makeArticle({
        slug: `a-${i}`,
        contentHtml: body,
        tagNames: Array.from({ length: 50 }, (_, t) => `tag ${i} ${t}`),
      }),
    );
    const site = makeSite(articles);
    expect(site.tags).toHaveLength(5000);
    const budget = 2 * 1024 * 1024;
    const rendered = renderSite(site, { cacheBytes: budget });
    const siteFeed = rendered.get('/feed.xml');
    const firstTag = feedPath(site.tags[0]?.basePath ?? '', 'rss');
    const first = rendered.get(firstTag);
    let bytes = 0;
    for (const scope of site.tags) {
      for (const format of FEED_FORMATS)
        bytes += rendered.get(feedPath(scope.basePath, format))?.body.length ?? 0;
    }
    // Far more than the budget was rendered, so keeping every first page would exceed it.
    expect(bytes).toBeGreaterThan(20 * budget);
    // The first tag feed asked for was dropped to stay within the budget (rendered again, to the same
    // bytes, when asked again); the site's feed, which every reader polls, was kept.
    const again = rendered.get(firstTag);
    expect(again).not.toBe(first);
    expect(again?.etag).toBe(first?.etag);
    expect(rendered.get('/feed.xml')).toBe(siteFeed);
    for (const format of FEED_FORMATS) expect(rendered.get(feedPath('/', format))?.status).toBe(200);
  }, 120_000);

  it('let the site they replaced go: after a series of edits only the current site is kept', async () => {
    const settings = makeSettings();
    const articles = Array.from({ length: 30 }, (_, i) => makeArticle({ slug: `a-${i}` }));
    let rendered: SiteRender = renderSite(buildSite(settings, articles, LATER_THAN_EVERYTHING));
    rendered.get('/feed.xml');
    const first = new WeakRef(rendered);
    for (let edit = 0; edit < 3; edit++) {
      articles[0] = { ...(articles[0] as (typeof articles)[number]), title: `Edited ${edit}` };
      const next = renderSite(buildSite(settings, articles, LATER_THAN_EVERYTHING), { previous: rendered });
      next.get('/feed.xml');
      next.settle();
      rendered = next;
    }
    expect(rendered.get('/feed.xml')?.body.toString()).toContain('Edited 2');
    // A WeakRef's target is kept until the current job ends.
    await new Promise((resolve) => setTimeout(resolve, 0));
    collectGarbage();
    expect(first.deref()).toBeUndefined();
  });
});
