// The XML that the `feed` package (6.0.0) writes, made right: parsed with a strict XML parser, corrected
// and completed as a tree, and serialized by xml-tree.ts, which escapes every value in one place.
//
// The faults of feed 6.0.0 (measured, or read in node_modules/feed/lib/feed.js and xml-js's js2xml.js),
// and where each is fixed. Each has a test in tests/render/feeds/feed6-faults.test.ts; what feed writes
// by itself is shown in tests/render/feeds/feed6-raw-output.test.ts.
//
//  1. Atom <category> gets `term` only when the caller passes one (RFC 4287 §4.2.2 requires it).
//     → feed-input.ts passes the tag slug as `term`.
//  2. Characters XML 1.0 forbids (C0 controls, lone surrogates, U+FFFE/U+FFFF) pass straight through.
//     → FeedPlaceholders.text removes them before feed sees a value; xml-tree.ts removes them again.
//  3. Only the first `]]>` of a CDATA section is split, so a second one ends the section early.
//  4. Attribute values escape only `"`: `<` and `&` reach the document raw (category label and
//     domain, stylesheet href).
//  5. Text has `&amp;` turned back into `&` before escaping, so a literal `&amp;` reads back as `&`;
//     tab, LF and CR are written raw and normalized away by readers.
//     → (3–5) any value holding `& < > " '`, tab, LF or CR goes into feed as a placeholder token
//       (feed-placeholders.ts); `restorePlaceholders` below puts the text back after parsing, and
//       xml-tree.ts writes it escaped, never as CDATA.
//  6. Ids and links go through `new URL()`: a relative URL throws, and an id is rewritten
//     (`TAG:x` → `tag:x`, an http id's host lowercased), though the id is decided once in the site model.
//     → feed-input.ts gives feed only absolute URLs, and ids as opaque placeholder tokens.
//  7. `updated` / `lastBuildDate` default to the current time. → feed-input.ts always passes the newest
//     item's update.
//  8. The Atom feed <id> comes out empty (`<id/>`) and no author is enforced (RFC 4287 §4.1.1).
//     → feed-input.ts always passes page 1's Atom URL as the id and the site author.
//  9. `options.feed` becomes the Atom self link too, pointing it at the RSS URL. → feed-input.ts passes
//     each format's own URL in `feedLinks` and never sets `options.feed`.
// 10. Atom titles and summaries are always `type="html"` (in CDATA), so a plain-text title holding `<` or
//     `&` changes meaning in a reader. → `plainText` below: `type="text"`, the value as escaped text.
// 11. Atom gets no `xml:lang` (feed ignores `language` there). → `correctAtom` sets it on the feed and
//     on every entry.
// 12. RSS <author> holds a bare name when there is no e-mail; RSS 2.0 wants an address there. →
//     `correctRssItem` drops <author> and writes one <dc:creator> per author.
// 13. RSS declares `dc`/`content` only when an item has content, and `atom` only with a self link, while
//     Herald writes dc:creator and atom:link on every channel. → `correctRss` declares all three.
// 14. The xml-stylesheet instruction's pseudo-attributes are not escaped (`&` in the site's path).
//     → the instruction is read back and written again by xml-tree.ts, escaped.
// 15. Every RSS <guid> with an id is `isPermaLink="false"`, even when the id is the article's URL.
//     → `correctRssItem` marks it `true` when guid and link are the same.
// 16. An item's summary or content that is an empty string is left out (`if (item.description)`).
//     → FeedPlaceholders.text passes an empty value as a token, restored to an empty element.
// 17. JSON output is JSON Feed 1.0 (one `author`, no `language`) and cannot page.
//     → JSON Feed 1.1 is written directly with JSON.stringify (json-feed.ts), without feed.
//
// And what feed cannot express, added here: the WebSub hub link (subscription documents only),
// RFC 5005 §4 archive links (current, prev-archive, next-archive) and the fh:archive marker of
// archive documents, and alternate links to the other formats; `type` on Atom links and
// `rel="alternate"` on entry links; RSS managingEditor and channel dc:creator; per-item atom:updated; enclosures and Media RSS
// (enclosures.ts).
import type { PublishedArticle, SiteSettings } from '../../model.ts';
import { atomEnclosureLinks, hasMedia, MEDIA_RSS_NAMESPACE, rssMediaElements } from './enclosures.ts';
import { rfc3339Date } from './feed-dates.ts';
import { type ArchiveLinks, archiveLinks, type FeedPage, hubUrl, otherFormats } from './feed-page.ts';
import type { FeedPlaceholders } from './feed-placeholders.ts';
import { FEED_TYPES } from './media-types.ts';
import { parseXmlDocument } from './xml-parse.ts';
import { el, serializeXmlBytes, textEl, type XmlElement } from './xml-tree.ts';

