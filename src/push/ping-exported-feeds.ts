// After an export or a deploy: tell the external hub about exactly the subscription feeds whose bytes
// differ from what was published before.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { filePathFor } from '../export/file-paths.ts';
import type { RenderedSite, SiteSettings } from '../model.ts';
import { absoluteUrl } from '../site/paths.ts';
import { subscriptionPaths } from './feed-topics.ts';
import { HubPings } from './hub-pings.ts';

/** The bytes of every subscription feed in an earlier export (absent files are left out). */
export async function readPublishedFeeds(folder: string, site: RenderedSite): Promise<Map<string, Buffer>> {
  const published = new Map<string, Buffer>();
  await Promise.all(
    [...subscriptionPaths(site.site)].map(async (path) => {
      const bytes = await readFile(join(folder, filePathFor(path))).catch(() => undefined);
      if (bytes) published.set(path, bytes);
    }),
  );
  return published;
}

/** Absolute URLs of the subscription feeds that are new or whose bytes changed. */
export function changedFeedUrls(
  settings: Pick<SiteSettings, 'siteUrl'>,
  site: RenderedSite,
  before: ReadonlyMap<string, Buffer>,
): string[] {
  return [...subscriptionPaths(site.site)]
    .filter((path) => {
      const now = site.get(path)?.body;
      const was = before.get(path);
      return now !== undefined && (was === undefined || !was.equals(now));
    })
    .sort()
    .map((path) => absoluteUrl(settings, path));
}

/** Pings the external hub for each URL and waits until every ping is sent or given up. */
export async function pingHub(
  hubUrl: string,
  urls: readonly string[],
  log: (line: string) => void,
  retryDelaysMs: readonly number[] = [1000, 5000, 15_000],
): Promise<void> {
  const pings = new HubPings({ hubUrl, log, retryDelaysMs });
  pings.ping(urls);
  await pings.idle();
  pings.close();
}
