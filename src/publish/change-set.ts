// The change set: every URL that one publication added, changed or removed, found by comparing what
// each route is made of instead of rendering every page of both sites.
import type { ChangeSet } from '../model.ts';
import type { SiteRender } from '../render/render-site.ts';
import { sameInputs } from '../render/route.ts';

/** Routes compared between two pauses, so requests arriving meanwhile wait a millisecond or two at most. */
const ROUTES_PER_SLICE = 2000;

/**
 * The URLs whose bytes differ between `previous` and `next`. Routes with equal inputs render equal
 * bytes and unequal inputs render different bytes, so the comparison renders nothing; the ETags of
 * a changed path are read when a consumer asks for them. Without a previous site every path is new.
 * At 10,000 articles there are about 19,000 routes to list and compare (tens of milliseconds on a
 * busy machine), so the work is done in slices that let requests in between.
 */
export async function computeChangeSet(
  previous: SiteRender | undefined,
  next: SiteRender,
  at: Date,
  elapsedMs: number,
): Promise<ChangeSet> {
  const nextRoutes = next.routes();
  if (!previous) return { added: [...nextRoutes.keys()], changed: [], removed: [], next, at, elapsedMs };
  await pause();
  const previousRoutes = previous.routes();
  // Settings are fixed for the life of a process; should they ever differ, only the bytes can tell.
  const sameSettings = previous.site.settings === next.site.settings;
  const added: string[] = [];
  const changed: ChangeSet['changed'] = [];
  let compared = 0;
  for (const [path, route] of nextRoutes) {
    if (++compared % ROUTES_PER_SLICE === 0) await pause();
    const before = previousRoutes.get(path);
    if (!before) added.push(path);
    else if (
      sameSettings ? !sameInputs(before[2], route[2]) : etagOf(previous, path) !== etagOf(next, path)
    ) {
      changed.push(changedPath(previous, next, path));
    }
  }
  await pause();
  const removed = [...previousRoutes.keys()].filter((path) => !nextRoutes.has(path));
  return { added, changed, removed, next, at, elapsedMs };
}

/** Lets the requests and file events that arrived meanwhile be handled. */
function pause(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

function etagOf(site: SiteRender, path: string): string {
  return site.get(path)?.etag ?? '';
}

/** A changed path whose ETags are read (and the path rendered, if nobody asked yet) on first access. */
function changedPath(previous: SiteRender, next: SiteRender, path: string): ChangeSet['changed'][number] {
  return {
    path,
    get before() {
      return etagOf(previous, path);
    },
    get after() {
      return etagOf(next, path);
    },
  };
}

/** `updated 7 URLs: /feed.xml /atom.xml … (12 ms)`: the server's log line for a change set. */
export function describeChangeSet(change: ChangeSet, shown = 5): string {
  const paths = [...change.added, ...change.changed.map((c) => c.path), ...change.removed];
  const listed = paths.slice(0, shown).join(' ');
  const more = paths.length > shown ? ' …' : '';
  const urls = paths.length === 1 ? 'URL' : 'URLs';
  return `updated ${paths.length} ${urls}: ${listed}${more} (${Math.round(change.elapsedMs)} ms)`;
}
