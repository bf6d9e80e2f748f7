import { basename } from 'node:path';
import type { ArticleCache } from '../content/article-cache.ts';
import type { FileStamp } from '../content/file-stamp.ts';
import {
  type FileResult,
  type LoadOptions,
  listArticleFiles,
  loadArticleFile,
} from '../content/load-articles.ts';
import { loadMedia } from '../content/load-media.ts';
import { missingMediaProblems } from '../content/media-references.ts';
import { formatProblem } from '../content/problem-line.ts';
import type { Article, ChangeSet, MediaFile, Problem, Publication, Site, SiteSettings } from '../model.ts';
import { renderSite, type SiteRender } from '../render/render-site.ts';
import type { StampLastModified } from '../render/representation.ts';
import { buildSite } from '../site/build-site.ts';
import { parseOptions } from '../site/parse-options.ts';
import { insertArticle, removeArticle, replaceArticle } from '../site/patch-site.ts';
import { FEED_FORMATS, feedPath, STYLESHEET_PATH } from '../site/paths.ts';
import { ArticleFiles } from './article-files.ts';
import { computeChangeSet } from './change-set.ts';
import { type FolderRescan, startRescan } from './folder-rescan.ts';
import { type LastModifiedLedger, openLedger } from './last-modified-ledger.ts';
import { RenameDetector } from './renamed-articles.ts';
import { type FolderWatch, watchFolder } from './watch-folder.ts';

export interface PublisherOptions {
  settings: SiteSettings;
  /** Watch the articles folder and publish every change (serve), or load once (build, tests). */
  watch?: boolean;
  /** Where problems and update failures go. */
  log?: (line: string) => void;
  /** The clock; tests move it to make scheduled articles due. */
  now?: () => Date;
  /** Milliseconds to gather a burst of file events into one update. */
  debounceMs?: number;
  /**
   * Render every body while reading (build, check), so a body that cannot be rendered is a problem
   * that keeps its article out; the server renders each body on first use instead.
   */
  renderNow?: boolean;
  /** Told how long each representation took to render (the server's metrics). */
  onRender?: (path: string, seconds: number) => void;
  /**
   * When each URL's bytes appeared, for Last-Modified. By default the ledger in the state folder,
   * shared by every process that serves or exports the same site; tests may pass their own clock.
   */
  stamp?: StampLastModified;
  /**
   * What each file held when last read, kept in the state folder (build, deploy): an unchanged file
   * is taken from it instead of being read and parsed. Written when the publisher closes.
   */
  articleCache?: ArticleCache;
}

/** Changed files up to this many have their bodies rendered before they are published. */
const RENDER_NOW_UP_TO = 100;

/** Longest delay setTimeout accepts; a later due date is re-checked after this. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** How long after a swap the change set waits, so polls arriving just then are not held up by it. */
const READERS_FIRST_MS = 15;

/** How long what the rename detector learned may wait to be written to the state folder. */
const RENAMES_SAVE_DELAY_MS = 1000;

/**
 * What readers poll most, rendered by the publisher so no request waits for it: the first, the
 * site's RSS feed, before each swap; the others before the first swap and right after later ones
 * (see #renderHot).
 */
const HOT_PATHS = [...FEED_FORMATS.map((format) => feedPath('/', format)), '/', STYLESHEET_PATH];

/**
 * The site as currently published, kept up to date: articles folder → article changes → the next
 * site model (patched when one file changed and nothing else moves, built again otherwise) → the next
 * rendered site, swapped in at once so a request never sees a half-updated site → a change set for
 * every subscriber. Each article file is re-read only when it changes; a broken edit keeps the last
 * good version of that article; a scheduled article is published when its time comes.
 */
