// An export's manifest, and which of its files are no longer as it records them, read on another
// thread while the build reads the articles. Checking the 19,000 files of a 10,000-article export is
// one `lstat` each, a tenth of a second of an edit's build; the other core is mostly idle meanwhile.
import { oneShotWorker } from '../one-shot-worker.ts';
import { workerEntry } from '../worker-entry.ts';
import type { ExportCheck } from './export-check-worker.ts';
import { manifestFromFiles, type PublishedManifest, readExportFiles } from './export-manifest.ts';
import { stillOnDisk } from './still-on-disk.ts';

export interface CheckedExport {
  /** As readExportManifest reads it. */
  manifest: PublishedManifest | undefined;
  /** The marker's text as read: the build compares the marker it writes with it. */
  marker: string | undefined;
  /** Whether the file of `path` was there as the manifest records it. */
  stillPublished: (path: string) => boolean;
}

/**
 * Starts reading and checking the export in `out`. A thread that cannot start or fails leaves the
 * work to this one, so the answer is the same either way.
 */
export function checkExportEarly(out: string): () => Promise<CheckedExport> {
  // The worker parses the marker to know which files to check, and this thread parses it again for
  // the plan: a copy of the parsed manifest handed over between threads would cost as much.
  const answer = oneShotWorker<ExportCheck>(workerEntry(import.meta.url, 'export-check-worker'), { out });
  return async () => {
    const check = await answer;
    if (check) {
      const notOnDisk = new Set(check.notOnDisk);
      return {
        manifest: manifestFromFiles(check),
        marker: check.marker,
        stillPublished: (path) => !notOnDisk.has(path),
      };
    }
    const files = await readExportFiles(out);
    const manifest = manifestFromFiles(files);
    const found = manifest ? stillOnDisk(out, manifest.entries) : new Set<string>();
    return { manifest, marker: files.marker, stillPublished: (path) => found.has(path) };
  };
}
