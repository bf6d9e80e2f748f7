import type { Scope, SiteSettings } from '../../model.ts';
import { absoluteUrl, FEEDS_PAGE_PATH, OPML_PATH } from '../../site/paths.ts';
import type { Rendered } from '../representation.ts';
import { scopeFeeds } from './feed-links.ts';
import { type Html, html } from './html.ts';
import { newestUpdate } from './last-modified.ts';
import { renderLayout } from './layout.ts';
import { renderedHtml } from './rendered-html.ts';
import { countArticles } from './scope-page.ts';
import { renderSubscribe } from './subscribe.ts';

/** Every feed of the site for people (at `/feeds/`): the site's, then each tag's and author's. */
export function renderFeedsPage(
  settings: SiteSettings,
  site: Scope,
  tags: readonly Scope[],
  authors: readonly Scope[],
): Rendered {
  const siteFeeds = scopeFeeds(settings, site);
  const body = renderLayout(settings, {
    title: `Feeds — ${settings.title}`,
    description: `Every feed of ${settings.title}`,
    path: FEEDS_PAGE_PATH,
    feeds: siteFeeds,
    openGraph: { type: 'website', title: 'Feeds' },
    main: html`<h1>Feeds</h1>
<p class="lead">A feed brings new articles to your feed reader as they are published. Follow the whole site, or only a tag or an author.</p>
<p>To follow them all at once, import <a href="${absoluteUrl(settings, OPML_PATH)}" type="text/x-opml">${absoluteUrl(settings, OPML_PATH)}</a> (OPML) into your reader.</p>
${renderSubscribe(siteFeeds, 'The whole site')}
${scopeList(settings, 'Tags', tags)}
${scopeList(settings, 'Authors', authors)}`,
  });
  return renderedHtml(body, newestUpdate(site.articles));
}

function scopeList(settings: SiteSettings, heading: string, scopes: readonly Scope[]): Html | undefined {
  if (scopes.length === 0) return undefined;
  return html`<section>
<h2>${heading}</h2>
<ul>
${scopes.map(
  (scope) =>
    html`<li><a href="${absoluteUrl(settings, scope.basePath)}">${scope.name}</a> <span class="meta">(${countArticles(scope.articles.length)})</span>: ${scopeFeeds(
      settings,
      scope,
    ).map(
      (feed, i) =>
        html`${i > 0 && ' · '}<a class="feed-url" href="${feed.url}" type="${feed.mediaType}">${feed.label}</a>`,
    )}</li>\n`,
)}</ul>
</section>`;
}
