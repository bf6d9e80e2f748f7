import { watch, type FSWatcher } from 'chokidar';
import { basename } from 'node:path';
import { isArticleFileName } from '../content/file-name.ts';
import { listArticleFiles, loadArticleFile, type LoadOptions } from '../content/load-articles.ts';
import { formatProblem, parseOptions } from '../load-site.ts';
import type { Article, Problem, RenderedSite, SiteSettings } from '../model.ts';
import { renderSite } from '../render/render-site.ts';
import { buildSite } from '../site/build-site.ts';
import { FEED_FORMATS, feedPath } from '../site/paths.ts';

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
  #current!: RenderedSite;
  #problems: Problem[] = [];
  readonly #articles = new Map<string, Article>();
  readonly #fileProblems = new Map<string, Problem[]>();
  readonly #options: Required<Omit<LiveSiteOptions, 'settings'>> & { settings: SiteSettings };
  readonly #load: LoadOptions;
  #watcher?: FSWatcher;
  #dueTimer?: NodeJS.Timeout;
  #debounce?: NodeJS.Timeout;
  #pending = new Set<string>();
  #reloading: Promise<void> = Promise.resolve();
  #listeners = new Set<() => void>();

  private constructor(options: LiveSiteOptions) {
    this.#options = { watch: false, log: () => {}, now: () => new Date(), debounceMs: 25, ...options };
    this.#load = {
      ...parseOptions(options.settings),
      articlesDir: options.settings.articlesDir,
      maxArticleBytes: options.settings.maxArticleBytes,
    };
  }

  static async start(options: LiveSiteOptions): Promise<LiveSite> {
    const live = new LiveSite(options);
    await live.#reloadFiles(await listArticleFiles(options.settings.articlesDir));
    if (options.watch) await live.#startWatching();
    return live;
  }

  get rendered(): RenderedSite {
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
    clearTimeout(this.#dueTimer);
    clearTimeout(this.#debounce);
    await this.#watcher?.close();
    await this.#reloading;
  }

  async #startWatching(): Promise<void> {
    const watcher = watch(this.#options.settings.articlesDir, {
      ignoreInitial: true,
      depth: 0,
      ignored: (path, stats) => stats?.isFile() === true && !isArticleFileName(basename(path)),
    });
    const changed = (path: string) => {
      const name = basename(path);
      if (!isArticleFileName(name)) return;
      this.#pending.add(name);
      clearTimeout(this.#debounce);
      this.#debounce = setTimeout(() => this.#flush(), this.#options.debounceMs);
    };
    watcher.on('add', changed).on('change', changed).on('unlink', changed);
    watcher.on('error', (error) => this.#options.log(`watch: ${(error as Error).message}`));
    await new Promise<void>((resolve) => watcher.once('ready', () => resolve()));
    this.#watcher = watcher;
  }

  #flush(): void {
    const names = [...this.#pending];
    this.#pending.clear();
    this.#reloading = this.#reloading.then(() => this.#reloadFiles(names));
  }

  /** Re-reads the named files (a missing one is a deletion), then rebuilds and swaps the site. */
  async #reloadFiles(names: readonly string[]): Promise<void> {
    const results = await Promise.all(names.map((name) => loadArticleFile(name, this.#load)));
    names.forEach((name, i) => {
      const { article, problems } = results[i] ?? { problems: [] };
      if (article) this.#articles.set(name, article);
      else if (problems.length === 0) this.#articles.delete(name); // deleted
      // A broken edit keeps the last good version of the article published.
      if (problems.length > 0) {
        for (const problem of problems) this.#options.log(formatProblem(problem));
        if (this.#articles.has(name)) this.#options.log(`${problems[0]?.file}: still serving the last good version`);
      }
      this.#fileProblems.set(name, problems);
    });
    this.#rebuild();
  }

  #rebuild(): void {
    const sorted = [...this.#articles.keys()].sort().map((name) => this.#articles.get(name) as Article);
    const site = buildSite(this.#options.settings, sorted, this.#options.now());
    const rendered = renderSite(site);
    // The feeds' newest pages are what readers poll: have them ready before the swap.
    for (const format of FEED_FORMATS) rendered.get(feedPath('/', format));
    this.#current = rendered;
    this.#problems = [...[...this.#fileProblems.values()].flat(), ...site.problems];
    this.#scheduleNextDue(site.nextDueAt);
    for (const listener of this.#listeners) listener();
  }

  #scheduleNextDue(nextDueAt: Date | undefined): void {
    clearTimeout(this.#dueTimer);
    if (!nextDueAt || !this.#options.watch) return;
    const delay = Math.min(Math.max(nextDueAt.getTime() - this.#options.now().getTime(), 0) + 5, MAX_TIMER_MS);
    this.#dueTimer = setTimeout(() => {
      this.#reloading = this.#reloading.then(() => this.#rebuild());
    }, delay);
    this.#dueTimer.unref();
  }

  /** Re-evaluates which articles are due (the clock moved); used by tests with a fake clock. */
  async republish(): Promise<void> {
    this.#reloading = this.#reloading.then(() => this.#rebuild());
    await this.#reloading;
  }
}
