import type { SiteSettings } from '../../model.ts';
import { absoluteUrl, listingPath } from '../../site/paths.ts';
import { type Html, html } from './html.ts';

/** Links to the newer and older pages of a listing; nothing when it fits on one page. */
export function renderPagination(
  settings: SiteSettings,
  basePath: string,
  page: number,
  pages: number,
): Html | false {
  if (pages <= 1) return false;
  const link = (to: number, rel: string, text: string) =>
    html`<a href="${absoluteUrl(settings, listingPath(basePath, to))}" rel="${rel}">${text}</a>`;
  return html`<nav class="pages" aria-label="Pages">
${page > 1 ? link(page - 1, 'prev', '← Newer') : html`<span></span>`}
<span>Page ${page} of ${pages}</span>
${page < pages ? link(page + 1, 'next', 'Older →') : html`<span></span>`}
</nav>`;
}
