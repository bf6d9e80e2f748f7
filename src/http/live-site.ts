import { type FSWatcher, watch } from 'node:fs';
import { isArticleFileName } from '../content/file-name.ts';
import {
  type FileResult,
  type LoadOptions,
  listArticleFiles,
  loadArticleFile,
} from '../content/load-articles.ts';
import { formatProblem, parseOptions } from '../load-site.ts';
import type { Article, Problem, RenderedSite, Site, SiteSettings } from '../model.ts';
import { renderSite } from '../render/render-site.ts';
import { buildSite } from '../site/build-site.ts';
import { insertArticle, removeArticle, replaceArticle } from '../site/patch-site.ts';
import { FEED_FORMATS, feedPath, STYLESHEET_PATH } from '../site/paths.ts';
import { prepareRepresentation } from './send-representation.ts';

export interface LiveSiteOptions {
  settings: SiteSettings;
  /** Watch the articles folder and re-render on change (serve), or load once (tests, export). */
  watch?: boolean;
  /** Where problems and reload notices go. */
  log?: (line: string) => void;
  /** The clock; tests move it to make scheduled articles due. */
  now?: () => Date;
  /** Milliseconds to gather a burst of file events into one re-render. */
  debounceMs?: number;
}

/** Longest delay setTimeout accepts; a later due date is re-checked after this. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * The site as currently published, kept up to date. Each article file is re-read only when it
 * changes; a broken edit keeps the last good version of that article; a scheduled article is
 * published when its time comes. Every change builds a whole new RenderedSite and swaps it in at
 * once, so a request never sees a half-updated site.
 */
export class LiveSite {
  #current?: RenderedSite;
  #problems: Problem[] = [];
  readonly #articles = new Map<string, Article>();
  /** Whether the current site shows exactly #articles, so a change can patch it (false after a failed update). */
  #synced = false;
  /** File names of #articles in order; kept across edits, made again only when a file comes or goes. */
  #sortedNames?: string[];
  readonly #fileProblems = new Map<string, Problem[]>();
  readonly #options: Required<Omit<LiveSiteOptions, 'settings'>> & { settings: SiteSettings };
  readonly #load: LoadOptions;
  #watcher?: FSWatcher;
  #dueTimer?: NodeJS.Timeout;
  #debounce?: NodeJS.Timeout;
  #pending = new Set<string>();
  /** Set when the watcher could not say which file changed, so the folder must be listed. */
  #relist = false;
  #reloading: Promise<void> = Promise.resolve();
  #listeners = new Set<() => void>();
  #closed = false;

