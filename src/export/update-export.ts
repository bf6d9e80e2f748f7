// Brings an existing export up to date in place: only files whose bytes changed are written, files
// of URLs that are gone are removed, every other file keeps its bytes, inode and mtime.
//
// Safety without a whole-folder swap: every new or changed file is first written complete into a
// staging folder inside the output (same file system), then renamed over its target (atomic); new
// URLs go in before the changed pages and feeds that may link them, removals come last. So at every
// instant each URL linked from a served page or feed exists. Before the first rename a file beside
// the marker records the URLs about to be written as pending, so a build killed at any point is
// completed by the next one: pending URLs are written again, or removed if the site no longer has
// them. It is removed once the marker holds the finished manifest.
import { mkdirSync, renameSync, rmSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { RenderedSite, SiteSettings } from '../model.ts';
import { copyStreamed } from './copy-streamed.ts';
import {
  MANIFEST_VERSION,
  markerText,
  PENDING_FILE,
  type PublishedEntry,
  type PublishedManifest,
  pendingText,
} from './export-manifest.ts';
import { filePathFor } from './file-paths.ts';
import { headersRecipe } from './headers-recipe.ts';
import { checkMediaTypes, type ExportedFile, exportedFile } from './media-type-rules.ts';
import { nginxRecipe } from './nginx-recipe.ts';
import { EXPORT_MARKER } from './output-folder.ts';
import { pendingEntries, planUpdate, type UpdatePlan } from './plan-update.ts';
import { REDIRECT_RECIPE_FILES, redirectRecipes } from './redirect-recipes.ts';
import { removeGone } from './remove-gone.ts';
import { rendererStamp } from './renderer-stamp.ts';
import { stillOnDisk } from './still-on-disk.ts';
import { defaultWorkerCount, startWritePool, type WritePool } from './write-pool.ts';
import { writeWithSiblings } from './write-siblings.ts';
import { SIBLINGS } from './write-worker.ts';

/** Inside the output folder, so a rename from it is atomic; removed at the start of every build. */
export const STAGING_FOLDER = '.herald-staging';

/**
 * Files without .gz/.br siblings written on the main thread before the pool of writer threads is
 * started. An edit writes a dozen or two such files, a few milliseconds of work, while each writer
 * thread is a new V8 instance that loads its modules before it writes anything, on a core the main
 * thread may need; a change that rewrites thousands of files still gets the pool after these.
 */
const MAIN_THREAD_WRITES = 200;

export interface UpdateOptions {
  settings: SiteSettings;
  rendered: RenderedSite;
  /** The output folder, already holding an export with a usable manifest. */
  out: string;
  previous: PublishedManifest;
  /**
   * Whether the file of `path` is still as `previous` records it, when the caller checked already
   * (see early-export-check.ts); otherwise every file is checked here.
   */
  stillPublished?: (path: string) => boolean;
  /** The marker's text as `previous` was read from it, when the caller has it: not read again. */
  marker?: string;
  compress: boolean;
  workers?: number;
  /** Files without siblings written on the main thread before the pool starts (MAIN_THREAD_WRITES). */
  mainThreadWrites?: number;
  /** Called as files are staged; `total` grows as the plan finds more to write. */
  onProgress?: (done: number) => void;
  /** Called before each visible step (rename or removal); tests stop the build there. */
  beforeStep?: (step: string) => void | Promise<void>;
}

export interface UpdateSummary {
  plan: UpdatePlan;
  /** Files written, siblings and recipes included. */
  files: number;
  /** Files removed, siblings included. */
  removedFiles: number;
}

/** Files written by the pool for one URL, staged as `<n>`, `<n>.gz`, `<n>.br`. */
interface Staged {
  index: number;
  siblings: boolean;
}

export async function updateExport(options: UpdateOptions): Promise<UpdateSummary> {
  const { settings, rendered, out, previous, compress } = options;
  const staging = join(out, STAGING_FOLDER);
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging);
  const staged = new Map<string, Staged>();
  let files = 0;
  let writtenHere = 0;
  let removedFiles = 0;
  // Started on the first file to write: a build with nothing to write spends no time on threads.
  let pool: WritePool | undefined;
  const writers = () => {
    pool ??= startWritePool(options.workers ?? defaultWorkerCount(), (reply) => {
      files += reply.files;
      options.onProgress?.(files);
    });
    return pool;
  };
  let plan: UpdatePlan;
  let stillPublished = options.stillPublished;
  if (!stillPublished) {
    const found = stillOnDisk(out, previous.entries);
    stillPublished = (path) => found.has(path);
  }
  try {
    plan = await planUpdate(rendered, previous.entries, {
      trustFingerprints: previous.renderer === rendererStamp(),
      stillPublished,
      onWrite: async (path, representation) => {
        const item: Staged = {
          index: staged.size,
          siblings: compress && representation.encodings.length > 1,
        };
        staged.set(path, item);
        const { streamed } = representation;
        if (!streamed && !item.siblings && writtenHere < (options.mainThreadWrites ?? MAIN_THREAD_WRITES)) {
          writtenHere += 1;
          const target = join(staging, String(item.index));
          files += writeWithSiblings(target, representation.body, representation.lastModified, false).files;
          options.onProgress?.(files);
          return;
        }
        if (streamed) {
          await copyStreamed(streamed, join(staging, String(item.index)), representation.lastModified);
          files += 1;
          options.onProgress?.(files);
          return;
        }
        await writers().submit({
          target: join(staging, String(item.index)),
          body: representation.body,
          lastModified: representation.lastModified.getTime(),
          siblings: item.siblings,
        });
      },
    });
    await pool?.drain();
  } finally {
    await pool?.close();
  }

  const step = async (name: string) => options.beforeStep?.(name);
  const manifest = (entries: Record<string, PublishedEntry>): PublishedManifest => ({
    version: MANIFEST_VERSION,
    renderer: rendererStamp(),
    compress,
    entries,
  });
  const replace = async (name: string, text: string) => {
    const temp = join(staging, name);
    await writeFile(temp, text);
    await rename(temp, join(out, name));
  };

  const writes = [...plan.added, ...plan.changed];
  // Checked before anything visible changes: a file the fixed recipes would serve with another type
  // stops the build with the export as it was. The files this build keeps passed when they were
  // written, under the same rules unless another version of Herald wrote them.
  const checked = previous.renderer === rendererStamp() ? writes : Object.keys(plan.next);
  checkMediaTypes(checked.map((path) => exportedFile(path, plan.next[path] as PublishedEntry)));
  // The `_headers` recipe names only files sent with a Link header (the feeds).
  const linked: ExportedFile[] = [];
  for (const [path, entry] of Object.entries(plan.next)) {
    if (entry.link !== undefined) linked.push(exportedFile(path, entry));
  }
  if (writes.length > 0) {
    await step('pending');
    await replace(PENDING_FILE, pendingText(pendingEntries(plan)));
  }
  // New URLs first, then the changed ones that may link them; each file's siblings before the file.
  // Synchronous calls: each is a change of a folder entry, microseconds of work, where a promise-based
  // call adds a round trip through the thread pool (four per file: a few milliseconds an edit).
  for (const path of writes) {
    const item = staged.get(path) as Staged;
    const target = join(out, filePathFor(path));
    const from = join(staging, String(item.index));
    await step(path);
    mkdirSync(dirname(target), { recursive: true });
    for (const [, suffix] of SIBLINGS) {
      if (item.siblings) renameSync(`${from}${suffix}`, `${target}${suffix}`);
      else rmSync(`${target}${suffix}`, { force: true });
    }
    renameSync(from, target);
  }
  const recipes: [string, string][] = [
    ['nginx.conf', nginxRecipe(settings)],
    ['_headers', headersRecipe(settings, linked)],
    ...redirectRecipes(rendered),
  ];
  for (const [name, text] of recipes) {
    const current = await readFile(join(out, name), 'utf8').catch(() => undefined);
    if (current === text) continue;
    await step(name);
    await replace(name, text);
    files += 1;
  }
  // The last alias gone: its rules go too (the pages at old addresses are removed with the plan).
  for (const name of REDIRECT_RECIPE_FILES) {
    if (recipes.some(([written]) => written === name)) continue;
    await rm(join(out, name), { force: true });
  }
  removedFiles = await removeGone(
    out,
    plan.removed.map((path) => ({
      file: filePathFor(path),
      mediaType: previous.entries[path]?.mediaType ?? '',
    })),
    join(staging, 'gone'),
    step,
  );
  // Also when nothing was written: fingerprints may have changed while the bytes did not.
  const marker = markerText(manifest(plan.next));
  const current = options.marker ?? (await readFile(join(out, EXPORT_MARKER), 'utf8').catch(() => undefined));
  if (current !== marker) {
    await step('marker');
    await replace(EXPORT_MARKER, marker);
  }
  await rm(join(out, PENDING_FILE), { force: true });
  await rm(staging, { recursive: true, force: true });
  return { plan, files, removedFiles };
}
