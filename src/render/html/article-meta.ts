import type { Person, PublishedArticle, SiteSettings, Tag } from '../../model.ts';
import { absoluteUrl, authorPath, tagPath } from '../../site/paths.ts';
import { formatHumanDate, formatRfc3339 } from './format-date.ts';
import { type Html, html } from './html.ts';

/** `<time>` with a machine-readable RFC 3339 value and a human date, both in the site's time zone. */
export function renderTime(settings: SiteSettings, date: Date): Html {
  return html`<time datetime="${formatRfc3339(date, settings.timeZone)}">${formatHumanDate(date, settings.timeZone)}</time>`;
}

/** "by Ada Lovelace and Alan Turing", each name linked to the author's page. */
export function renderAuthors(settings: SiteSettings, authors: readonly Person[]): Html {
  const links = authors.map(
    (person) => html`<a href="${absoluteUrl(settings, authorPath(person.slug))}">${person.name}</a>`,
  );
  const joined = links.map(
    (link, i) => html`${i === 0 ? '' : i === links.length - 1 ? ' and ' : ', '}${link}`,
  );
  return html`by ${joined}`;
}

export function renderTags(settings: SiteSettings, tags: readonly Tag[]): Html | false {
  return (
    tags.length > 0 &&
    html`<ul class="tags">${tags.map(
      (tag) => html`<li><a href="${absoluteUrl(settings, tagPath(tag.slug))}">${tag.name}</a></li>`,
    )}</ul>`
  );
}

/** Date and authors, the line under an article's title. */
export function renderByline(settings: SiteSettings, article: PublishedArticle): Html {
  return html`<p class="meta">${renderTime(settings, article.date)} ${renderAuthors(settings, article.authors)}</p>`;
}
