import type { SiteSettings } from '../../model.ts';
import { absoluteUrl } from '../../site/paths.ts';
import type { Rendered } from '../representation.ts';
import { html } from './html.ts';
import { NO_ARTICLES_DATE } from './last-modified.ts';
import { renderLayout } from './layout.ts';
import { renderedHtml } from './rendered-html.ts';

/** Served with status 404 for any unknown URL; no canonical link, since it has no URL of its own. */
export function renderNotFoundPage(settings: SiteSettings): Rendered {
  const body = renderLayout(settings, {
    title: `Page not found — ${settings.title}`,
    description: 'There is no page at this address.',
    feeds: [],
    noindex: true,
    main: html`<h1>Page not found</h1>
<p>There is no page at this address. It may have moved, or the link may be mistyped.</p>
<p><a href="${absoluteUrl(settings, '/')}">Go to the home page of ${settings.title}</a></p>`,
  });
  return renderedHtml(body, NO_ARTICLES_DATE, 404);
}