  private constructor(options: LiveSiteOptions) {
    this.#options = { watch: false, log: () => {}, now: () => new Date(), debounceMs: 5, ...options };
    this.#load = {
      ...parseOptions(options.settings),
      articlesDir: options.settings.articlesDir,
      articlesDirShown: options.settings.articlesDirShown,
      maxArticleBytes: options.settings.maxArticleBytes,
    };
  }

  static async start(options: LiveSiteOptions): Promise<LiveSite> {
    const live = new LiveSite(options);
    try {
      // Watch first, then read: a change made while the folder is being read is not lost.
      if (options.watch) live.#startWatching();
      const first = listArticleFiles(options.settings.articlesDir).then((names) => live.#reloadFiles(names));
      live.#reloading = first.catch(() => {});
      await first;
    } catch (error) {
      await live.close();
      throw error;
    }
    return live;
  }

  get rendered(): RenderedSite {
    if (!this.#current) throw new Error('LiveSite.start() resolves once the site is rendered');
    return this.#current;
  }

  get problems(): readonly Problem[] {
    return this.#problems;
  }

  /** Calls `listener` after every swap (tests and the benchmark wait on it). */
  onUpdate(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#dueTimer);
    clearTimeout(this.#debounce);
    this.#watcher?.close();
    await this.#reloading;
  }

  /**
   * Watches the folder with node:fs (inotify, FSEvents, ReadDirectoryChangesW), which reports every
   * write by file name. (chokidar was tried first: it drops a change whose mtime equals the one
   * before, so an edit saved right after another was lost on file systems with coarse timestamps.)
   */
  #startWatching(): void {
    const watcher = watch(this.#options.settings.articlesDir, (_event, filename) => {
      if (this.#closed) return;
      const name = filename?.toString();
      // A named event is enough: reloading a name that is gone is its deletion. Only an event
      // without a name (some platforms, on overflow) needs the whole folder listed again.
      if (name === undefined) this.#relist = true;
      if (name !== undefined && !isArticleFileName(name)) return;
      if (name !== undefined) this.#pending.add(name);
      clearTimeout(this.#debounce);
      this.#debounce = setTimeout(() => this.#flush(), this.#options.debounceMs);
    });
    watcher.on('error', (error) => this.#options.log(`watch: ${error.message}`));
    this.#watcher = watcher;
  }

  #flush(): void {
    const names = new Set(this.#pending);
    const relist = this.#relist;
    this.#pending.clear();
    this.#relist = false;
    void this.#enqueue(async () => {
      // After an event without a name, compare with the folder's listing (names only, nothing is
      // read), so a file that appeared or went is handled in this same swap.
      if (relist) {
        const listed = new Set(await listArticleFiles(this.#options.settings.articlesDir));
        for (const name of [...this.#articles.keys(), ...this.#fileProblems.keys()]) {
          if (!listed.has(name)) names.add(name);
        }
        for (const name of listed) {
          if (!this.#articles.has(name) && !this.#fileProblems.has(name)) names.add(name);
        }
      }
      await this.#reloadFiles([...names]);
    });
  }

  /**
   * Runs one update after the previous one. An update that fails leaves the site it would have
   * replaced in place, is logged, and does not stop later updates.
   */
  #enqueue(update: () => void | Promise<void>): Promise<void> {
    this.#reloading = this.#reloading.then(update).catch((error: unknown) => {
      this.#options.log(
        `herald: could not update the site, still serving the previous version: ${String(error)}`,
      );
    });
    return this.#reloading;
  }

  /** Re-reads the named files (a missing one is a deletion), then rebuilds and swaps the site. */
  async #reloadFiles(names: readonly string[]): Promise<void> {
    const results = await Promise.all(names.map((name) => loadArticleFile(name, this.#load)));
    let changed = this.#current === undefined;
    // One file added, edited or deleted (the common case while writing) can patch the site model
    // instead of building it again; the patch declines anything that moves other articles.
    const [onlyName] = names;
    const previous = names.length === 1 && onlyName !== undefined ? this.#articles.get(onlyName) : undefined;
    const single = names.length === 1 && this.#synced ? results[0] : undefined;
    this.#synced = false; // until the site built from the changed #articles is swapped in
    names.forEach((name, i) => {
      const { article, problems } = results[i] ?? { problems: [] };
      changed ||=
        article !== undefined ||
        this.#articles.has(name) ||
        this.#fileProblems.has(name) ||
        problems.length > 0;
      if (article) {
        if (!this.#articles.has(name)) this.#sortedNames = undefined;
        this.#articles.set(name, article);
      } else if (problems.length === 0 && this.#articles.delete(name)) {
        this.#sortedNames = undefined; // deleted
      }
      if (problems.length > 0) {
        for (const problem of problems) this.#options.log(formatProblem(problem));
        // A broken edit keeps the last good version of the article published.
        if (this.#articles.has(name))
          this.#options.log(`${problems[0]?.file}: still serving the last good version`);
        this.#fileProblems.set(name, problems);
      } else {
        this.#fileProblems.delete(name);
      }
    });
    // An event for a file already handled (a rename is reported for both names) changes nothing.
    if (!changed) return;
    this.#rebuild(this.#patch(previous, single));
  }

  /** The current site with one article added, edited or deleted, or undefined to build it again. */
  #patch(previous: Article | undefined, single: FileResult | undefined): Site | undefined {
    const site = this.#current?.site;
    if (!site || !single) return undefined;
    const { article, problems } = single;
    if (previous && article) return replaceArticle(site, previous, article);
    if (!previous && article) return insertArticle(site, article, this.#options.now());
    if (previous && !article && problems.length === 0) return removeArticle(site, previous);
    return undefined;
  }

  /** Builds the site model again (or takes one already patched) and swaps in a new rendered site. */
  #rebuild(patched?: Site): void {
    let site = patched;
    if (!site) {
      this.#sortedNames ??= [...this.#articles.keys()].sort();
      const sorted = this.#sortedNames.map((name) => this.#articles.get(name) as Article);
      site = buildSite(this.#options.settings, sorted, this.#options.now());
    }
    const rendered = renderSite(site);
    // What readers poll most (the site's feeds, the home page) is rendered before the swap, so no
    // request waits for it, and compressed just after it, so the swap does not wait either. Other
    // paths are rendered on first request, once per change: rendering and compressing every page of
    // a 10,000-article site on each edit would take minutes.
    const hot = [...FEED_FORMATS.map((format) => feedPath('/', format)), '/', STYLESHEET_PATH].flatMap(
      (path) => rendered.get(path) ?? [],
    );
    this.#current = rendered;
    this.#synced = true;
    setImmediate(() => {
      for (const representation of hot) {
        const prepared = prepareRepresentation(representation, this.#options.settings);
        for (const encoding of representation.encodings) prepared.variant(encoding);
      }
    });
    this.#problems = [...[...this.#fileProblems.values()].flat(), ...site.problems];
    this.#scheduleNextDue(site.nextDueAt);
    for (const listener of this.#listeners) listener();
  }

  #scheduleNextDue(nextDueAt: Date | undefined): void {
    clearTimeout(this.#dueTimer);
    // After close() an update still finishing must not arm a new timer.
    if (!nextDueAt || !this.#options.watch || this.#closed) return;
    const delay = Math.min(
      Math.max(nextDueAt.getTime() - this.#options.now().getTime(), 0) + 5,
      MAX_TIMER_MS,
    );
    this.#dueTimer = setTimeout(() => void this.#enqueue(() => this.#rebuild()), delay);
    this.#dueTimer.unref();
  }

  /** Re-evaluates which articles are due (the clock moved); used by tests with a fake clock. */
  republish(): Promise<void> {
    return this.#enqueue(() => this.#rebuild());
  }
}
