// JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/), written with JSON.stringify: no escaping by hand.
import type { Person, PublishedArticle, SiteSettings } from '../../model.ts';
import { absoluteUrl } from '../../site/paths.ts';
import { prettyJsonWithList } from '../utf8-pieces.ts';
import { jsonMediaFields } from './enclosures.ts';
import { rfc3339Date } from './feed-dates.ts';
import { archiveLinks, type FeedPage, feedTitle, hubUrl, imageUrl, scopeHomeUrl } from './feed-page.ts';

interface JsonAuthor {
  name: string;
  url?: string;
}

export function renderJsonFeed(page: FeedPage): Buffer {
  const { settings } = page;
  const links = archiveLinks(page, 'json');
  const icon = imageUrl(settings, settings.icon);
  const hub = hubUrl(page);
  const feed = {
    version: 'https://jsonfeed.org/version/1.1',
    title: feedTitle(page),
    home_page_url: scopeHomeUrl(page),
    feed_url: links.self,
    description: settings.description,
    // JSON Feed paging has only `next_url` (spec: "Pagination"), read as "more, older items": it walks
    // from the subscription document to the newest archive and on to the oldest.
    next_url: links.prevArchive,
    icon,
    favicon: imageUrl(settings, settings.favicon) ?? icon,
    authors: [jsonAuthor(settings, settings.author)],
    language: settings.language,
    // JSON Feed 1.1 "hubs": endpoints for real-time notification; WebSub is the type readers know.
    hubs: hub === undefined ? undefined : [{ type: 'WebSub', url: hub }],
    items: page.articles.map((article) => jsonItem(settings, article)),
  };
  // Item by item straight into bytes, never the whole page as one string (see utf8-pieces.ts).
  return prettyJsonWithList(feed, 'items');
}

function jsonItem(settings: SiteSettings, article: PublishedArticle) {
  return {
    id: article.id,
    url: article.url,
    title: article.title,
    content_html: article.contentHtml,
    summary: article.summary,
    date_published: rfc3339Date(article.date),
    date_modified: rfc3339Date(article.updated),
    authors: article.authors.map((person) => jsonAuthor(settings, person)),
    tags: article.tags.map((tag) => tag.name),
    language: settings.language,
    ...jsonMediaFields(article),
  };
}

/** JSON Feed authors have no e-mail field; the spec allows a `mailto:` URL when there is no home page. */
function jsonAuthor(settings: SiteSettings, person: Omit<Person, 'slug'>): JsonAuthor {
  if (person.url !== undefined) return { name: person.name, url: absoluteUrl(settings, person.url) };
  if (person.email !== undefined) return { name: person.name, url: `mailto:${person.email}` };
  return { name: person.name };
}
