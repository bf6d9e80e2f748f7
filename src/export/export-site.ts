// RenderedSite → files on disk: every representation at the file a static host serves for its URL,
// with precompressed siblings and hosting recipes, swapped into place only when complete.
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RenderedSite, SiteSettings } from '../model.ts';
import { copyStreamed } from './copy-streamed.ts';
import { MANIFEST_VERSION, markerText, type PublishedEntry } from './export-manifest.ts';
import { headersRecipe } from './headers-recipe.ts';
import { checkMediaTypes, type ExportedFile, exportedFile } from './media-type-rules.ts';
import { nginxRecipe } from './nginx-recipe.ts';
import {
  cleanStaleBuilds,
  createTempFolder,
  EXPORT_MARKER,
  type OutputFolder,
  swapIn,
} from './output-folder.ts';
import { entryFor, fingerprintOf } from './plan-update.ts';
import { redirectRecipes } from './redirect-recipes.ts';
import { renderInThreads, type SiteSource } from './render-threads.ts';
import { rendererStamp } from './renderer-stamp.ts';
import { defaultWorkerCount, startWritePool, type WritePool } from './write-pool.ts';
import type { Written } from './write-siblings.ts';

export interface ExportOptions {
  settings: SiteSettings;
  rendered: RenderedSite;
  folder: OutputFolder;
  /** Write .gz and .br siblings (default true). */
  compress?: boolean;
  /**
   * Threads in all; default: one per core. Without `source`, the main thread renders and these write
   * and compress; with it, the main thread and `workers - 1` more render, write and compress.
   */
  workers?: number;
  /**
   * How to read the same site again in other threads (the command's settings and clock), so that
   * rendering, which is most of an export's time, is shared between the cores.
   */
  source?: SiteSource;
  /** With `source`: told when a render thread joins, or is turned away (tests wait for it). */
  onThread?: (joined: boolean) => void;
  /** Called as files are finished; `total` counts every file the export will write. */
  onProgress?: (done: number, total: number) => void;
  /** Called after each file is handed to the writers; tests throw from it to simulate a failure. */
  afterFile?: (file: string) => void | Promise<void>;
}

export interface ExportSummary {
  /** Representations (URLs) exported. */
  urls: number;
  /** Files written, siblings and recipes included. */
  files: number;
  bytes: number;
  /** Threads that rendered (with `source`; the main thread included). */
  threads?: number;
}

/**
 * Writes the whole site into a temporary folder beside the output, then swaps it in. On any error the
 * temporary folder is removed and the previous output stays as it was.
 */
export async function exportSite(options: ExportOptions): Promise<ExportSummary> {
  const { settings, rendered, folder } = options;
  const compress = options.compress ?? true;
  await cleanStaleBuilds(folder);
  await createTempFolder(folder);
  const paths = rendered.paths();
  const summary: ExportSummary = { urls: paths.length, files: 0, bytes: 0 };
  const total = paths.length * (compress ? 3 : 1);
  let done = 0;
  const progress = (files: number) => {
    done += files;
    options.onProgress?.(done, total);
  };
  const workers = options.workers ?? defaultWorkerCount();
  const written = (result: Written) => {
    summary.files += result.files;
    summary.bytes += result.bytes;
    progress(result.files);
  };
  // Without a source to read the site again, the main thread renders and the workers write every
  // file and make the .gz/.br siblings, so disk writes and compression use the other core.
  const pool = options.source ? undefined : startWritePool(workers, written);
  try {
    let exported: ExportedFile[] = [];
    let entries: Record<string, PublishedEntry> = {};
    if (options.source) {
      const { results, threads } = await renderInThreads({
        rendered,
        paths,
        source: options.source,
        threads: workers - 1,
        ...(options.onThread ? { onThread: options.onThread } : {}),
        temp: folder.temp,
        compress,
        onPath: async (result) => {
          // Nothing to compress: count the siblings it will not have.
          if (compress && !result.siblings) progress(2);
          written(result);
          await options.afterFile?.(result.exported.file);
        },
      });
      summary.threads = threads;
      exported = results.map((result) => result.exported);
      entries = Object.fromEntries(results.map((result) => [result.exported.path, result.entry]));
    } else if (pool) {
      ({ exported, entries } = await renderOnMainThread(options, paths, pool, progress, written));
    }
    checkMediaTypes(exported);
    const recipes: [string, string][] = [
      ['nginx.conf', nginxRecipe(settings)],
      ['_headers', headersRecipe(settings, exported)],
      ...redirectRecipes(rendered),
      [
        EXPORT_MARKER,
        markerText({ version: MANIFEST_VERSION, renderer: rendererStamp(), compress, entries }),
      ],
    ];
    for (const [name, text] of recipes) {
      await writeFile(join(folder.temp, name), text, { flag: 'wx' });
      summary.files += 1;
      summary.bytes += Buffer.byteLength(text);
    }
    await swapIn(folder);
    return summary;
  } catch (error) {
    await pool?.close();
    await rm(folder.temp, { recursive: true, force: true }).catch(() => {});
    throw error;
  } finally {
    await pool?.close();
  }
}

/** Renders every path here and hands each file to the writer threads. */
async function renderOnMainThread(
  options: ExportOptions,
  paths: readonly string[],
  pool: WritePool,
  progress: (files: number) => void,
  written: (result: Written) => void,
): Promise<{ exported: ExportedFile[]; entries: Record<string, PublishedEntry> }> {
  const { rendered, folder } = options;
  const compress = options.compress ?? true;
  const exported: ExportedFile[] = [];
  const entries: Record<string, PublishedEntry> = {};
  for (const path of paths) {
    const representation = rendered.get(path);
    if (!representation) throw new Error(`${path} is listed but has no representation`);
    const entry = exportedFile(path, representation);
    const { file } = entry;
    exported.push(entry);
    entries[path] = entryFor(representation, fingerprintOf(rendered, path));
    const siblings = compress && representation.encodings.length > 1;
    if (compress && !siblings) progress(2); // nothing to compress: count the siblings it will not have
    const { streamed } = representation;
    if (streamed) {
      await copyStreamed(streamed, join(folder.temp, file), representation.lastModified);
      written({ files: 1, bytes: streamed.size });
      await options.afterFile?.(file);
      continue;
    }
    await pool.submit({
      target: join(folder.temp, file),
      body: representation.body,
      lastModified: representation.lastModified.getTime(),
      siblings,
    });
    await options.afterFile?.(file);
  }
  await pool.drain();
  return { exported, entries };
}
