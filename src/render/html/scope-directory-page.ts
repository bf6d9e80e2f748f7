import type { Scope, SiteSettings } from '../../model.ts';
import { absoluteUrl } from '../../site/paths.ts';
import type { Rendered } from '../representation.ts';
import { html } from './html.ts';
import { newestUpdate } from './last-modified.ts';
import { renderLayout } from './layout.ts';
import { renderedHtml } from './rendered-html.ts';
import { countArticles } from './scope-page.ts';

/** All tags (at `/tags/`) or all authors (at `/authors/`), each linked to its page, with a count. */
export function renderScopeDirectoryPage(
  settings: SiteSettings,
  path: string,
  heading: 'Tags' | 'Authors',
  scopes: readonly Scope[],
): Rendered {
  const body = renderLayout(settings, {
    title: `${heading} — ${settings.title}`,
    description: `${heading} on ${settings.title}`,
    path,
    feeds: [],
    openGraph: { type: 'website', title: heading },
    main: html`<h1>${heading}</h1>
${
  scopes.length === 0
    ? html`<p>None yet.</p>`
    : html`<ul>
${scopes.map(
  (scope) =>
    html`<li><a href="${absoluteUrl(settings, scope.basePath)}">${scope.name}</a> <span class="meta">(${countArticles(scope.articles.length)})</span></li>\n`,
)}</ul>`
}`,
  });
  return renderedHtml(body, newestUpdate(scopes.flatMap((scope) => scope.articles)));
}
