// The change set: every URL that one publication added, changed or removed, found by comparing what
// each route is made of instead of rendering every page of both sites.
import type { ChangeSet } from '../model.ts';
import type { SiteRender } from '../render/render-site.ts';
import { type Route, sameInputs } from '../render/route.ts';
import { commonEnds } from '../site/common-ends.ts';

/** Routes compared between two pauses, so requests arriving meanwhile wait a millisecond or two at most. */
const ROUTES_PER_SLICE = 2000;

/**
 * The URLs whose bytes differ between `previous` and `next`. Routes with equal inputs render equal
 * bytes and unequal inputs render different bytes, so the comparison renders nothing; the ETags of
 * a changed path are read when a consumer asks for them. Without a previous site every path is new.
 * Only the route lists the two sites do not share are compared (after one edit at 10,000 articles:
 * the site's, the article's tags' and author's lists, and the article pages), in slices that let
 * requests in between.
 */
export async function computeChangeSet(
  previous: SiteRender | undefined,
  next: SiteRender,
  at: Date,
  elapsedMs: number,
): Promise<ChangeSet> {
  if (!previous) return { added: [...next.routes().keys()], changed: [], removed: [], next, at, elapsedMs };
  // Settings are fixed for the life of a process; should they ever differ, only the bytes can tell.
  if (previous.site.settings !== next.site.settings) return byEtags(previous, next, at, elapsedMs);
  const nextLists = next.routeLists();
  const previousLists = previous.routeLists();
  const previousSet = new Set(previousLists);
  const shared = new Set(nextLists.filter((list) => previousSet.has(list)));
  // Only the lists the sites do not share can differ: a path is in one list only, so a path of a
  // shared list is in both sites with the same inputs.
  const before = previousLists.filter((list) => !shared.has(list)).flat();
  const after = nextLists.filter((list) => !shared.has(list)).flat();
  const added: string[] = [];
  // Changed paths by their place in `after`, so they are listed in the next site's order.
  const changedAt: number[] = [];
  let compared = 0;
  const compare = (old: Route, at: number) => {
    const route = after[at] as Route;
    if (old !== route && !sameInputs(old[2], route[2])) changedAt.push(at);
  };
  // After one edit the unshared routes of both sites mostly come in the same order (the article
  // pages, newest first): the common start and end are compared in place, and only the rest is
  // matched by path, so an edit at 10,000 articles builds no map of 10,000 paths.
  const [start, end] = commonEnds(before, after, (a, b) => a[0] === b[0]);
  const inPlace = (i: number, at: number) => compare(before[i] as Route, at);
  for (let i = 0; i < start; i++) {
    inPlace(i, i);
    if (++compared % ROUTES_PER_SLICE === 0) await pause();
  }
  for (let k = 1; k <= end; k++) {
    inPlace(before.length - k, after.length - k);
    if (++compared % ROUTES_PER_SLICE === 0) await pause();
  }
  const rest = new Map<string, Route>();
  for (const route of before.slice(start, before.length - end)) rest.set(route[0], route);
  for (let i = start; i < after.length - end; i++) {
    const path = (after[i] as Route)[0];
    const old = rest.get(path);
    if (!old) {
      added.push(path);
      continue;
    }
    rest.delete(path);
    compare(old, i);
    if (++compared % ROUTES_PER_SLICE === 0) await pause();
  }
  const changed = changedAt
    .sort((a, b) => a - b)
    .map((i) => changedPath(previous, next, (after[i] as Route)[0]));
  return { added, changed, removed: [...rest.keys()], next, at, elapsedMs };
}

/** Every path of both sites compared by the ETag of its bytes (rendering each). */
async function byEtags(
  previous: SiteRender,
  next: SiteRender,
  at: Date,
  elapsedMs: number,
): Promise<ChangeSet> {
  const nextRoutes = next.routes();
  const previousRoutes = previous.routes();
  const added: string[] = [];
  const changed: ChangeSet['changed'] = [];
  let compared = 0;
  for (const path of nextRoutes.keys()) {
    if (++compared % ROUTES_PER_SLICE === 0) await pause();
    if (!previousRoutes.has(path)) added.push(path);
    else if (etagOf(previous, path) !== etagOf(next, path)) changed.push(changedPath(previous, next, path));
  }
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
