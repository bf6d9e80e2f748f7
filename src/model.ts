// Shared types only: the shapes that cross module boundaries.
// Data flows one way: content/ → site/ → render/ → publish/ → http/ and export/.

/** A person credited on an article or on the site. */
export interface Person {
  name: string;
  /** URL-safe slug, unique per display name; used in `/authors/<slug>/`. */
  slug: string;
  email?: string;
  url?: string;
}

/** A tag: a display name ("Xiaomi 12 Ultra") and its URL-safe slug ("xiaomi-12-ultra"). */
export interface Tag {
  name: string;
  slug: string;
}

/** One valid article file, parsed, validated and rendered to sanitized HTML. */
export interface Article {
  /** Path of the source file as shown to the user, e.g. `articles/2022-05-23-leica.md`. */
  file: string;
  slug: string;
  /** Stable id: from front matter, or a `tag:` URI (RFC 4151). Never changes once published. */
  id: string;
  title: string;
  date: Date;
  /** Equal to `date` when the front matter has no `updated`. */
  updated: Date;
  /** Empty when the file names no author: the site author stands in (site model). */
  authors: Person[];
  tags: Tag[];
  /** Plain text, no markup. */
  summary: string;
  /** Sanitized HTML with absolute URLs. */
  contentHtml: string;
  draft: boolean;
  /** Relative references to media files found in the Markdown, checked against the media files found. */
  mediaReferences?: readonly MediaReference[];
  /** The featured image (`image:` and `image_alt:` in the front matter). */
  image?: MediaSource & { alt?: string };
  /** Files that come with the article, e.g. a podcast episode's audio (`attachments:`). */
  attachments?: readonly AttachmentSource[];
  /** Old paths of the article on this site (front matter `aliases`), answered with a redirect. */
  aliases?: readonly string[];
  /**
   * Changes whenever `contentHtml`, or a summary derived from it, may change: a hash of the Markdown
   * body, the URL it is made absolute against and a given summary. Lets a route's fingerprint stand
   * for the content without rendering it.
   */
  contentKey?: string;
  /** A hash of the front matter block as written: the article cache reuses the fields it gave. */
  frontMatterKey?: string;
}

/** A file the front matter names: a media file of the articles folder, or an absolute URL elsewhere. */
export interface MediaSource {
  /** As written in the front matter. */
  ref: string;
  /** The media file's name in the articles folder, when `ref` is a relative path. */
  name?: string;
  /** The absolute URL, when `ref` is one. */
  url?: string;
}

export interface AttachmentSource extends MediaSource {
  title?: string;
  durationSeconds?: number;
  /** Given for an absolute URL; a media file's own type is used otherwise. */
  mediaType?: string;
  /** Bytes, given for an absolute URL; a media file's own size is used otherwise. */
  size?: number;
}

/** A featured image or attachment as pages and feeds carry it: where it is and what is known of it. */
export interface Enclosure {
  /** Absolute URL. */
  url: string;
  /** Known for a media file, a URL with a known extension, or when given. */
  mediaType?: string;
  /** Bytes; known for a media file, or when given. */
  length?: number;
  title?: string;
  durationSeconds?: number;
}

/** A relative reference from an article to a file in the articles folder, e.g. `![](photo.jpg)`. */
export interface MediaReference {
  /** As written in the article. */
  ref: string;
  /** The media file's name in the articles folder; undefined when the reference leaves the folder. */
  name?: string;
  /** The front matter field that names it (`image`, `attachments`); the body otherwise. */
  field?: string;
}

/**
 * A file in the articles folder that is published as it is (an image, audio, video, PDF). Found when
 * the folder is listed: nothing is ever looked up on disk by a request's path.
 */
export interface MediaFile {
  /** Path inside the articles folder with `/` separators, e.g. `2022-05-23-leica/photo.jpg`. */
  name: string;
  /** The file as shown to the user, e.g. `articles/2022-05-23-leica/photo.jpg`. */
  file: string;
  mediaType: string;
  size: number;
  modified: Date;
  /**
   * Changes whenever the file may hold other bytes, without reading them: its size, modification
   * time, change time and inode. The change time is set by the kernel on every write and cannot be
   * put back, and a file renamed into place has another inode, so a file replaced by one of the same
   * size and modification time (`cp -p`, rsync, `touch -r`) is still a new version.
   */
  version: string;
  /**
   * SHA-256 of the bytes when the folder was listed, computed once per version: what the file's route
   * is made of, so a file saved again with the same bytes is no change and other bytes always are.
   */
  digest: string;
  /** Reads the current bytes; throws when the file is gone or is no longer a regular file in the folder. */
  read(): Buffer;
  /**
   * Opens the file to stream its bytes (files too large to keep in memory); throws when it is gone or
   * is no longer a regular file in the folder. The opened version may be newer than the listed one.
   */
  open(): Promise<OpenedMedia>;
}

