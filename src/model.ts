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
  /** Cache-Control max-age for every response, in seconds. */
  cacheMaxAgeSeconds: number;
  icon?: string;
  logo?: string;
  /** Absolute path of the one folder where Herald keeps what it needs between runs (hub database, …). */
  stateDir: string;
  /** The WebSub hub every feed advertises and is announced to. */
  hub: HubSetting;
  /** Lets the own hub call back subscribers on loopback and private addresses (tests, a LAN). */
  hubAllowPrivateCallbacks: boolean;
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
}

export interface Site {
  settings: SiteSettings;
  /** The site scope: every published article, newest first (by date, then slug). */
  site: Scope;
  tags: Scope[];
  authors: Scope[];
  /** When the next scheduled (future-dated) article becomes due, if any. */
  nextDueAt?: Date;
  /** Problems found while assembling the site (duplicate slugs or ids). */
  problems: Problem[];
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
  /** The bytes and strong ETag of an encoding; compressed on first use, then kept. */
  encoded(encoding: Encoding): { body: Buffer; etag: string };
}

/** The whole rendered site: every URL path and its representation, rendered on first use and kept. */
export interface RenderedSite {
  readonly site: Site;
  paths(): string[];
  get(path: string): Representation | undefined;
  /** The page served with status 404 for every unknown path. */
  notFound(): Representation | undefined;
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
