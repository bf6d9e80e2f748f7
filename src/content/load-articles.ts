import { type BigIntStats, closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { stampOf } from '../entry-stamp.ts';
import { scratchBuffer } from '../memory.ts';
import type { Article, LoadResult, Problem } from '../model.ts';
import { isArticleFileName } from './file-name.ts';
import { type FileStamp, fileStamp } from './file-stamp.ts';
import {
  contentOfKnownArticle,
  newBodyOfKnownArticle,
  type ParseOptions,
  parseArticle,
} from './parse-article.ts';
import { warmUpRenderer } from './render-body.ts';
import { shownFile, shownFolderOf } from './shown-path.ts';

export interface LoadOptions extends ParseOptions {
  articlesDir: string;
  maxArticleBytes: number;
  /** The folder as problem lines name it (SiteSettings.articlesDirShown). */
  articlesDirShown?: string;
  /** Without `articlesDirShown`: the folder is shown relative to this one when inside it. */
  cwd?: string;
}

/** One file's outcome: an article, or the problems that keep it off the site. */
export type FileResult = {
  article?: Article;
  problems: Problem[];
  /** The file's entry as it was just before it was read; none when the file is gone. */
  stamp?: FileStamp;
};

/**
 * Reads every article in the folder. A bad file never stops the others: it becomes problems, and
 * everything else is returned. Files are read in name order, so the result never depends on the
 * file system's order.
 */
export async function loadArticles(options: LoadOptions): Promise<LoadResult> {
  warmUpRenderer();
  const names = await listArticleFiles(options.articlesDir);
  const results = await Promise.all(names.map((name) => loadArticleFile(name, options)));
  return {
    articles: results.flatMap((r) => (r.article ? [r.article] : [])),
    problems: results.flatMap((r) => r.problems),
  };
}

/**
 * Names of the folder's candidate article files, whatever their type: a link, a pipe or a folder
 * named `*.md` is listed too, so that reading it reports it instead of passing over it in silence.
 */
export async function listArticleFiles(articlesDir: string): Promise<string[]> {
  const names = await readdir(articlesDir);
  return names.filter(isArticleFileName).sort();
}

/** Loads one file by its name in the articles folder; a missing file gives neither article nor problem. */
export async function loadArticleFile(name: string, options: LoadOptions): Promise<FileResult> {
  return loadArticleFileNow(name, options);
}

/** `loadArticleFile`, synchronously: for content read on first use, while a page is being rendered. */
export function loadArticleFileNow(name: string, options: LoadOptions): FileResult {
  return readArticleFile(name, options);
}

/**
 * The content of a file whose article is known (from the article cache), read without parsing its
 * front matter again; undefined when the file cannot be read or its body is not the known one.
 */
export function loadKnownContentNow(
  name: string,
  options: LoadOptions,
  known: { contentKey?: string | undefined; summary?: string | undefined },
): ReturnType<typeof contentOfKnownArticle> {
  return readKnownNow(name, options, (file, bytes) =>
    contentOfKnownArticle(file, name, bytes, known, options),
  );
}

/**
 * A known article's file read again after a change: its new body, if its front matter block is the
 * known one (see newBodyOfKnownArticle); undefined otherwise, or when the file cannot be read.
 */
export function loadNewBodyNow(
  name: string,
  options: LoadOptions,
  known: { frontMatterKey: string; summary?: string | undefined },
): ReturnType<typeof newBodyOfKnownArticle> {
  return readKnownNow(name, options, (file, bytes) =>
    newBodyOfKnownArticle(file, name, bytes, known, options),
  );
}

/** Reads a known article's file for `use`; undefined when it cannot be read (the caller reads it whole). */
function readKnownNow<T>(
  name: string,
  options: LoadOptions,
  use: (file: string, bytes: Uint8Array) => T | undefined,
): T | undefined {
  const file = shownFile(
    options.articlesDirShown ?? shownFolderOf(options.articlesDir, options.cwd ?? process.cwd()),
    name,
  );
  try {
    // Used before anything else runs: the bytes are a view of a buffer the next read reuses.
    return use(file, readLimited(join(options.articlesDir, name), options.maxArticleBytes)[0]);
  } catch {
    return undefined;
  }
}

function readArticleFile(name: string, options: LoadOptions): FileResult {
  const path = join(options.articlesDir, name);
  const file = shownFile(
    options.articlesDirShown ?? shownFolderOf(options.articlesDir, options.cwd ?? process.cwd()),
    name,
  );
  let bytes: Buffer;
  let stamp: FileStamp;
  try {
    [bytes, stamp] = readLimited(path, options.maxArticleBytes);
  } catch (error) {
    // Stamped as its entry stands (a link, a folder, a file over the limit), so a rescan of the
    // folder finds it unchanged and does not read it again.
    const stood = fileStamp(path);
    const result = unreadable(error, file, options);
    return stood === undefined ? result : { ...result, stamp: stood };
  }
  // Parsed before anything else runs: `bytes` is a view of a buffer the next read reuses.
  const result = parseArticle(file, name, bytes, options);
  return result.ok ? { article: result.article, problems: [], stamp } : { problems: result.problems, stamp };
}

/** The problem of a file that could not be read, as the user is told it. */
function unreadable(error: unknown, file: string, options: LoadOptions): FileResult {
  if (error instanceof TooLarge) {
    return {
      problems: [
        {
          file,
          severity: 'error',
          message: `is ${error.size} bytes, over the ${options.maxArticleBytes}-byte limit (maxArticleBytes)`,
        },
      ],
    };
  }
  if (error instanceof NotRegular)
    return { problems: [{ file, severity: 'warning', message: error.message }] };
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return { problems: [] };
  if (code === 'ELOOP') return { problems: [{ file, severity: 'warning', message: SYMLINK_MESSAGE }] };
  if (code === 'ENXIO') {
    return { problems: [{ file, severity: 'warning', message: notRegularMessage('a socket') }] };
  }
  return {
    problems: [{ file, severity: 'error', message: `cannot be read (${code ?? (error as Error).message})` }],
  };
}

/**
 * One buffer every read reuses: a file's bytes are decoded to text at once and never kept, and
 * 10,000 short-lived buffers left the process ~25 MB larger after loading.
 */
const scratch = scratchBuffer(
  'the read buffer',
  'the bytes of the file being read',
  'the largest article read (at most maxArticleBytes)',
  64 * 1024,
);

class TooLarge extends Error {
  constructor(readonly size: number) {
    super('too large');
  }
}

const SYMLINK_MESSAGE =
  'is a symbolic link, and links are not followed (so no file outside the articles folder is ever read); skipped: put the file itself in the folder';

function notRegularMessage(kind: string): string {
  return `is ${kind}, not a regular file; skipped`;
}

class NotRegular extends Error {
  constructor(kind: string) {
    super(notRegularMessage(kind));
  }
}

function kindOf(stats: Stats | BigIntStats): string {
  if (stats.isDirectory()) return 'a folder';
  if (stats.isFIFO()) return 'a named pipe (FIFO)';
  if (stats.isSocket()) return 'a socket';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device';
  return 'not a file';
}

/**
 * Opening never follows a symbolic link (O_NOFOLLOW: the kernel refuses, so nothing can swap a file
 * for a link between a check and the open) and never waits (O_NONBLOCK: a named pipe without a
 * writer would otherwise block the whole process); anything but a regular file is then refused.
 */
const OPEN_FLAGS = constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK;

/**
 * Reads a file, refusing before reading it when it is over the limit. Synchronous on purpose:
 * an article is a few kilobytes, and 10,000 of them read this way take ≈0.2 s where as many
 * concurrent promise-based reads (open, stat, read, close: four thread-pool round trips each)
 * take 0.7–1.4 s. One file blocks the event loop for tens of microseconds.
 */
function readLimited(path: string, limit: number): [bytes: Buffer, stamp: FileStamp] {
  const fd = openSync(path, OPEN_FLAGS);
  try {
    // The open file's own stamp, taken before it is read: what a separate lstat of its entry would
    // give (the open follows no link), without a second look-up of the path (10,000 of them took
    // about 0.15 s of a cold start).
    const stats = fstatSync(fd);
    if (!stats.isFile()) throw new NotRegular(kindOf(stats));
    const size = stats.size;
    if (size > limit) throw new TooLarge(size);
    const buffer = scratch.atLeast(size);
    let read = 0;
    while (read < size) {
      const n = readSync(fd, buffer, read, size - read, read);
      if (n === 0) break; // the file shrank while being read
      read += n;
    }
    return [buffer.subarray(0, read), stampOf(stats)];
  } finally {
    closeSync(fd);
  }
}
