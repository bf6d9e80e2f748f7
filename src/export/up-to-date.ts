// A build with nothing to do, told without reading an article or rendering a page. After each
// build the state folder records, per output folder, the digest of the build's inputs (see
// build-inputs.ts), when the next scheduled article falls due, the export marker as the build left
// it, and the problems it printed. A later build whose inputs have the same digest, before that
// moment, into a folder whose marker and files are still the ones recorded, would write exactly what
// is there: `make` and git's index answer "is anything to do?" the same way.
import { existsSync, lstatSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Problem, SiteSettings } from '../model.ts';
import { type FolderInputs, inputsDigest, LAST_BUILDS_FILE, stateFolderInputs } from './build-inputs.ts';
import { readExportManifest } from './export-manifest.ts';
import { RECIPE_FILES } from './nginx-recipe.ts';
import { EXPORT_MARKER } from './output-folder.ts';
import { stillOnDisk } from './still-on-disk.ts';

/**
 * A file changed less than this long before a build listed it may change again within the same tick
 * of the file system's clock and keep its identity, so such a build is not recorded and the next one
 * does the work (the article cache's rule, and git's "racy" index entries).
 */
const RACY_MS = 2000;

export interface LastBuild {
  inputs: string;
  /** Milliseconds: when the next scheduled article falls due and the output changes by itself. */
  until?: number;
  /** The export marker's identity as the build left it. */
  marker: string;
  /** URLs in the export. */
  urls: number;
  /** Articles published. */
  articles: number;
  /** The problems the build printed, printed again by a build that finds nothing to do. */
  problems: Problem[];
}

interface Where {
  /** The output folder, its real path. */
  out: string;
  settings: SiteSettings;
  /** See InputsOptions.variant. */
  variant: string;
}

export interface BuildRecord extends Where {
  /** The articles folder as listed before the build read it. */
  articles: FolderInputs;
  /** When the build started (ms). */
  startedAt: number;
  nextDueAt?: Date;
  urls: number;
  published: number;
  problems: readonly Problem[];
  /** See RACY_MS; tests lower it. */
  racyMs?: number;
}

/**
 * Records a finished build. A build that read files written just before it started is forgotten
 * instead, so the next build into that folder does the work.
 */
export async function recordBuild(record: BuildRecord): Promise<void> {
  const { out, settings } = record;
  const builds = await readLastBuilds(settings.stateDir);
  delete builds[out];
  // Folders since removed (a temporary export, a renamed one) are forgotten, so the record stays small.
  for (const folder of Object.keys(builds)) if (!existsSync(folder)) delete builds[folder];
  const marker = markerIdentity(out);
  if (marker !== undefined && record.articles.newestMs + (record.racyMs ?? RACY_MS) < record.startedAt) {
    builds[out] = {
      inputs: inputsDigest(record, record.articles, stateFolderInputs(settings.stateDir)),
      ...(record.nextDueAt ? { until: record.nextDueAt.getTime() } : {}),
      marker,
      urls: record.urls,
      articles: record.published,
      problems: [...record.problems],
    };
  }
  const file = join(settings.stateDir, LAST_BUILDS_FILE);
  await mkdir(settings.stateDir, { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, JSON.stringify(builds));
  await rename(temp, file);
}

/**
 * The last build into `out` when a build now would write nothing: same inputs, no article due since,
 * the marker and every file of the export as that build left them. Undefined otherwise.
 */
export async function upToDate(
  where: Where & { now: Date; articles: FolderInputs },
): Promise<LastBuild | undefined> {
  const last = (await readLastBuilds(where.settings.stateDir))[where.out];
  if (!last) return undefined;
  if (last.until !== undefined && where.now.getTime() >= last.until) return undefined;
  if (markerIdentity(where.out) !== last.marker) return undefined;
  const inputs = inputsDigest(where, where.articles, stateFolderInputs(where.settings.stateDir));
  if (inputs !== last.inputs) return undefined;
  const manifest = await readExportManifest(where.out);
  if (!manifest) return undefined;
  const entries = Object.keys(manifest.entries);
  if (entries.some((path) => manifest.entries[path]?.pending)) return undefined;
  if (stillOnDisk(where.out, manifest.entries).size !== entries.length) return undefined;
  return last;
}

async function readLastBuilds(stateDir: string): Promise<Record<string, LastBuild>> {
  const text = await readFile(join(stateDir, LAST_BUILDS_FILE), 'utf8').catch(() => undefined);
  if (text === undefined) return {};
  try {
    const parsed = JSON.parse(text) as unknown;
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, LastBuild>)
      : {};
  } catch {
    return {}; // a damaged record is no record: the next build does the work
  }
}

/**
 * The identity of the export marker and of the hosting recipes beside it (nginx.conf, _headers, the
 * redirect rules), which the manifest does not list: one of them removed or edited by hand is a
 * change too. Undefined without a marker.
 */
function markerIdentity(out: string): string | undefined {
  const marker = lstatSync(join(out, EXPORT_MARKER), { throwIfNoEntry: false });
  if (!marker?.isFile()) return undefined;
  return RECIPE_FILES.map((name) => {
    const info = lstatSync(join(out, name), { throwIfNoEntry: false });
    return info ? `${info.dev}:${info.ino}:${info.size}:${info.mtimeMs}:${info.ctimeMs}` : '-';
  }).join(' ');
}