/** RFC 5005 §6: the namespace of `fh:archive`. */
const FEED_HISTORY_NAMESPACE = 'http://purl.org/syndication/history/1.0';

const RSS_NAMESPACES = {
  'xmlns:atom': 'http://www.w3.org/2005/Atom',
  'xmlns:content': 'http://purl.org/rss/1.0/modules/content/',
  'xmlns:dc': 'http://purl.org/dc/elements/1.1/',
  'xmlns:fh': FEED_HISTORY_NAMESPACE,
};

/** feed's `rss2()` output, corrected and completed for one page. */
export function correctRssOutput(xml: string, page: FeedPage, placeholders: FeedPlaceholders): Buffer {
  const { root, stylesheet } = readFeedOutput(xml, placeholders);
  return serializeXmlBytes(correctRss(root, page), { stylesheet });
}

/** feed's `atom1()` output, corrected and completed for one page. */
export function correctAtomOutput(xml: string, page: FeedPage, placeholders: FeedPlaceholders): Buffer {
  const { root, stylesheet } = readFeedOutput(xml, placeholders);
  return serializeXmlBytes(correctAtom(root, page), { stylesheet });
}

function readFeedOutput(
  xml: string,
  placeholders: FeedPlaceholders,
): { root: XmlElement; stylesheet: string | undefined } {
  // Strict: if feed ever wrote something not well-formed, this throws rather than guessing (faults 2–5).
  const { root, processingInstructions } = parseXmlDocument(withoutIndentation(xml));
  const instruction = processingInstructions.find((pi) => pi.target === 'xml-stylesheet');
  // feed writes pseudo-attributes with xml-js, `"` escaped; the href is a token or has no `"` `&` `<`.
  const href = instruction && /\bhref="([^"]*)"/.exec(instruction.body)?.[1];
  return {
    root: restorePlaceholders(root, placeholders),
    stylesheet: href === undefined ? undefined : placeholders.restore(href),
  };
}

/**
 * feed's output without the line breaks and indentation xml-js writes between elements. Every line
 * break in it is indentation: a value holding one reaches feed as a placeholder token. The parser
 * then sees no whitespace between elements (it would make a text node of each, which the tree drops):
 * a seventh fewer characters and no text nodes to make and drop, a third of the parse of a feed page
 * in a process that has not parsed one before (an edit's build parses a dozen).
 */
export function withoutIndentation(xml: string): string {
  return xml.replace(INDENTATION, '><');
}

const INDENTATION = />\n[ \t]*</g;

/** Faults 3–6: every token in text or attributes becomes the value it stands for. */
function restorePlaceholders(element: XmlElement, placeholders: FeedPlaceholders): XmlElement {
  return {
    name: element.name,
    attributes: Object.fromEntries(
      Object.entries(element.attributes).map(([name, value]) => [
        name,
        value === undefined ? undefined : placeholders.restore(value),
      ]),
    ),
    children: element.children.map((child) =>
      typeof child === 'string'
        ? placeholders.restore(child)
        : child && restorePlaceholders(child, placeholders),
    ),
  };
}

