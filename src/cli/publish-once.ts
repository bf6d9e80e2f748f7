// The site as `herald serve` would publish it, read once, for the commands that write it somewhere
// else (build, deploy). Files unchanged since the last run come from the article cache in the state
// folder, so a run after a one-word edit reads one file.
import { join } from 'node:path';
import { ArticleCache } from '../content/article-cache.ts';
import { BodyStore } from '../content/body-store.ts';
import type { FileStamp } from '../content/file-stamp.ts';
import { rendererStamp } from '../export/renderer-stamp.ts';
import type { Problem, RenderedSite, SiteSettings } from '../model.ts';
import { Publisher } from '../publish/publisher.ts';

/** In the state folder: what each article file held when last read (see content/article-cache.ts). */
export const ARTICLE_CACHE_FILE = 'article-cache.json';
/** In the state folder: the bodies rendered by earlier runs (see content/body-store.ts). */
export const BODY_STORE_FILE = 'bodies.sqlite';

export interface PublishOnceOptions {
  /** Read every file, trusting nothing kept (`--full`); the cache is written afresh. */
  fresh?: boolean;
  /** Use the state folder's caches without writing them (threads of a process that writes them). */
  readOnly?: boolean;
  /**
   * The article files' stamps as just listed (see ArticleCacheOptions.stamps), or as being listed:
   * the cache file is read meanwhile, and no article file before they are there.
   */
  stamps?: Map<string, FileStamp> | Promise<Map<string, FileStamp> | undefined>;
  /** The cache opened already (by openArticleCache): the other options are those it was opened with. */
  articleCache?: Promise<ArticleCache>;
}

export async function publishOnce(
  settings: SiteSettings,
  options: PublishOnceOptions = {},
): Promise<{ rendered: RenderedSite; problems: readonly Problem[] }> {
  const articleCache = await (options.articleCache ?? openArticleCache(settings, options));
  const publication = await Publisher.start({
    settings,
    renderNow: true,
    articleCache,
    log: (line) => console.error(line),
  });
  await publication.close();
  return { rendered: publication.rendered, problems: publication.problems };
}

/**
 * The article cache of the state folder, with the bodies rendered by earlier runs, as this version of
 * Herald reads and writes them.
 */
export function openArticleCache(
  settings: SiteSettings,
  options: PublishOnceOptions = {},
): Promise<ArticleCache> {
  const version = rendererStamp();
  const fresh = options.fresh ? { fresh: true } : {};
  const bodies = BodyStore.open({
    file: join(settings.stateDir, BODY_STORE_FILE),
    version,
    ...fresh,
    ...(options.readOnly ? { readOnly: true } : {}),
    onProblem: (message) => console.error(`herald: ${message}`),
  });
  return ArticleCache.open(
    { file: join(settings.stateDir, ARTICLE_CACHE_FILE), version, bodies, ...fresh },
    options.stamps,
  );
}
