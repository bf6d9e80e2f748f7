// The articles folder read once and rendered, for commands that publish nothing live (check, deploy).
import { shownFolderOf } from './content/shown-path.ts';
import type { Problem, RenderedSite, SiteSettings } from './model.ts';
import { Publisher } from './publish/publisher.ts';

export interface LoadedSite {
  rendered: RenderedSite;
  /** Problems of every kind: bad files, then duplicate slugs and ids. */
  problems: Problem[];
}

/**
 * Reads the articles folder once and renders the site as of `now`, through the same publishing
 * layer the server and the export use. Every body is rendered while reading, so a body that cannot
 * be rendered is a problem that keeps its article out (check and build see exactly what the server
 * would fail on).
 */
export async function loadSite(
  settings: SiteSettings,
  now = new Date(),
  cwd = process.cwd(),
): Promise<LoadedSite> {
  const publisher = await Publisher.start({
    settings: {
      ...settings,
      articlesDirShown: settings.articlesDirShown ?? shownFolderOf(settings.articlesDir, cwd),
    },
    renderNow: true,
    now: () => now,
  });
  await publisher.close();
  return { rendered: publisher.rendered, problems: [...publisher.problems] };
}
