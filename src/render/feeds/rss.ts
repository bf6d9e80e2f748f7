// RSS 2.0 (https://www.rssboard.org/rss-specification), with the Atom, content and Dublin Core
// namespaces for what RSS itself cannot say: paging links, full content, author names, update dates.
import type { Person, PublishedArticle } from '../../model.ts';
import { absoluteUrl, TAGS_INDEX_PATH } from '../../site/paths.ts';
import { rfc822Date, rfc3339Date } from './feed-dates.ts';
import {
  type FeedPage,
  feedTitle,
  imageUrl,
  otherFormats,
  pagingLinks,
  scopeHomeUrl,
  stylesheetHref,
} from './feed-page.ts';
import { GENERATOR } from './generator.ts';
import { FEED_TYPES } from './media-types.ts';
import { el, serializeXmlDocument, textEl, type XmlElement } from './xml-tree.ts';

const NAMESPACES = {
  'xmlns:atom': 'http://www.w3.org/2005/Atom',
  'xmlns:content': 'http://purl.org/rss/1.0/modules/content/',
  'xmlns:dc': 'http://purl.org/dc/elements/1.1/',
};

export function renderRss(page: FeedPage): string {
  const { settings } = page;
  const title = feedTitle(page);
  const home = scopeHomeUrl(page);
  const links = pagingLinks(page, 'rss');
  const image = imageUrl(settings, settings.logo ?? settings.icon);
  const channel = el('channel', {}, [
    textEl('title', title),
    textEl('link', home),
    textEl('description', settings.description),
    textEl('language', settings.language),
    textEl('generator', GENERATOR),
    textEl('docs', 'https://www.rssboard.org/rss-specification'),
    // The newest item's update, never the clock: the same site always renders the same bytes.
    textEl('lastBuildDate', rfc822Date(page.updated)),
    // RSS 2.0 wants an e-mail address here; without one, the name goes only in dc:creator.
    settings.author.email !== undefined &&
      textEl('managingEditor', `${settings.author.email} (${settings.author.name})`),
    textEl('dc:creator', settings.author.name),
    atomLink('self', links.self, FEED_TYPES.rss),
    atomLink('first', links.first, FEED_TYPES.rss),
    links.previous !== undefined && atomLink('previous', links.previous, FEED_TYPES.rss),
    links.next !== undefined && atomLink('next', links.next, FEED_TYPES.rss),
    atomLink('last', links.last, FEED_TYPES.rss),
    otherFormats(page, 'rss').map(({ format, url }) => atomLink('alternate', url, FEED_TYPES[format])),
    image !== undefined &&
      el('image', {}, [textEl('url', image), textEl('title', title), textEl('link', home)]),
    page.articles.map((article) => renderItem(page, article)),
  ]);
  const rss = el('rss', { version: '2.0', ...NAMESPACES }, [channel]);
  return serializeXmlDocument(rss, { stylesheet: stylesheetHref(settings) });
}

function renderItem(page: FeedPage, article: PublishedArticle): XmlElement {
  const tagScheme = absoluteUrl(page.settings, TAGS_INDEX_PATH);
  return el('item', {}, [
    textEl('title', article.title),
    textEl('link', article.url),
    textEl('guid', article.id, { isPermaLink: article.id === article.url ? 'true' : 'false' }),
    textEl('pubDate', rfc822Date(article.date)),
    textEl('atom:updated', rfc3339Date(article.updated)),
    // RSS <author> must be an e-mail address; names belong in dc:creator, one per author.
    article.authors.map((person: Person) => textEl('dc:creator', person.name)),
    article.tags.map((tag) => textEl('category', tag.name, { domain: tagScheme })),
    // <description> is HTML (RSS 2.0 "entity-encoded HTML"): escape the plain summary so a reader shows
    // `<b>` as text instead of interpreting it.
    textEl('description', escapeHtml(article.summary)),
    textEl('content:encoded', article.contentHtml),
  ]);
}

function atomLink(rel: string, href: string, type: string): XmlElement {
  return el('atom:link', { rel, type, href });
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => HTML_ESCAPES[c] ?? c);
}
