// Atom 1.0 (RFC 4287), with RFC 5005 paging links.
import type { Person, PublishedArticle, SiteSettings } from '../../model.ts';
import { absoluteUrl, TAGS_INDEX_PATH } from '../../site/paths.ts';
import { rfc3339Date } from './feed-dates.ts';
import {
  type FeedPage,
  feedPageUrl,
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

export function renderAtom(page: FeedPage): string {
  const { settings } = page;
  const links = pagingLinks(page, 'atom');
  const icon = imageUrl(settings, settings.icon);
  const logo = imageUrl(settings, settings.logo);
  const feed = el('feed', { xmlns: 'http://www.w3.org/2005/Atom', 'xml:lang': settings.language }, [
    // §4.2.6: permanent and the same on every page of the scope, so page 1's URL identifies the feed.
    textEl('id', feedPageUrl(page, 'atom', 1)),
    // Titles and summaries are plain text: type="text" makes a reader show `<` and `&` literally.
    textEl('title', feedTitle(page), { type: 'text' }),
    textEl('subtitle', settings.description, { type: 'text' }),
    textEl('updated', rfc3339Date(page.updated)),
    // §4.1.1: a feed without a feed-level author needs one in every entry; the site author is always here.
    renderPerson('author', settings, settings.author),
    link('alternate', scopeHomeUrl(page), 'text/html'),
    link('self', links.self, FEED_TYPES.atom),
    link('first', links.first, FEED_TYPES.atom),
    links.previous !== undefined && link('previous', links.previous, FEED_TYPES.atom),
    links.next !== undefined && link('next', links.next, FEED_TYPES.atom),
    link('last', links.last, FEED_TYPES.atom),
    otherFormats(page, 'atom').map(({ format, url }) => link('alternate', url, FEED_TYPES[format])),
    textEl('generator', GENERATOR),
    icon !== undefined && textEl('icon', icon),
    logo !== undefined && textEl('logo', logo),
    page.articles.map((article) => renderEntry(settings, article)),
  ]);
  return serializeXmlDocument(feed, { stylesheet: stylesheetHref(settings) });
}

function renderEntry(settings: SiteSettings, article: PublishedArticle): XmlElement {
  const tagScheme = absoluteUrl(settings, TAGS_INDEX_PATH);
  return el('entry', { 'xml:lang': settings.language }, [
    textEl('id', article.id),
    textEl('title', article.title, { type: 'text' }),
    link('alternate', article.url, 'text/html'),
    textEl('published', rfc3339Date(article.date)),
    textEl('updated', rfc3339Date(article.updated)),
    article.authors.map((person) => renderPerson('author', settings, person)),
    // §4.2.2: `term` is required; `label` is the display name. Scheme + term is the tag page's URL.
    article.tags.map((tag) => el('category', { term: tag.slug, scheme: tagScheme, label: tag.name })),
    textEl('summary', article.summary, { type: 'text' }),
    textEl('content', article.contentHtml, { type: 'html' }),
  ]);
}

function renderPerson(name: string, settings: SiteSettings, person: Omit<Person, 'slug'>): XmlElement {
  return el(name, {}, [
    textEl('name', person.name),
    person.email !== undefined && textEl('email', person.email),
    person.url !== undefined && textEl('uri', absoluteUrl(settings, person.url)),
  ]);
}

function link(rel: string, href: string, type: string): XmlElement {
  return el('link', { rel, type, href });
}
