// What a build or deploy must do to bring a published copy (an export folder, a bucket) from what
// its manifest says to the rendered site: the same decision for both, so they cannot disagree.
import type { RenderedSite, Representation } from '../model.ts';
import { isFeedArchivePath } from '../render/site-urls.ts';
import type { PublishedEntry, PublishedManifest } from './export-manifest.ts';

export type UpdateKind = 'added' | 'changed';

export interface UpdatePlan {
  /** Paths the published copy lacks (or may lack: pending after an interrupted run). */
  added: string[];
  /** Paths whose bytes differ from the published ones. */
  changed: string[];
  unchanged: string[];
  /** Paths published before that the site no longer has. */
  removed: string[];
  /** The manifest once every write and removal is done. */
  next: Record<string, PublishedEntry>;
}

export interface PlanOptions {
  /** Skip rendering a route whose fingerprint equals the published one (same renderer only). */
  trustFingerprints: boolean;
  /**
   * Whether the published copy still holds what the manifest says (for an export: the file's size
   * and mtime); a path that fails is written again.
   */
  stillPublished?: (path: string, entry: PublishedEntry) => boolean;
  /** Called with each representation that must be written, in site order, as the plan is made. */
  onWrite?: (path: string, representation: Representation, kind: UpdateKind) => void | Promise<void>;
}

/** An optional capability of the rendered site: a string that changes whenever a route's inputs do. */
export function fingerprintOf(rendered: RenderedSite, path: string): string | undefined {
  return rendered.fingerprint?.(path);
}

export function entryFor(representation: Representation, fingerprint?: string): PublishedEntry {
  return {
    hash: representation.etag.slice(1, -1),
    size: representation.streamed?.size ?? representation.body.length,
    lastModified: representation.lastModified.getTime(),
    mediaType: representation.mediaType,
    status: representation.status,
    ...(representation.link === undefined ? {} : { link: representation.link }),
    ...(fingerprint === undefined ? {} : { fingerprint }),
  };
}

/**
 * Compares every route with the manifest. A route is rendered unless its fingerprint matches the
 * published one; a rendered route is written only if its bytes, Last-Modified or media type differ.
 */
export async function planUpdate(
  rendered: RenderedSite,
  previous: PublishedManifest['entries'],
  options: PlanOptions,
): Promise<UpdatePlan> {
  const plan: UpdatePlan = { added: [], changed: [], unchanged: [], removed: [], next: {} };
  const paths = rendered.paths();
  const present = new Set(paths);
  for (const path of paths) {
    const before = Object.hasOwn(previous, path) ? previous[path] : undefined;
    const fingerprint = fingerprintOf(rendered, path);
    const published =
      before !== undefined && !before.pending && (options.stillPublished?.(path, before) ?? true);
    if (
      published &&
      options.trustFingerprints &&
      fingerprint !== undefined &&
      before.fingerprint === fingerprint
    ) {
      plan.unchanged.push(path);
      plan.next[path] = before;
      continue;
    }
    const representation = rendered.get(path);
    if (!representation) throw new Error(`${path} is listed but has no representation`);
    const entry = entryFor(representation, fingerprint);
    if (
      published &&
      before.hash === entry.hash &&
      before.lastModified === entry.lastModified &&
      before.mediaType === entry.mediaType &&
      before.status === entry.status &&
      before.link === entry.link
    ) {
      plan.unchanged.push(path);
      plan.next[path] = entry;
      continue;
    }
    const kind: UpdateKind = before === undefined || before.pending ? 'added' : 'changed';
    plan[kind].push(path);
    plan.next[path] = entry;
    await options.onWrite?.(path, representation, kind);
  }
  for (const path of Object.keys(previous)) if (!present.has(path)) plan.removed.push(path);
  return plan;
}

/** The entries the plan writes, each pending: what the published copy may hold half-done. */
export function pendingEntries(plan: UpdatePlan): Record<string, PublishedEntry> {
  const entries: Record<string, PublishedEntry> = {};
  for (const path of [...plan.added, ...plan.changed]) {
    entries[path] = { ...(plan.next[path] as PublishedEntry), pending: true };
  }
  return entries;
}

export type PathKind = 'feeds' | 'archives' | 'pages' | 'other';

const FEED_TYPE = /^application\/(rss\+xml|atom\+xml|feed\+json)\b/;
const SUBSCRIPTION_FILE = /\/(feed\.xml|atom\.xml|feed\.json)$/;

/** How the summary line counts a URL: subscription feeds, older feed documents, HTML pages. */
export function pathKind(path: string, mediaType: string): PathKind {
  if (FEED_TYPE.test(mediaType))
    return SUBSCRIPTION_FILE.test(path) && !isFeedArchivePath(path) ? 'feeds' : 'archives';
  if (mediaType.startsWith('text/html')) return 'pages';
  return 'other';
}

/** `6 feeds, 14 pages, 3 archives`: the kinds present among `paths`. */
export function describeKinds(paths: readonly string[], entries: Record<string, PublishedEntry>): string {
  const counts = new Map<PathKind, number>();
  for (const path of paths) {
    const entry = entries[path];
    const kind = entry ? pathKind(path, entry.mediaType) : 'other';
    counts.set(kind, (counts.get(kind) ?? 0) + 1);
  }
  const names: [PathKind, string, string][] = [
    ['feeds', 'feed', 'feeds'],
    ['pages', 'page', 'pages'],
    ['archives', 'archive', 'archives'],
    ['other', 'other', 'other'],
  ];
  return names
    .filter(([kind]) => (counts.get(kind) ?? 0) > 0)
    .map(([kind, one, many]) => {
      const n = counts.get(kind) ?? 0;
      return `${n} ${n === 1 ? one : many}`;
    })
    .join(', ');
}