/** A media file opened for streaming: one version of its bytes, read in chunks. */
export interface OpenedMedia {
  /** The opened file's version (see `MediaFile.version`): another than the listed one if it was replaced since. */
  version: string;
  size: number;
  modified: Date;
  /**
   * Bytes `start` to `end` (inclusive), in chunks of at most a few hundred KB; fails part way if the
   * file is written to meanwhile, so what was read is never a mix of two versions.
   */
  chunks(start: number, end: number): AsyncIterable<Buffer>;
  /** SHA-256 of the opened version's bytes (base64url), read through once, in chunks. */
  digest(): Promise<string>;
  close(): Promise<void>;
}

/** An image file of the project used as the site's icon. */
export interface IconImage {
  kind: 'png' | 'ico';
  bytes: Buffer;
  modified: Date;
}

/**
 * How bad a problem is. `error`: the article was not published as written (skipped, or a field
 * refused). `warning`: everything was published, but something deserves a look.
 */
export type Severity = 'error' | 'warning';

/** Something wrong with one file. Printed as `file: severity: field: message`. */
export interface Problem {
  file: string;
  severity: Severity;
  field?: string;
  message: string;
}

export interface LoadResult {
  articles: Article[];
  problems: Problem[];
}

export interface SiteSettings {
  title: string;
  description: string;
  /** Absolute base URL with a trailing slash, e.g. `https://example.com/blog/`. */
  siteUrl: string;
  /** BCP 47 language tag, e.g. `en`. */
  language: string;
  /** The site author: stands in for articles that name none. */
  author: Omit<Person, 'slug'>;
  /** IANA time zone in which bare dates (`2022-05-23`) are read. */
  timeZone: string;
  /** Authority of generated `tag:` ids (RFC 4151); defaults to the site URL's host. */
  idAuthority: string;
  itemsPerFeed: number;
  itemsPerPage: number;
  port: number;
  host: string;
  /** Absolute path of the articles folder. */
  articlesDir: string;
  /**
   * The articles folder as the user gave it (`articles`, or absolute when given absolute): problem
   * lines name files under it.
   */
  articlesDirShown: string;
  maxArticleBytes: number;
  /** Larger media files are not published. */
  maxMediaBytes: number;
  /** Cache-Control max-age for every response, in seconds. */
  cacheMaxAgeSeconds: number;
  /**
   * Minutes an article waits after its date before its feeds carry it; its page and the listings
   * show it at once. 0: feeds carry it as soon as it is published.
   */
  feedDelayMinutes: number;
  /**
   * Absolute URL of the site's square icon (Atom `<icon>`, JSON Feed `icon`, RSS `<image>` without a
   * logo): the `icon` setting's URL, or where the icon file is served.
   */
  icon?: string;
  /** Absolute URL of the small icon (JSON Feed `favicon`, `<link rel="icon">`); `icon` when not set. */
  favicon?: string;
  /** The icon file named by the `icon` setting, served at `/favicon.ico` (and `/apple-touch-icon.png`). */
  iconImage?: IconImage;
  logo?: string;
  /** Absolute path of the one folder where Herald keeps what it needs between runs (hub database, …). */
  stateDir: string;
  /** The WebSub hub every feed advertises and is announced to. */
  hub: HubSetting;
  /** Lets the own hub call back subscribers on loopback and private addresses (tests, a LAN). */
  hubAllowPrivateCallbacks: boolean;
  /** The reverse proxy in front of `herald serve` sets X-Forwarded-Proto, and it is believed. */
  trustProxy: boolean;
  hubMaxSubscriptionsPerTopic: number;
  hubMaxSubscriptionsPerHost: number;
  /** Unconditional polls of one feed allowed per client: a steady rate and a burst; perMinute 0 is off. */
  pollLimit: { perMinute: number; burst: number };
}

/**
 * `own`: Herald's hub at `<siteUrl>websub` (only `herald serve` runs it); `external`: a hub elsewhere,
 * pinged on every change; `off`: no hub is advertised or pinged.
 */
export type HubSetting = { mode: 'own' | 'external'; url: string } | { mode: 'off' };

/** An article placed on the site: its URL is known and its authors are filled in. */
export interface PublishedArticle extends Article {
  /** URL path, e.g. `/articles/leica/`. */
  path: string;
  /** Absolute URL of the article page. */
  url: string;
  /** The featured image, when it names a published media file or an absolute URL. */
  featuredImage?: Enclosure & { alt?: string };
  /** The attachments that name a published media file or an absolute URL, in the front matter's order. */
  enclosures?: readonly Enclosure[];
}