export class Publisher implements Publication {
  #current?: SiteRender;
  /** Makes the current problems (see #publish); what it made is kept until something changes. */
  #problemsOf: () => Problem[] = () => [];
  #problems?: Problem[];
  #media = new Map<string, MediaFile>();
  #mediaProblems: Problem[] = [];
  readonly #files = new ArticleFiles();
  /** Whether the current site shows exactly #files, so a change can patch it (false after a failed update). */
  #synced = false;
  readonly #options: Required<Omit<PublisherOptions, 'settings' | 'stamp' | 'articleCache'>> &
    Pick<PublisherOptions, 'settings' | 'articleCache'>;
  /** The ledger this publisher opened (none when the caller gave its own `stamp`). */
  readonly #ledger?: LastModifiedLedger;
  readonly #stamp: StampLastModified;
  /** Warns when an article without `id:` comes back under a new file name, and so a new id. */
  readonly #renames: RenameDetector;
  /** The rename warnings last logged, so each is logged once. */
  #renameWarnings = new Set<string>();
  /** The rename warnings of the latest check. */
  #renamed: Problem[] = [];
  readonly #load: LoadOptions;
  #watch?: FolderWatch;
  #dueTimer?: NodeJS.Timeout;
  #renameSaveTimer?: NodeJS.Timeout;
  /** What the watcher reported that waits for the update running now (see #queueWatched). */
  #waitingUpdate?: { names: Set<string>; relist: boolean; media: boolean };
  #updating: Promise<void> = Promise.resolve();
  /** Change sets still being computed and announced, one after the other. */
  #announcing: Promise<void> = Promise.resolve();
  readonly #listeners = new Set<(change: ChangeSet) => void>();
  /** The stamp of every file as last read: what a rescan compares the folder with. */
  readonly #stamps = new Map<string, FileStamp>();
  #rescan?: FolderRescan;
  #failure?: string;
  /** Set once the first site is published: later changes render bodies at once. */
  #started = false;
  #closed = false;

