// What an export folder (or a bucket) holds, URL by URL: the hash of the bytes, their size and
// Last-Modified, the media type, and the route's input fingerprint. It lets the next build or deploy
// decide what changed without reading every file back, and records what an interrupted run may have
// left half-done.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { EXPORT_MARKER } from './output-folder.ts';

export const MANIFEST_VERSION = 1;

export interface PublishedEntry {
  /** Strong ETag of the identity bytes, unquoted (a hash of the bytes). */
  hash: string;
  size: number;
  /** Last-Modified in milliseconds: the file's mtime in an export. */
  lastModified: number;
  mediaType: string;
  status: number;
  /** The HTTP `Link` header the recipes give the file, if any. */
  link?: string;
  /** The route's input fingerprint when the renderer gave one. */
  fingerprint?: string;
  /**
   * Set while a run may be writing this URL: its bytes on disk (or in the bucket) are unknown, so
   * the next run rewrites it, or removes it if the site no longer has it.
   */
  pending?: true;
}

export interface PublishedManifest {
  version: number;
  /** Which Herald rendered it: fingerprints only carry over between runs of the same renderer. */
  renderer: string;
  /** Whether every file has its .gz and .br siblings. */
  compress: boolean;
  /** URL path → what is published there. */
  entries: Record<string, PublishedEntry>;
}

/** The export marker's content: also the proof that `herald build` wrote the folder. */
export interface ExportMarker {
  generator: 'herald build';
  urls: number;
  manifest?: PublishedManifest;
}

export function markerText(manifest: PublishedManifest): string {
  const marker: ExportMarker = {
    generator: 'herald build',
    urls: Object.keys(manifest.entries).length,
    manifest,
  };
  return `${JSON.stringify(marker)}\n`;
}

/**
 * Beside the marker while a build writes: the entries of the URLs it is about to write, each
 * pending. A few lines instead of the whole manifest again (3 MB at 10,000 articles) before the
 * first file is replaced; removed once the marker is written with the finished manifest.
 */
export const PENDING_FILE = '.herald-export-pending';

/** The pending file's content: the entries about to be written. */
export function pendingText(entries: Record<string, PublishedEntry>): string {
  return `${JSON.stringify({ pending: entries })}\n`;
}

/**
 * The manifest with the entries of a pending record (pendingText's JSON, parsed) marked pending; a
 * record that is not one Herald wrote gives undefined, so everything is written anew.
 */
export function withPending(manifest: PublishedManifest, record: unknown): PublishedManifest | undefined {
  const entries = (record as { pending?: unknown } | null | undefined)?.pending;
  if (typeof entries !== 'object' || entries === null) return undefined;
  for (const [path, entry] of Object.entries(entries as Record<string, PublishedEntry>)) {
    manifest.entries[path] = { ...entry, pending: true };
  }
  return manifest;
}

/**
 * The manifest of an export folder, with the entries a build that did not finish was writing marked
 * pending; undefined when it has none that this Herald can use.
 */
export async function readExportManifest(out: string): Promise<PublishedManifest | undefined> {
  return manifestFromFiles(await readExportFiles(out));
}

/** The export's marker and pending record as they are on disk (undefined when missing). */
export interface ExportFiles {
  marker: string | undefined;
  pending: string | undefined;
}

export async function readExportFiles(out: string): Promise<ExportFiles> {
  const [marker, pending] = await Promise.all([
    readFile(join(out, EXPORT_MARKER), 'utf8').catch(() => undefined),
    readFile(join(out, PENDING_FILE), 'utf8').catch(() => undefined),
  ]);
  return { marker, pending };
}

/** readExportManifest's answer from the files' text. */
export function manifestFromFiles({ marker, pending }: ExportFiles): PublishedManifest | undefined {
  if (marker === undefined) return undefined;
  try {
    const manifest = usableManifest((JSON.parse(marker) as ExportMarker).manifest);
    if (!manifest || pending === undefined) return manifest;
    // Written whole and renamed into place, so it parses; anything else, and the export is built anew.
    return withPending(manifest, JSON.parse(pending));
  } catch {
    return undefined;
  }
}

/** The manifest when it is one this version of Herald wrote; anything else means "start over". */
export function usableManifest(value: unknown): PublishedManifest | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const manifest = value as Partial<PublishedManifest>;
  if (manifest.version !== MANIFEST_VERSION) return undefined;
  if (typeof manifest.entries !== 'object' || manifest.entries === null) return undefined;
  if (typeof manifest.compress !== 'boolean' || typeof manifest.renderer !== 'string') return undefined;
  return manifest as PublishedManifest;
}
