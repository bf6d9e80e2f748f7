import type { SiteSettings } from '../../model.ts';
import { absoluteUrl, listingPath } from '../../site/paths.ts';
import { type Html, html } from './html.ts';

/**
 * Links from a listing to its neighbours: from the scope page to the newest archive page; from
 * archive page `page` to the next newer one (the scope page after the newest) and the next older one.
 * Nothing when the scope has no archive pages. No page names the total: a page that said "of 12"
 * would change with every new archive page.
 */
export function renderPagination(
  settings: SiteSettings,
  basePath: string,
  page: number | undefined,
  archives: number,
): Html | false {
  if (archives === 0) return false;
  const link = (to: number | undefined, rel: string, text: string) =>
    html`<a href="${absoluteUrl(settings, listingPath(basePath, to))}" rel="${rel}">${text}</a>`;
  const newer = page === undefined ? undefined : page < archives ? page + 1 : undefined;
  const older = page === undefined ? archives : page > 1 ? page - 1 : undefined;
  return html`<nav class="pages" aria-label="Pages">
${page !== undefined ? link(newer, 'prev', '← Newer') : html`<span></span>`}
${page === undefined ? html`<span>Latest articles</span>` : html`<span>Archive page ${page}</span>`}
${older !== undefined ? link(older, 'next', 'Older →') : html`<span></span>`}
</nav>`;
}
