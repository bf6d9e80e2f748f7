// One URL of the site rendered and written into the export, with what the manifest and the hosting
// recipes need to know about it. The same on the main thread and in the render threads.
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { RenderedSite } from '../model.ts';
import { copyStreamed } from './copy-streamed.ts';
import type { PublishedEntry } from './export-manifest.ts';
import { filePathFor } from './file-paths.ts';
import { type ExportedFile, exportedFile } from './media-type-rules.ts';
import { entryFor, fingerprintOf } from './plan-update.ts';
import { type Written, writeWithSiblings } from './write-siblings.ts';

export interface ExportedPath extends Written {
  exported: ExportedFile;
  entry: PublishedEntry;
  /** Whether .gz and .br siblings were written. */
  siblings: boolean;
}

export async function exportPath(
  rendered: RenderedSite,
  path: string,
  temp: string,
  compress: boolean,
): Promise<ExportedPath> {
  const representation = rendered.get(path);
  if (!representation) throw new Error(`${path} is listed but has no representation`);
  const file = filePathFor(path);
  const siblings = compress && representation.encodings.length > 1;
  const { streamed } = representation;
  const written = streamed
    ? await copyStreamed(streamed, join(temp, file), representation.lastModified).then(() => ({
        bytes: streamed.size,
        files: 1,
      }))
    : writeWithSiblings(join(temp, file), representation.body, representation.lastModified, siblings);
  return {
    exported: exportedFile(path, representation),
    entry: entryFor(representation, fingerprintOf(rendered, path)),
    siblings,
    ...written,
  };
}

/**
 * Every path of the site with the fingerprint of its inputs (articles, settings): two threads that
 * read the same folder agree on it exactly when they would render the same files.
 */
export function siteDigest(rendered: RenderedSite, paths: readonly string[]): string {
  const hash = createHash('sha256');
  for (const path of paths) hash.update(`${path}\n${fingerprintOf(rendered, path) ?? ''}\n`);
  return hash.digest('base64url');
}
