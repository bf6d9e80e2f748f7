import type { PublishedArticle, SiteSettings } from '../../model.ts';
import { renderByline, renderTags } from './article-meta.ts';
import { type Html, html } from './html.ts';

/** The articles of one listing page, in the order given (newest first). */
export function renderArticleList(settings: SiteSettings, articles: readonly PublishedArticle[]): Html {
  if (articles.length === 0) return html`<p>No articles yet.</p>`;
  return html`<ol class="list">
${articles.map(
  (article) => html`<li>
<h2><a href="${article.url}">${article.title}</a></h2>
${renderByline(settings, article)}
<p>${article.summary}</p>
${renderTags(settings, article.tags)}</li>
`,
)}</ol>`;
}
