// What each article file held when last read, kept in the state folder between runs, so a build or
// deploy after a one-word edit reads and parses one file instead of 10,000. An entry is used only
// while the file's stamp (device, inode, size, modification and change times) is the one recorded;
// a page that needs its content takes the body rendered under its content key from the body store,
// or reads the file again when the store has none, which a build whose routes are all unchanged
// never does.
//
// A run that changed a few entries appends them to a journal beside the cache file instead of
// writing the whole file again (7 MB at 10,000 articles, over a tenth of a second of an edit's
// build); the journal is folded into a new cache file once it holds an eighth as many lines as the
// cache has entries. The journal names the cache file it belongs to, so lines left by a run that
// wrote to an older cache file are ignored; a line cut short by a crash ends the journal.
import { randomUUID } from 'node:crypto';
import { appendFile, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { changedAtOf } from '../entry-stamp.ts';
import type { Article } from '../model.ts';
import type { BodyStore } from './body-store.ts';
import { type FileStamp, fileStamp } from './file-stamp.ts';
import { lazy } from './lazy.ts';
import {
  type FileResult,
  type LoadOptions,
  loadArticleFile,
  loadArticleFileNow,
  loadKnownContentNow,
  loadNewBodyNow,
} from './load-articles.ts';
import { type ArticleFields, type ContentSource, loadedArticle } from './loaded-article.ts';
import { givenSummaryOf, mediaReferencesOf } from './parse-article.ts';
import { shownFolderOf } from './shown-path.ts';
import { summarize } from './summary.ts';

const CACHE_VERSION = 5;

/** Lines the journal may hold before it is folded into the cache file: at least, and per entry. */
const JOURNAL_MIN_LINES = 64;
const JOURNAL_LINES_PER_ENTRY = 1 / 8;

/** Beside the cache file: the entries changed (or removed) since it was written, one JSON line each. */
export function journalFileOf(file: string): string {
  return `${file}.journal`;
}

/**
 * A file changed less than this long before it was read may change again within the same tick of
 * the file system's clock and keep its stamp (timestamps advance in steps of a few milliseconds on
 * Linux, two seconds on FAT), so it is not kept: the next run reads it again ("racy git" is the
 * same problem and the same answer).
 */
const RACY_MS = 2000;

/**
 * An article as the cache keeps it: every field but the content and the summary (read through
 * getters that may render the body), the dates of DATE_FIELDS as milliseconds and any other date
 * as `{ $date: ms }`. Generic, so a field added to Article is kept without a change here.
 */
interface Entry {
  stamp: FileStamp;
  fields: Record<string, unknown>;
  /** Only when the front matter gives one; otherwise derived from the content on first use. */
  summary?: string;
}

/**
 * The fields of every article that are dates, kept as bare milliseconds: as `{ $date: ms }` they were
 * 20,000 of the objects a build at 10,000 articles reads from the cache and keeps to its end.
 */
const DATE_FIELDS = new Set(['date', 'updated']);

/** Read through getters; never stored. */
const DERIVED = new Set(['summary', 'contentHtml']);

interface CacheFile {
  version: number;
  /** Herald's version and the settings that decide how a file is parsed: anything else, start over. */
  key: string;
  /** Names this version of the file, for the journal (see journalFileOf); none in an older file. */
  id?: string;
  entries: Record<string, Entry>;
}

/** A journal line: an entry written or, as `null`, removed. */
type JournalLine = [name: string, entry: Entry | null];

export interface ArticleCacheOptions {
  /** The cache file, in the state folder. */
  file: string;
  /** Which Herald reads the files: entries written by another version are not used. */
  version: string;
  /** See RACY_MS; tests that write files just before reading them lower it. */
  racyMs?: number;
  /** Use nothing stored: every file is read, and the cache written afresh. */
  fresh?: boolean;
  /** Bodies rendered by earlier runs: given to every file read through this cache, kept with it. */
  bodies?: BodyStore;
  /**
   * Stamps of the article files taken by the caller just before (a build lists the folder before
   * reading anything): each is used once, for the first load of its file, instead of examining the
   * file again. Taken: the map is emptied as it is used.
   */
  stamps?: Map<string, FileStamp>;
  /** Lines the journal holds at least before it is folded into the cache file; tests lower it. */
  journalMinLines?: number;
}

export class ArticleCache {
  readonly #options: ArticleCacheOptions;
  #stored: CacheFile | undefined;
  /** Entries of the files read in this run: what `save` writes, so deleted files drop out. */
  readonly #next = new Map<string, Entry>();
  #changed = false;
  /** Lines in the journal of the stored cache file, as far as this run knows. */
  #journalLines = 0;
  #saving: Promise<void> = Promise.resolve();

  private constructor(options: ArticleCacheOptions, stored: CacheFile | undefined, journalLines: number) {
    this.#options = options;
    this.#stored = stored;
    this.#journalLines = journalLines;
  }

  /**
   * Reads the cache file. `stamps`, when given, are options.stamps (which it then replaces): a
   * promise is awaited once the file is read, so the folder may be listed on another thread meanwhile.
   */
  static async open(
    options: ArticleCacheOptions,
    stamps?: Map<string, FileStamp> | Promise<Map<string, FileStamp> | undefined>,
  ): Promise<ArticleCache> {
    const text = options.fresh ? undefined : await readFile(options.file, 'utf8').catch(() => undefined);
    let stored: CacheFile | undefined;
    try {
      const parsed = text === undefined ? undefined : (JSON.parse(text) as Partial<CacheFile>);
      if (parsed?.version === CACHE_VERSION && typeof parsed.entries === 'object' && parsed.entries !== null)
        stored = parsed as CacheFile;
    } catch {
      // A damaged cache is no cache: every file is read.
    }
    const journal =
      stored?.id === undefined
        ? undefined
        : await readFile(journalFileOf(options.file), 'utf8').catch(() => undefined);
    const journalLines = stored && journal !== undefined ? replayJournal(stored, journal) : 0;
    const listed = await stamps;
    return new ArticleCache(listed ? { ...options, stamps: listed } : options, stored, journalLines);
  }

  /**
   * The article file `name`: from the cache when its stamp is the recorded one, else read and parsed.
   * Known files are answered at once, not through a promise: a build loads 10,000 of them.
   */
  load(name: string, given: LoadOptions): FileResult | Promise<FileResult> {
    const [key, options] = this.#keyFor(given);
    const entries = this.#stored?.key === key ? this.#stored.entries : undefined;
    const readAt = Date.now();
    const listed = this.#options.stamps?.get(name);
    if (listed !== undefined) this.#options.stamps?.delete(name);
    const stamp = listed ?? fileStamp(join(options.articlesDir, name));
    const cached =
      stamp === undefined || !entries || !Object.hasOwn(entries, name) ? undefined : entries[name];
    if (cached && cached.stamp === stamp) {
      this.#next.set(name, cached);
      return { article: articleFrom(cached, name, options), problems: [], stamp };
    }
    const edited = cached && stamp !== undefined && this.#newBody(name, options, cached, stamp, readAt);
    if (edited) return edited;
    return this.#read(name, options, key, readAt);
  }

  async #read(name: string, options: LoadOptions, key: string, readAt: number): Promise<FileResult> {
    const result = await loadArticleFile(name, options);
    const { article } = result;
    // Files with problems are read every time: they are few, and their problems are printed each run.
    if (
      article &&
      result.problems.length === 0 &&
      result.stamp !== undefined &&
      article.contentKey !== undefined &&
      settled(result.stamp, readAt, this.#options.racyMs ?? RACY_MS)
    ) {
      this.#next.set(name, entryFrom(article, result.stamp));
    }
    this.#changed = true;
    if (this.#stored?.key !== key) this.#stored = { version: CACHE_VERSION, key, entries: {} };
    return result;
  }

  /**
   * A known file whose body changed under the same front matter block (the usual edit): the known
   * article with the new body, without parsing the YAML (whose parser is not even loaded then).
   * Undefined when the front matter changed, the file cannot be read, or the new body cannot be
   * rendered where it must be now: the whole file is then read, and its problems reported.
   */
  #newBody(
    name: string,
    options: LoadOptions,
    cached: Entry,
    stamp: FileStamp,
    readAt: number,
  ): FileResult | undefined {
    const frontMatterKey = cached.fields.frontMatterKey;
    if (typeof frontMatterKey !== 'string') return undefined;
    const found = loadNewBodyNow(name, options, { frontMatterKey, summary: cached.summary });
    if (!found) return undefined;
    if (options.renderNow && !found.content.rendered().ok) return undefined;
    const known = cached.fields as Pick<Article, 'image' | 'attachments'>;
    const entry: Entry = {
      stamp,
      fields: {
        ...cached.fields,
        contentKey: found.contentKey,
        mediaReferences: mediaReferencesOf(known, found.body),
      },
      ...(cached.summary === undefined ? {} : { summary: cached.summary }),
    };
    const article = articleFrom(entry, name, options, found.content);
    if (settled(stamp, readAt, this.#options.racyMs ?? RACY_MS)) this.#next.set(name, entry);
    this.#changed = true;
    return { article, problems: [], stamp };
  }

  /** The stamp under which the cache can give file `name` without reading it, if any. */
  stampOf(name: string): FileStamp | undefined {
    const entries = this.#stored?.entries;
    return entries && Object.hasOwn(entries, name) ? entries[name]?.stamp : undefined;
  }

  /**
   * Keeps the entries of the files read in this run (see the journal above: a torn write loses
   * entries, never mixes them up); nothing when nothing changed.
   * Saves asked for while one is being written wait for it (they share the temporary file).
   */
  save(): Promise<void> {
    this.#options.bodies?.flush();
    this.#saving = this.#saving.then(
      () => this.#write(),
      () => this.#write(),
    );
    return this.#saving;
  }

  async #write(): Promise<void> {
    const stored = this.#stored;
    if (!stored) return;
    const lines: JournalLine[] = [];
    for (const name of Object.keys(stored.entries)) if (!this.#next.has(name)) lines.push([name, null]);
    if (!this.#changed && lines.length === 0) return;
    for (const [name, entry] of this.#next) {
      if (!Object.hasOwn(stored.entries, name) || stored.entries[name] !== entry) lines.push([name, entry]);
    }
    const { file } = this.#options;
    const journalLimit = Math.max(
      this.#options.journalMinLines ?? JOURNAL_MIN_LINES,
      this.#next.size * JOURNAL_LINES_PER_ENTRY,
    );
    if (stored.id !== undefined && this.#journalLines + lines.length <= journalLimit) {
      if (lines.length > 0) {
        const text = lines.map((line) => `${JSON.stringify(line)}\n`).join('');
        // Started afresh when this run knows of no line for the stored file: what another run may
        // have appended meanwhile is only cache, and is read again from the files if lost.
        if (this.#journalLines === 0) {
          await mkdir(dirname(file), { recursive: true });
          await writeFile(journalFileOf(file), `${JSON.stringify({ cache: stored.id })}\n${text}`);
        } else {
          await appendFile(journalFileOf(file), text);
        }
        this.#journalLines += lines.length;
      }
      this.#stored = storedAs(stored, new Map(this.#next));
      this.#changed = false;
      return;
    }
    const data: CacheFile = {
      version: CACHE_VERSION,
      key: stored.key,
      id: randomUUID(),
      entries: Object.fromEntries(this.#next),
    };
    await mkdir(dirname(file), { recursive: true });
    const temp = `${file}.${process.pid}.tmp`;
    await writeFile(temp, JSON.stringify(data));
    await rename(temp, file);
    // Its lines name the file just replaced: left behind, they would be ignored.
    await rm(journalFileOf(file), { force: true });
    this.#stored = data;
    this.#journalLines = 0;
    this.#changed = false;
    // The bodies of articles that were edited or removed since are not needed again. With the cache
    // file only: counting the stored bodies is itself a few hundredths of a second at 10,000.
    const keep = new Set<string>();
    for (const entry of this.#next.values()) {
      if (typeof entry.fields.contentKey === 'string') keep.add(entry.fields.contentKey);
    }
    this.#options.bodies?.prune(keep);
  }

  /**
   * The last options asked for, their key, and the same options with the stored bodies: one publisher
   * passes the same options for every file.
   */
  #lastKey: [LoadOptions, string, LoadOptions] | undefined;

  #keyFor(options: LoadOptions): [string, LoadOptions] {
    if (this.#lastKey?.[0] === options) return [this.#lastKey[1], this.#lastKey[2]];
    const key = JSON.stringify([
      this.#options.version,
      options.articlesDir,
      options.articlesDirShown ?? shownFolderOf(options.articlesDir, options.cwd ?? process.cwd()),
      options.maxArticleBytes,
      options.timeZone,
      options.idAuthority,
      options.articleUrl(''),
      options.mediaBase ?? null,
    ]);
    const { bodies } = this.#options;
    const withBodies = bodies && !options.bodies ? { ...options, bodies } : options;
    this.#lastKey = [options, key, withBodies];
    return [key, withBodies];
  }
}

/**
 * The cache file as it is once the journal's lines are written: `entries` made from `next` when first
 * read. A build ends after this save, and 10,000 entries as an object take 9 ms to make (a copy of
 * the map, 2 ms).
 */
function storedAs(stored: CacheFile, next: ReadonlyMap<string, Entry>): CacheFile {
  let entries: Record<string, Entry> | undefined;
  return {
    version: stored.version,
    key: stored.key,
    ...(stored.id === undefined ? {} : { id: stored.id }),
    get entries() {
      entries ??= Object.fromEntries(next);
      return entries;
    },
  };
}

/**
 * Applies the journal's lines to the cache file's entries when the journal belongs to that file;
 * returns how many were applied. A line that does not parse (cut short by a crash) ends it, and then
 * the count is infinite, so that the next save writes the cache file instead of appending after it.
 */
function replayJournal(stored: CacheFile, text: string): number {
  const lines = text.split('\n');
  try {
    if ((JSON.parse(lines[0] ?? '') as { cache?: unknown }).cache !== stored.id) return 0;
  } catch {
    return 0;
  }
  // Every line ends with a newline: the last piece is empty unless the journal was cut short.
  const last = lines.length - 1;
  for (let i = 1; i < last; i++) {
    let parsed: JournalLine;
    try {
      parsed = JSON.parse(lines[i] as string) as JournalLine;
    } catch {
      return Number.POSITIVE_INFINITY;
    }
    const [name, entry] = Array.isArray(parsed) ? parsed : [];
    // File names of articles end in .md: never a name that would reach the object's prototype.
    if (typeof name !== 'string' || name === '__proto__') return Number.POSITIVE_INFINITY;
    if (entry === null) delete stored.entries[name];
    else if (typeof entry === 'object' && entry !== undefined) stored.entries[name] = entry;
    else return Number.POSITIVE_INFINITY;
  }
  return lines[last] === '' ? last - 1 : Number.POSITIVE_INFINITY;
}

/** Whether the file was last changed long enough before it was read that its stamp will move with it. */
function settled(stamp: FileStamp, readAt: number, racyMs: number): boolean {
  return changedAtOf(stamp) + racyMs < readAt;
}

function entryFrom(article: Article, stamp: FileStamp): Entry {
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(Object.getOwnPropertyDescriptors(article))) {
    if (DERIVED.has(key) || !('value' in value)) continue;
    const field = value.value;
    if (!(field instanceof Date)) fields[key] = field;
    else fields[key] = DATE_FIELDS.has(key) ? field.getTime() : { $date: field.getTime() };
  }
  const summary = givenSummaryOf(article);
  return { stamp, fields, ...(summary === undefined ? {} : { summary }) };
}

/**
 * The article as the cache recorded it. Its content (and a summary derived from it) is read from the
 * file and rendered on first use, through the same parser as any other file.
 */
function articleFrom(entry: Entry, name: string, options: LoadOptions, known?: ContentSource): Article {
  const fields: Record<string, unknown> = {};
  for (const key of Object.keys(entry.fields)) {
    // Never kept, but a hand-edited cache file is no reason to shadow the getters or the prototype.
    if (DERIVED.has(key) || key === '__proto__') continue;
    const value = entry.fields[key];
    const date = DATE_FIELDS.has(key) ? value : (value as { $date?: unknown } | null)?.$date;
    fields[key] = typeof date === 'number' ? new Date(date) : value;
  }
  return loadedArticle(new CachedContent(entry, name, options, known), fields as unknown as ArticleFields);
}

/**
 * A cached article's content, found on first use. One object per article: a build makes one for each
 * of 10,000 articles, and the closures this was made of before were ten objects each.
 */
class CachedContent implements ContentSource {
  readonly #entry: Entry;
  readonly #name: string;
  readonly #options: LoadOptions;
  /** Undefined until looked for; null when there is none. */
  #found: ContentSource | null | undefined;

  constructor(entry: Entry, name: string, options: LoadOptions, known?: ContentSource) {
    this.#entry = entry;
    this.#name = name;
    this.#options = options;
    this.#found = known;
  }

  summary(): string {
    return this.#entry.summary ?? this.#content()?.summary() ?? '';
  }

  contentHtml(): string {
    return this.#content()?.contentHtml() ?? '';
  }

  #content(): ContentSource | undefined {
    if (this.#found === undefined) this.#found = this.#find() ?? null;
    return this.#found ?? undefined;
  }

  // Only the body is read: the YAML parser is not even loaded while every article is a cached one.
  // A body that is not the cached one (the file changed since) is read through the whole parser.
  #find(): ContentSource | undefined {
    const name = this.#name;
    const options = this.#options;
    const { summary } = this.#entry;
    // The body rendered under the recorded content key is the file's as listed (its stamp is the
    // recorded one): no need to read the file and hash its body again to find it.
    const key = this.#entry.fields.contentKey;
    const html = typeof key === 'string' ? options.bodies?.get(key) : undefined;
    if (html !== undefined) {
      return { contentHtml: () => html, summary: lazy(() => summarize(html)) };
    }
    const stored = loadKnownContentNow(name, options, {
      contentKey: typeof key === 'string' ? key : undefined,
      summary,
    });
    if (stored) return stored;
    const article = loadArticleFileNow(name, { ...options, renderNow: false }).article;
    return article && { contentHtml: () => article.contentHtml, summary: () => article.summary };
  }
}