  private constructor(options: PublisherOptions) {
    this.#options = {
      watch: false,
      log: () => {},
      now: () => new Date(),
      debounceMs: 5,
      renderNow: false,
      onRender: () => {},
      ...options,
    };
    this.#load = {
      ...parseOptions(options.settings),
      renderNow: this.#options.renderNow,
      articlesDir: options.settings.articlesDir,
      articlesDirShown: options.settings.articlesDirShown,
      maxArticleBytes: options.settings.maxArticleBytes,
      onRenderFailure: (problem) => this.#renderFailed(problem),
    };
    this.#renames = new RenameDetector(options.settings.stateDir);
    if (options.stamp) this.#stamp = options.stamp;
    else {
      // The real clock, not `now`: tests move `now` to make scheduled articles due.
      const ledger = openLedger(options.settings.stateDir);
      this.#ledger = ledger;
      this.#stamp = (path, etag) => ledger.stamp(path, etag);
    }
  }

  /** Reads the folder and publishes the site; resolves once it can be served. */
  static async start(options: PublisherOptions): Promise<Publisher> {
    const publisher = new Publisher(options);
    try {
      // Watch first, then read: a change made while the folder is being read is not lost.
      if (options.watch) {
        publisher.#startWatching();
        publisher.#rescan = startRescan({
          folder: options.settings.articlesDir,
          known: () => publisher.#stamps,
          enqueue: (update) => void publisher.#enqueue(update),
          settled: () => publisher.settled(),
          // Every scan lists the media files again too (metadata only): the watcher misses their events
          // as it misses articles'.
          reload: (names) => publisher.#reloadChanged(new Set(names), false, true),
          rewatch: () => {
            publisher.#watch?.close();
            publisher.#startWatching();
          },
          log: publisher.#options.log,
        });
      }
      const first = publisher
        .#loadMedia()
        .then(() => listArticleFiles(options.settings.articlesDir))
        .then((names) => publisher.#reloadFiles(names));
      publisher.#updating = first.catch(() => {});
      await first;
    } catch (error) {
      await publisher.close();
      throw error;
    }
    return publisher;
  }

  get rendered(): SiteRender {
    if (!this.#current) throw new Error('Publisher.start() resolves once the site is rendered');
    return this.#current;
  }

  get problems(): readonly Problem[] {
    this.#problems ??= this.#problemsOf();
    return this.#problems;
  }

  get failure(): string | undefined {
    return this.#failure;
  }

  subscribe(listener: (change: ChangeSet) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * Reads the named article files again (a missing one is a deletion) and publishes the result, as a
   * watch event for them would; with no names, compares the whole folder's listing too. Resolves once
   * the change set is announced.
   */
  async reload(names: readonly string[] = []): Promise<void> {
    await this.#enqueue(() => this.#reloadChanged(new Set(names), names.length === 0));
    await this.#announcing;
  }

  /** Re-evaluates which articles are due (the clock moved); used by tests with a fake clock. */
  async republish(): Promise<void> {
    await this.#enqueue(() => this.#publish(performance.now()));
    await this.#announcing;
  }

  /** Resolves once every update already started has been published and its change set announced. */
  async settled(): Promise<void> {
    await this.#updating;
    await this.#announcing;
  }

  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#dueTimer);
    this.#watch?.close();
    this.#rescan?.close();
    await this.settled();
    clearTimeout(this.#renameSaveTimer);
    this.#renames.save();
    await this.#options.articleCache?.save().catch((error: unknown) => {
      this.#options.log(
        `herald: could not write the article cache, so the next run reads every file: ${(error as Error).message}`,
      );
    });
    this.#ledger?.close();
  }

  /**
   * Watches the folder; a large burst of events is followed by a rescan, which finds what the events
   * missed (the kernel drops events when its queue overflows).
   */
  #startWatching(): void {
    this.#watch = watchFolder(
      this.#options.settings.articlesDir,
      this.#options.debounceMs,
      (names, relist, media) => {
        this.#queueWatched(names, relist, media);
        this.#rescan?.watched(names.size, relist);
      },
      this.#options.log,
    );
  }

  /**
   * Queues the reading of what the watcher reported. Events that come while an update runs join
   * the one update waiting behind it: queued one batch after another, 40,000 new files arriving
   * for twenty seconds built the whole site again for every few files.
   */
  #queueWatched(names: ReadonlySet<string>, relist: boolean, media: boolean): void {
    const waiting = this.#waitingUpdate;
    if (waiting) {
      for (const name of names) waiting.names.add(name);
      waiting.relist ||= relist;
      waiting.media ||= media;
      return;
    }
    const next = { names: new Set(names), relist, media };
    this.#waitingUpdate = next;
    void this.#enqueue(() => {
      if (this.#waitingUpdate === next) this.#waitingUpdate = undefined;
      return this.#reloadChanged(next.names, next.relist, next.media);
    });
  }

  /**
   * A body rendered on first use (for a request) could not be rendered: the article is taken off
   * the site with its problem until its file changes, and the site is published again without it.
   */
  #renderFailed(problem: Problem): void {
    this.#options.log(formatProblem(problem));
    const name = basename(problem.file);
    void this.#enqueue(async () => {
      this.#files.exclude(name, problem);
      this.#synced = false;
      await this.#publish(performance.now());
    });
  }

  /**
   * Runs one update after the previous one. An update that fails leaves the site it would have
   * replaced in place, is logged, and does not stop later updates.
   */
  #enqueue(update: () => void | Promise<void>): Promise<void> {
    this.#updating = this.#updating.then(update).then(
      () => {
        this.#failure = undefined;
      },
      (error: unknown) => {
        const failure = error instanceof Error ? error.message : String(error);
        // Said once, not on every retry: a rescan runs every few seconds.
        if (failure !== this.#failure) {
          this.#options.log(
            `herald: could not update the site, still serving the previous version: ${failure}`,
          );
        }
        this.#failure = failure;
      },
    );
    return this.#updating;
  }

  /** Lists the media files again; true when any was added, replaced or deleted, or a warning changed. */
  async #loadMedia(): Promise<boolean> {
    const { articlesDir, articlesDirShown, maxMediaBytes } = this.#options.settings;
    const { media, problems, folders } = await loadMedia({
      articlesDir,
      articlesDirShown,
      maxMediaBytes,
      previous: this.#media,
    });
    this.#watch?.watchSubfolders(folders);
    const before = this.#media;
    const changed =
      media.size !== before.size ||
      [...media.values()].some((file) => {
        const old = before.get(file.name);
        return !old || old.version !== file.version;
      });
    const lines = (list: readonly Problem[]) => list.map(formatProblem).join('\n');
    const problemsChanged = lines(problems) !== lines(this.#mediaProblems);
    // The problems found at start-up are printed once by whoever started the site, with the others.
    if (problemsChanged && this.#started) {
      for (const problem of problems) this.#options.log(formatProblem(problem));
    }
    this.#mediaProblems = problems;
    if (changed) this.#media = media;
    return changed || problemsChanged;
  }

  async #reloadChanged(names: Set<string>, relist: boolean, media = relist): Promise<void> {
    if (media && (await this.#loadMedia()) && names.size === 0 && !relist) {
      await this.#publish(performance.now());
      return;
    }
    // After an event without a name, compare with the folder's listing (names only, nothing is
    // read), so a file that appeared or went is handled in this same swap.
    if (relist) {
      const listed = new Set(await listArticleFiles(this.#options.settings.articlesDir));
      const known = this.#files.names();
      for (const name of known) if (!listed.has(name)) names.add(name);
      for (const name of listed) if (!known.has(name)) names.add(name);
    }
    await this.#reloadFiles([...names]);
  }

  /** Re-reads the named files (a missing one is a deletion), then publishes the next site. */
  async #reloadFiles(names: readonly string[]): Promise<void> {
    const started = performance.now();
    // Once serving, a changed file's body is rendered at once (a few milliseconds each), so one that
    // cannot be rendered is a problem now, never an empty article; a burst of many files is left to
    // render on first use, like the start-up.
    const load =
      this.#started && names.length <= RENDER_NOW_UP_TO ? { ...this.#load, renderNow: true } : this.#load;
    const cache = this.#options.articleCache;
    // Awaited together, and only those that are promises: most come from the cache, at once.
    const loaded = names.map((name) => (cache ? cache.load(name, load) : loadArticleFile(name, load)));
    const reading = loaded.filter((result) => result instanceof Promise);
    const read = reading.length === 0 ? [] : await Promise.all(reading);
    let next = 0;
    const results = loaded.map((result) =>
      result instanceof Promise ? (read[next++] as FileResult) : result,
    );
    names.forEach((name, i) => {
      const stamp = results[i]?.stamp;
      if (stamp === undefined) this.#stamps.delete(name);
      else this.#stamps.set(name, stamp);
    });
    const synced = this.#synced;
    this.#synced = false; // until the site built from the changed files is swapped in
    // The problems found at start-up are printed once by whoever started the site, with the site's
    // own problems (shared slugs and ids); later ones are logged as they are found.
    const update = this.#files.apply(names, results, this.#started ? this.#options.log : () => {});
    // An event for a file already handled (a rename is reported for both names) changes nothing.
    // A change of the media files is published by this update too.
    if (!update.changed && this.#current && this.#current.site.media === this.#media) {
      this.#synced = synced;
      return;
    }
    await this.#publish(started, synced ? update.single : undefined);
  }

  /**
   * The current site with one article added, edited or deleted (the common case while writing),
   * or undefined to build it again; the patch declines anything that moves other articles.
   */
  #patch(single: { previous: Article | undefined; result: FileResult } | undefined): Site | undefined {
    const site = this.#current?.site;
    if (!site || !single || site.media !== this.#media) return undefined;
    const { previous, result } = single;
    const { article, problems } = result;
    if (previous && article) return replaceArticle(site, previous, article);
    if (!previous && article) return insertArticle(site, article, this.#options.now());
    if (previous && !article && problems.length === 0) return removeArticle(site, previous);
    return undefined;
  }

  /** Builds (or patches) the site model, renders it, swaps it in, then tells every subscriber. */
  async #publish(
    started: number,
    single?: { previous: Article | undefined; result: FileResult },
  ): Promise<void> {
    const now = this.#options.now();
    const site =
      this.#patch(single) ?? buildSite(this.#options.settings, this.#files.sorted(), now, this.#media);
    const previous = this.#current;
    // Last-Modified is stamped where a representation is made: one taken over from the previous site
    // keeps its time, and one rendered again to the same bytes gets the time those bytes first had.
    // A path first asked for long after its change gets a later time than the change: never earlier,
    // so no If-Modified-Since is ever answered 304 for bytes the client does not have.
    const next = renderSite(site, {
      stamp: this.#stamp,
      onRender: this.#options.onRender,
      ...(previous ? { previous } : {}),
    });
    // Rendered before the swap (or taken over from the previous site when unchanged), so no poll
    // waits; compressed after it (see #precompress), so the swap does not wait either. Other paths are rendered on
    // first request: rendering every page of a 10,000-article site on each edit would take minutes.
    // A publisher that renders every body while reading (build, deploy, check) serves no poll: it
    // renders only what its caller asks. A server, watching or not, has readers waiting.
    const firstSite = !this.#started;
    const hotNow = this.#options.renderNow ? [] : firstSite ? HOT_PATHS : HOT_PATHS.slice(0, 1);
    for (const path of hotNow) next.get(path);
    this.#current = next;
    if (!this.#options.renderNow && !firstSite) this.#renderHot(next, hotNow.length);
    const elapsedMs = performance.now() - started;
    this.#synced = true;
    this.#started = true;
    // Renames are looked for at start-up at once (their warnings are printed with the others), and
    // later after the swap, with the change set: it goes over every article.
    if (firstSite) this.#checkRenames(site.site.articles, false);
    // Made when first asked for (a health check, `herald check`): looking for missing media files
    // goes over every article that refers to one, which every article of a photo site does.
    const filesProblems = this.#files.problems();
    const mediaProblems = this.#mediaProblems;
    const media = this.#media;
    this.#problems = undefined;
    this.#problemsOf = () => [
      ...filesProblems,
      ...mediaProblems,
      ...missingMediaProblems(
        this.#files.referencingMedia().filter((a) => !a.draft),
        media,
      ),
      ...site.problems,
      ...this.#renamed,
    ];
    this.#scheduleNextDue(site.nextDueAt);
    // The first site is compressed at once; later ones once their change set is announced.
    if (!previous) this.#precompress(next);
    // The first site has no subscribers yet and nothing to compare with.
    if (!previous) return;
    // Announced apart from the update queue, in order: the next edit is published without waiting
    // for this change set to be computed.
    this.#announcing = this.#announcing
      .then(() => {
        this.#checkRenames(site.site.articles, true);
        return this.#announce(previous, next, now, elapsedMs);
      })
      .catch((error: unknown) =>
        this.#options.log(`herald: could not compute a change set: ${String(error)}`),
      )
      .then(() => this.#precompress(next));
  }

  /**
   * Renders the hot paths from `from` on, one per turn of the event loop, right after a swap. Before
   * it, they made every edit wait for the site's Atom and JSON feeds and home page too: about 9 ms of
   * the 24 ms an edit took at 10,000 articles before its RSS feed was served. Now each is served as
   * soon as it is ready, and a request that comes first renders it (once: the site keeps it). A site
   * already replaced renders nothing more: the next one renders its own.
   */
  #renderHot(site: SiteRender, from: number): void {
    const step = (at: number) => {
      const path = HOT_PATHS[at];
      if (path === undefined || this.#current !== site) return;
      site.get(path);
      setImmediate(step, at + 1);
    };
    setImmediate(step, from);
  }

  /** Computes the change set between two published sites and tells every subscriber. */
  async #announce(previous: SiteRender, next: SiteRender, now: Date, elapsedMs: number): Promise<void> {
    // Readers first: the requests on their way now are answered by the new site before the change
    // set is computed.
    await new Promise<void>((resolve) => setTimeout(resolve, READERS_FIRST_MS));
    const change = await computeChangeSet(previous, next, now, elapsedMs);
    next.settle();
    for (const listener of this.#listeners) {
      try {
        listener(change);
      } catch (error) {
        this.#options.log(`herald: a change-set subscriber failed: ${String(error)}`);
      }
    }
  }

  /**
   * Compresses what readers poll most in zlib's thread pool. Not at the swap: on two busy cores,
   * compressing three feeds beside the update slowed the update and the first polls of the new feed
   * (`bench/updates-versus.ts` showed it). A client asking before it is done gets its variant
   * compressed on the spot, to the same bytes.
   */
  #precompress(site: SiteRender): void {
    // A publisher that renders every body while reading serves no poll (see #publish); a site
    // already replaced is not served any more.
    if (this.#options.renderNow || this.#current !== site) return;
    for (const representation of HOT_PATHS.flatMap((path) => site.get(path) ?? [])) {
      representation.precompress().catch((error: unknown) => {
        this.#options.log(`herald: could not compress ${representation.path}: ${String(error)}`);
      });
    }
  }

  /** Looks for renamed articles; `log` says whether a new warning is logged now. */
  #checkRenames(articles: Site['site']['articles'], log: boolean): void {
    const renamed = this.#renames.check(articles);
    this.#saveRenamesLater();
    const warnings = new Set(renamed.map(formatProblem));
    // Start-up problems are printed by whoever started the site; later ones are logged once here.
    if (log) for (const line of warnings) if (!this.#renameWarnings.has(line)) this.#options.log(line);
    this.#renameWarnings = warnings;
    this.#renamed = renamed;
    this.#problems = undefined;
  }

  /**
   * What the rename detector learned is written to the state folder a little later, once for a
   * burst of changes: rewriting the whole list on every edit cost more than the edit itself.
   */
  #saveRenamesLater(): void {
    if (!this.#renames.unsaved || this.#renameSaveTimer || this.#closed) return;
    if (!this.#options.watch) return; // saved at close, which a run that does not watch reaches soon
    this.#renameSaveTimer = setTimeout(() => {
      this.#renameSaveTimer = undefined;
      this.#renames.save();
    }, RENAMES_SAVE_DELAY_MS);
    this.#renameSaveTimer.unref();
  }

  #scheduleNextDue(nextDueAt: Date | undefined): void {
    clearTimeout(this.#dueTimer);
    // After close() an update still finishing must not arm a new timer.
    if (!nextDueAt || !this.#options.watch || this.#closed) return;
    const delay = Math.min(
      Math.max(nextDueAt.getTime() - this.#options.now().getTime(), 0) + 5,
      MAX_TIMER_MS,
    );
    this.#dueTimer = setTimeout(() => void this.republish(), delay);
    this.#dueTimer.unref();
  }
}
