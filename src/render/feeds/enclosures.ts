// An article's featured image and attachments in each feed format. Readers each look in a different
// place (Media RSS `media:content` and `media:thumbnail`, the RSS `<enclosure>`, Atom's
// `link rel="enclosure"`, JSON Feed's `image` and `attachments`), so every feed carries all that its
// format has. Written as tree elements, so xml-tree.ts escapes every value.
import type { Enclosure, PublishedArticle } from '../../model.ts';
import { el, textEl, type XmlElement } from './xml-tree.ts';

/** Media RSS 1.5.1 (https://www.rssboard.org/media-rss). */
export const MEDIA_RSS_NAMESPACE = 'http://search.yahoo.com/mrss/';

export function hasMedia(article: PublishedArticle): boolean {
  return article.featuredImage !== undefined || (article.enclosures?.length ?? 0) > 0;
}

/**
 * RSS 2.0 allows one `<enclosure>` per item, with `url`, `length` and `type` all required: the first
 * attachment (a podcast's audio), else the featured image. Media RSS carries them all.
 */
export function rssMediaElements(article: PublishedArticle): XmlElement[] {
  const image = article.featuredImage;
  const attachments = article.enclosures ?? [];
  const enclosure = [...attachments, ...(image ? [image] : [])].find((e) => e.mediaType !== undefined);
  return [
    // "When an enclosure's size cannot be determined, a publisher should use a length of 0" (RSS
    // Best Practices Profile): the case of an image elsewhere whose size the writer did not give.
    ...(enclosure
      ? [
          el('enclosure', {
            url: enclosure.url,
            length: String(enclosure.length ?? 0),
            type: enclosure.mediaType,
          }),
        ]
      : []),
    ...(image
      ? [
          mediaContent(
            image,
            image.alt === undefined ? [] : [textEl('media:description', image.alt, { type: 'plain' })],
          ),
          el('media:thumbnail', { url: image.url }),
        ]
      : []),
    ...attachments.map((a) =>
      mediaContent(a, a.title === undefined ? [] : [textEl('media:title', a.title, { type: 'plain' })]),
    ),
  ];
}

function mediaContent(enclosure: Enclosure, children: XmlElement[]): XmlElement {
  return el(
    'media:content',
    {
      url: enclosure.url,
      type: enclosure.mediaType,
      medium: medium(enclosure.mediaType),
      fileSize: enclosure.length === undefined ? undefined : String(enclosure.length),
      duration: enclosure.durationSeconds === undefined ? undefined : String(enclosure.durationSeconds),
    },
    children,
  );
}

function medium(mediaType: string | undefined): string | undefined {
  const kind = mediaType?.split('/')[0];
  if (kind === 'image' || kind === 'audio' || kind === 'video') return kind;
  return mediaType === undefined ? undefined : 'document';
}

/** Atom (RFC 4287 §4.2.7.2): one `link rel="enclosure"` per file, the featured image first. */
export function atomEnclosureLinks(article: PublishedArticle): XmlElement[] {
  const files = [...(article.featuredImage ? [article.featuredImage] : []), ...(article.enclosures ?? [])];
  return files.map((file) =>
    el('link', {
      rel: 'enclosure',
      type: file.mediaType,
      href: file.url,
      length: file.length === undefined ? undefined : String(file.length),
      title: file.title,
    }),
  );
}

/** JSON Feed 1.1 `image` and `attachments` of an item. */
export function jsonMediaFields(article: PublishedArticle) {
  return {
    image: article.featuredImage?.url,
    attachments: article.enclosures?.map((file) => ({
      url: file.url,
      mime_type: file.mediaType ?? 'application/octet-stream',
      title: file.title,
      size_in_bytes: file.length,
      duration_in_seconds: file.durationSeconds,
    })),
  };
}