// --- Atom -------------------------------------------------------------------------------------------

function correctAtom(feed: XmlElement, page: FeedPage): XmlElement {
  const lang = page.settings.language;
  expectItems(elementsNamed(feed, 'entry'), page.articles, atomEntryLink);
  const links = archiveLinks(page, 'atom');
  let index = 0;
  return el(
    'feed',
    { ...feed.attributes, 'xmlns:fh': FEED_HISTORY_NAMESPACE, 'xml:lang': lang },
    [
      elementsOf(feed).map((child) => {
        switch (child.name) {
          case 'title':
          case 'subtitle':
            return plainText(child);
          case 'link':
            return correctAtomFeedLink(child, page, links);
          case 'entry':
            return correctAtomEntry(child, lang, page.articles[index++] as PublishedArticle);
          default:
            return child;
        }
      }),
    ].flat(),
  );
}

function correctAtomFeedLink(link: XmlElement, page: FeedPage, links: ArchiveLinks): XmlElement[] {
  const { rel, href } = link.attributes;
  if (href === undefined) return [link];
  if (rel === 'alternate') return [atomLink('link', 'alternate', href, 'text/html')];
  if (rel !== 'self') return [link];
  return [
    atomLink('link', 'self', href, FEED_TYPES.atom),
    ...hubLink('link', page),
    ...archiveLinksAndAlternates('link', page, 'atom', links),
  ];
}

function correctAtomEntry(entry: XmlElement, lang: string, article: PublishedArticle): XmlElement {
  return el('entry', { ...entry.attributes, 'xml:lang': lang }, [
    ...elementsOf(entry).map((child) => {
      if (child.name === 'title' || child.name === 'summary') return plainText(child);
      // feed writes a bare `<link href>`; rel defaults to alternate (§4.2.7.2), Herald states it and the type.
      if (child.name === 'link' && child.attributes.rel === undefined && child.attributes.href !== undefined)
        return atomLink('link', 'alternate', child.attributes.href, 'text/html');
      return child;
    }),
    ...atomEnclosureLinks(article),
  ]);
}

/** Fault 10: a plain-text construct (§3.1.1.1), its value written once as escaped text. */
function plainText(element: XmlElement): XmlElement {
  return textEl(element.name, textOf(element), { type: 'text' });
}

function atomEntryLink(entry: XmlElement): string | undefined {
  return elementsNamed(entry, 'link')[0]?.attributes.href;
}

// --- RSS --------------------------------------------------------------------------------------------

function correctRss(rss: XmlElement, page: FeedPage): XmlElement {
  const channel = elementsNamed(rss, 'channel')[0];
  if (!channel) throw new Error('feed wrote RSS without a <channel>');
  // Fault 13: every namespace declared, in a fixed order, whatever feed declared; Media RSS only on a
  // page that uses it.
  const media = page.articles.some(hasMedia) ? { 'xmlns:media': MEDIA_RSS_NAMESPACE } : {};
  return el('rss', { version: rss.attributes.version, ...RSS_NAMESPACES, ...media }, [
    correctRssChannel(channel, page),
  ]);
}

function correctRssChannel(channel: XmlElement, page: FeedPage): XmlElement {
  const { settings } = page;
  const items = elementsNamed(channel, 'item');
  expectItems(items, page.articles, (item) => textOf(elementsNamed(item, 'link')[0]));
  const links = archiveLinks(page, 'rss');
  let index = 0;
  return el(
    'channel',
    channel.attributes,
    [
      elementsOf(channel).map((child) => {
        switch (child.name) {
          case 'lastBuildDate':
            return [child, ...channelAuthor(settings)];
          case 'atom:link': {
            const { rel, href } = child.attributes;
            if (rel !== 'self' || href === undefined) return child;
            return [
              atomLink('atom:link', 'self', href, FEED_TYPES.rss),
              ...hubLink('atom:link', page),
              ...archiveLinksAndAlternates('atom:link', page, 'rss', links),
            ];
          }
          case 'item':
            return correctRssItem(child, page.articles[index++] as PublishedArticle);
          default:
            return child;
        }
      }),
    ].flat(2),
  );
}

