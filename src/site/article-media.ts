// An article's featured image and attachments as pages and feeds carry them: absolute URLs with the
// real type and size of the media file they name, decided once here for every renderer.
import { mediaTypeOf } from '../content/media-types.ts';
import type { Article, Enclosure, MediaFile, MediaSource, PublishedArticle, SiteSettings } from '../model.ts';
import { absoluteUrl, mediaPath } from './paths.ts';

export type ArticleMedia = Pick<PublishedArticle, 'featuredImage' | 'enclosures'>;

/**
 * What the article's front matter names, resolved against the media files found. A media file that is
 * not published is left out (a warning names it): a feed must not promise a URL that answers 404.
 */
export function resolveArticleMedia(
  settings: SiteSettings,
  article: Article,
  media: ReadonlyMap<string, MediaFile>,
): ArticleMedia {
  const resolved: ArticleMedia = {};
  if (article.image) {
    const image = locate(settings, article.image, media);
    if (image) resolved.featuredImage = article.image.alt ? { ...image, alt: article.image.alt } : image;
  }
  if (article.attachments) {
    const enclosures = article.attachments.flatMap((attachment): Enclosure[] => {
      const found = locate(settings, attachment, media);
      if (!found) return [];
      const enclosure: Enclosure = { ...found };
      // A URL elsewhere: what the writer gave, else what its extension says (the schema made sure
      // there is one of the two).
      if (attachment.mediaType !== undefined) enclosure.mediaType = attachment.mediaType;
      if (attachment.size !== undefined) enclosure.length = attachment.size;
      if (attachment.title !== undefined) enclosure.title = attachment.title;
      if (attachment.durationSeconds !== undefined) enclosure.durationSeconds = attachment.durationSeconds;
      return [enclosure];
    });
    if (enclosures.length > 0) resolved.enclosures = enclosures;
  }
  return resolved;
}

function locate(
  settings: SiteSettings,
  source: MediaSource,
  media: ReadonlyMap<string, MediaFile>,
): Enclosure | undefined {
  if (source.url !== undefined) {
    const mediaType = mediaTypeOf(new URL(source.url).pathname);
    return mediaType === undefined ? { url: source.url } : { url: source.url, mediaType };
  }
  const file = source.name === undefined ? undefined : media.get(source.name);
  if (!file) return undefined;
  return { url: absoluteUrl(settings, mediaPath(file.name)), mediaType: file.mediaType, length: file.size };
}

/** Whether two resolutions would write the same bytes into every page and feed. */
export function sameArticleMedia(a: ArticleMedia, b: ArticleMedia): boolean {
  return (
    sameEnclosure(a.featuredImage, b.featuredImage) &&
    a.featuredImage?.alt === b.featuredImage?.alt &&
    sameEnclosures(a.enclosures, b.enclosures)
  );
}

export function sameEnclosures(a: readonly Enclosure[] = [], b: readonly Enclosure[] = []): boolean {
  return a.length === b.length && a.every((e, i) => sameEnclosure(e, b[i]));
}

function sameEnclosure(a: Enclosure | undefined, b: Enclosure | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return (
    a.url === b.url &&
    a.mediaType === b.mediaType &&
    a.length === b.length &&
    a.title === b.title &&
    a.durationSeconds === b.durationSeconds
  );
}