export type ScopeKind = 'site' | 'tag' | 'author';

/** A list of articles that has its own feeds and pages: the whole site, one tag or one author. */
export interface Scope {
  kind: ScopeKind;
  /** Tag or author slug; empty for the site. */
  slug: string;
  /** Display name of the tag or author; the site title for the site. */
  name: string;
  /** URL path of the scope's HTML page and base of its feeds: `/`, `/tags/x/`, `/authors/x/`. */
  basePath: string;
  /** Newest first. */
  articles: PublishedArticle[];
  /**
   * The articles its feeds carry, newest first, when some of `articles` are still waiting out the
   * feed delay (`feedDelayMinutes`); absent when the feeds carry every article.
   */
  feedArticles?: PublishedArticle[];
}

export interface Site {
  settings: SiteSettings;
  /** The site scope: every published article, newest first (by date, then slug). */
  site: Scope;
  tags: Scope[];
  authors: Scope[];
  /**
   * When the site next changes by the clock alone, if ever: a scheduled (future-dated) article is
   * published, or a published one has waited out the feed delay and enters its feeds.
   */
  nextDueAt?: Date;
  /** Problems found while assembling the site (duplicate slugs or ids). */
  problems: Problem[];
  /** Media files published with the articles, by name in the articles folder. */
  media: ReadonlyMap<string, MediaFile>;
}

export type Encoding = 'identity' | 'gzip' | 'br';

/** One URL's response, computed once per content change. */
export interface Representation {
  path: string;
  /** Full media type with charset, e.g. `application/rss+xml; charset=utf-8`. */
  mediaType: string;
  /** HTTP status: 200, or 404 for the not-found page. */
  status: number;
  body: Buffer;
  /** Strong ETag of the identity bytes, quoted. */
  etag: string;
  lastModified: Date;
  /** The encodings offered, best first; always ends with `identity`. Tiny bodies offer only identity. */
  encodings: readonly Encoding[];
  /** The strong ETag of every offered encoding, known without compressing anything. */
  etags: readonly string[];
  /** The HTTP `Link` header value, when the URL has one (a feed's WebSub hub and self links). */
  link?: string;
  /** Where a redirect (status 301) leads: an absolute URL. */
  location?: string;
  /**
   * A media file too large to keep in memory: its bytes stay on disk and are streamed from it, `body`
   * is empty, and the ETag is the one its listed bytes give (as if they were the body).
   */
  streamed?: MediaFile;
  /** The bytes and strong ETag of an encoding; compressed on first use, then kept. */
  encoded(encoding: Encoding): { body: Buffer; etag: string };
  /**
   * Makes every compressed variant off the event loop (zlib's thread pool), so a request that comes
   * later finds it ready; one that comes first compresses it itself, to the same bytes.
   */
  precompress(): Promise<void>;
}

/** The whole rendered site: every URL path and its representation, rendered on first use and kept. */
export interface RenderedSite {
  readonly site: Site;
  paths(): string[];
  get(path: string): Representation | undefined;
  /** The page served with status 404 for every unknown path. */
  notFound(): Representation | undefined;
  /**
   * Optional: a string that changes whenever the inputs of the route at `path` change, known without
   * rendering it; kept between runs, it lets an export or deploy skip rendering unchanged routes.
   */
  fingerprint?(path: string): string | undefined;
}

/** What one publication changed: every URL whose bytes differ between the previous site and `next`. */
export interface ChangeSet {
  /** Paths present in `next` but not in the previous site. */
  added: string[];
  /**
   * Paths in both whose bytes differ (ETags of the identity bytes). `before` and `after` are read
   * from the representations on first access: a path nobody asked for yet is rendered then.
   */
  changed: { path: string; before: string; after: string }[];
  /** Paths gone from `next`. */
  removed: string[];
  /** The site now being served. */
  next: RenderedSite;
  /** When the change was published (the publisher's clock). */
  at: Date;
  /** Milliseconds from the start of the update (files read, site built, rendered) to the swap. */
  elapsedMs: number;
}

/** What http/ and other consumers see of the live site. */
export interface Publication {
  /** The current site, swapped atomically. */
  readonly rendered: RenderedSite;
  /** Current problems: bad files, then duplicate slugs and ids. */
  readonly problems: readonly Problem[];
  /** Called after every swap with exactly the URLs whose bytes changed. Returns unsubscribe. */
  subscribe(listener: (change: ChangeSet) => void): () => void;
  /** Why the last update failed, while the site served is not the folder's; undefined when it is. */
  readonly failure?: string | undefined;
}