/** RSS 2.0 managingEditor must be an e-mail address; the name alone goes in dc:creator. */
function channelAuthor(settings: SiteSettings): XmlElement[] {
  const { author } = settings;
  return [
    ...(author.email === undefined ? [] : [textEl('managingEditor', `${author.email} (${author.name})`)]),
    textEl('dc:creator', author.name),
  ];
}

function correctRssItem(item: XmlElement, article: PublishedArticle): XmlElement {
  const link = textOf(elementsNamed(item, 'link')[0]);
  return el('item', item.attributes, [
    ...elementsOf(item).flatMap((child) => {
      switch (child.name) {
        case 'guid': {
          // Fault 15: a guid is a permalink exactly when it is the article's URL.
          const guid = textOf(child);
          return [textEl('guid', guid, { isPermaLink: guid === link ? 'true' : 'false' })];
        }
        case 'pubDate':
          return [
            child,
            textEl('atom:updated', rfc3339Date(article.updated)),
            // Fault 12: one dc:creator per author, in the article's order.
            ...article.authors.map((person) => textEl('dc:creator', person.name)),
          ];
        case 'author':
          return [];
        default:
          return [child];
      }
    }),
    ...rssMediaElements(article),
  ]);
}

// --- Shared -----------------------------------------------------------------------------------------

/**
 * RFC 5005 §4 links after `self`, then the same document in the other two formats, then (in an
 * archive document) the `fh:archive` marker, which tells a reader the document will not grow.
 */
function archiveLinksAndAlternates(
  name: string,
  page: FeedPage,
  format: 'rss' | 'atom',
  links: ArchiveLinks,
): XmlElement[] {
  const type = FEED_TYPES[format];
  return [
    page.archive !== undefined && atomLink(name, 'current', links.current, type),
    links.prevArchive !== undefined && atomLink(name, 'prev-archive', links.prevArchive, type),
    links.nextArchive !== undefined && atomLink(name, 'next-archive', links.nextArchive, type),
    ...otherFormats(page, format).map(({ format: f, url }) =>
      atomLink(name, 'alternate', url, FEED_TYPES[f]),
    ),
    page.archive !== undefined && el('fh:archive', {}, []),
  ].filter((link): link is XmlElement => link !== false);
}

/** WebSub §4: `<link rel="hub">` in Atom, `<atom:link rel="hub">` in RSS. */
function hubLink(name: string, page: FeedPage): XmlElement[] {
  const hub = hubUrl(page);
  return hub === undefined ? [] : [el(name, { rel: 'hub', href: hub })];
}

function atomLink(name: string, rel: string, href: string, type: string): XmlElement {
  return el(name, { rel, type, href });
}

/**
 * Items are matched to articles by position; this checks feed kept them all, in order, so a change in
 * feed cannot silently attach one article's dates or authors to another.
 */
function expectItems(
  items: readonly XmlElement[],
  articles: readonly PublishedArticle[],
  linkOf: (item: XmlElement) => string | undefined,
): void {
  if (items.length !== articles.length || items.some((item, i) => linkOf(item) !== articles[i]?.url)) {
    throw new Error(
      `feed wrote ${items.length} items that do not match the page's ${articles.length} articles`,
    );
  }
}

function elementsOf(element: XmlElement): XmlElement[] {
  return element.children.filter((c): c is XmlElement => typeof c === 'object');
}

function elementsNamed(element: XmlElement, name: string): XmlElement[] {
  return elementsOf(element).filter((c) => c.name === name);
}

function textOf(element: XmlElement | undefined): string {
  return element ? element.children.filter((c): c is string => typeof c === 'string').join('') : '';
}
