import type { PublishedArticle, SiteSettings } from '../../model.ts';
import { absoluteUrl } from '../../site/paths.ts';
import type { Rendered } from '../representation.ts';
import { renderAuthors, renderTags, renderTime } from './article-meta.ts';
import type { FeedLink } from './feed-links.ts';
import { formatRfc3339 } from './format-date.ts';
import { html, raw } from './html.ts';
import { renderLayout } from './layout.ts';
import { renderedHtml } from './rendered-html.ts';

/** One article in full. `siteFeeds` are advertised so a reader landing here can subscribe. */
export function renderArticlePage(
  settings: SiteSettings,
  article: PublishedArticle,
  siteFeeds: readonly FeedLink[],
): Rendered {
  const { timeZone } = settings;
  const image = article.featuredImage;
  const updated = article.updated.getTime() !== article.date.getTime();
  const openGraph: [string, string][] = [['article:published_time', formatRfc3339(article.date, timeZone)]];
  if (updated) openGraph.push(['article:modified_time', formatRfc3339(article.updated, timeZone)]);
  for (const tag of article.tags) openGraph.push(['article:tag', tag.name]);

  const body = renderLayout(settings, {
    title: `${article.title} — ${settings.title}`,
    description: article.summary,
    path: article.path,
    feeds: siteFeeds,
    openGraph: {
      type: 'article',
      title: article.title,
      properties: openGraph,
      ...(image ? { image: { url: image.url, alt: image.alt } } : {}),
    },
    main: html`<article>
<h1>${article.title}</h1>
<p class="meta">Published ${renderTime(settings, article.date)}${updated && html` · Updated ${renderTime(settings, article.updated)}`} ${renderAuthors(settings, article.authors)}</p>
${renderTags(settings, article.tags)}
${image && html`<figure class="featured"><img src="${image.url}" alt="${image.alt ?? ''}"></figure>\n`}<div class="content">
${raw(article.contentHtml)}
</div>
</article>
<p><a href="${absoluteUrl(settings, '/')}">← All articles on ${settings.title}</a></p>`,
  });
  return renderedHtml(body, article.updated);
}
