// The pipeline from the articles folder to a rendered site, shared by every command.
import { loadArticles } from './content/load-articles.ts';
import type { ParseOptions } from './content/parse-article.ts';
import type { Problem, RenderedSite, SiteSettings } from './model.ts';
import { renderSite } from './render/render-site.ts';
import { buildSite } from './site/build-site.ts';
import { absoluteUrl, articlePath } from './site/paths.ts';

export function parseOptions(settings: SiteSettings): ParseOptions {
  return {
    timeZone: settings.timeZone,
    idAuthority: settings.idAuthority,
    articleUrl: (slug) => absoluteUrl(settings, articlePath(slug)),
  };
}

export interface LoadedSite {
  rendered: RenderedSite;
  /** Problems of every kind: bad files, then duplicate slugs and ids. */
  problems: Problem[];
}

/**
 * Reads the articles folder and renders the site as of `now`. Every body is rendered while reading,
 * so a body that cannot be rendered is a problem that keeps its article out (check and build see
 * exactly what the server would fail on).
 */
export async function loadSite(
  settings: SiteSettings,
  now = new Date(),
  cwd = process.cwd(),
): Promise<LoadedSite> {
  const { articles, problems } = await loadArticles({
    ...parseOptions(settings),
    renderNow: true,
    articlesDir: settings.articlesDir,
    articlesDirShown: settings.articlesDirShown,
    maxArticleBytes: settings.maxArticleBytes,
    cwd,
  });
  const site = buildSite(settings, articles, now);
  return { rendered: renderSite(site), problems: [...problems, ...site.problems] };
}

export function formatProblem({ file, severity, field, message }: Problem): string {
  return field ? `${file}: ${severity}: ${field}: ${message}` : `${file}: ${severity}: ${message}`;
}
