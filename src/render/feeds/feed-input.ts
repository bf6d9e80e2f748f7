// One feed page of the site model, given to the `feed` package (6.0.0) as its options and items.
// Every value is made safe for feed here (see feed-placeholders.ts); what feed cannot express at all
// is added afterwards by feed-output.ts, which also lists every feed 6 fault and where it is fixed.
import { type Author, type Category, Feed, type FeedOptions, type Item } from 'feed';
import type { Person, PublishedArticle, SiteSettings } from '../../model.ts';
import { absoluteUrl, TAGS_INDEX_PATH } from '../../site/paths.ts';
import {
  archiveLinks,
  type FeedPage,
  feedPageUrl,
  feedTitle,
  imageUrl,
  scopeHomeUrl,
  stylesheetHref,
} from './feed-page.ts';
import { FeedPlaceholders } from './feed-placeholders.ts';
import { GENERATOR } from './generator.ts';

export type XmlFeedFormat = 'rss' | 'atom';

export interface FeedInput {
  feed: Feed;
  /** The tokens standing in `feed` for values it cannot write safely; feed-output.ts restores them. */
  placeholders: FeedPlaceholders;
}

export function makeFeedInput(page: FeedPage, format: XmlFeedFormat): FeedInput {
  const { settings } = page;
  const p = new FeedPlaceholders();
  const text = (value: string) => p.text(value);
  const optional = (value: string | undefined) => (value === undefined ? undefined : p.text(value));
  const options: FeedOptions = {
    // Atom §4.1.1 / §4.2.6: permanent and the same in every document of the feed, archives included
    // (RFC 5005 §4), so the subscription document's URL names the feed. feed writes an empty <id/> when
    // none is given.
    id: p.opaque(feedPageUrl(page, 'atom', 'current')),
    title: text(feedTitle(page)),
    description: text(settings.description),
    link: text(scopeHomeUrl(page)),
    // Never left to feed, which writes `new Date()`: the newest item's update, so equal sites give
    // equal bytes.
    updated: page.updated,
    generator: text(GENERATOR),
    language: text(settings.language),
    docs: text('https://www.rssboard.org/rss-specification'),
    // Each format's own URL, and never `options.feed`: feed uses that for the Atom self link too.
    feedLinks: { [format]: text(archiveLinks(page, format).self) },
    // Atom requires an author when an entry has none (§4.1.1); feed does not insist, Herald always has one.
    author: feedAuthor(settings, settings.author, p),
    // RSS has one channel image: the logo, or else the icon. Atom has both.
    image: optional(imageUrl(settings, format === 'rss' ? (settings.logo ?? settings.icon) : settings.logo)),
    favicon: optional(imageUrl(settings, settings.favicon ?? settings.icon)),
    stylesheet: text(stylesheetHref(settings)),
  };
  const feed = new Feed(options);
  for (const article of page.articles) feed.addItem(feedItem(settings, format, article, p));
  return { feed, placeholders: p };
}

function feedItem(
  settings: SiteSettings,
  format: XmlFeedFormat,
  article: PublishedArticle,
  p: FeedPlaceholders,
): Item {
  // Scheme + term is the tag page's URL (Atom §4.2.2); RSS calls the scheme `domain`.
  const tagScheme = p.text(absoluteUrl(settings, TAGS_INDEX_PATH));
  return {
    title: p.text(article.title),
    link: p.text(article.url),
    // The id is decided once, in the site model: feed must not URL-normalize it (`new URL()` lowercases
    // a scheme or a host), so it never sees it.
    id: p.opaque(article.id),
    guid: p.opaque(article.id),
    date: article.updated,
    published: article.date,
    // RSS <description> is HTML ("entity-encoded HTML"): escaping the plain summary makes a reader show
    // `<b>` as text. Atom's summary is plain text; feed-output.ts takes it from <summary> unescaped.
    description: p.text(format === 'rss' ? escapeHtml(article.summary) : article.summary),
    content: p.text(article.contentHtml),
    author: article.authors.map((person) => feedAuthor(settings, person, p)),
    // feed writes Atom categories without `term` unless it is given: the slug is the term.
    category: article.tags.map(
      (tag): Category => ({
        name: p.text(tag.name),
        term: p.text(tag.slug),
        scheme: tagScheme,
        domain: tagScheme,
      }),
    ),
  };
}

function feedAuthor(settings: SiteSettings, person: Omit<Person, 'slug'>, p: FeedPlaceholders): Author {
  return {
    name: p.text(person.name),
    email: person.email === undefined ? undefined : p.text(person.email),
    // feed throws on a relative URL (it calls `new URL()`): always absolute.
    link: person.url === undefined ? undefined : p.text(absoluteUrl(settings, person.url)),
  };
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => HTML_ESCAPES[c] ?? c);
}
