// An export's manifest, and which of its files are no longer as it records them, read on another
// thread while the build reads the articles. Checking the 19,000 files of a 10,000-article export is
// one `lstat` each, a tenth of a second of an edit's build; the other core is mostly idle meanwhile.
import { oneShotWorker } from '../one-shot-worker.ts';
import { workerEntry } from '../worker-entry.ts';
import type { ExportCheck } from './export-check-worker.ts';
import {
  type ExportFiles,
  manifestFromFiles,
  type PublishedManifest,
  readExportFiles,
} from './export-manifest.ts';
import { stillOnDisk } from './still-on-disk.ts';

export interface CheckedExport {
  /** As readExportManifest reads it. */
  manifest: PublishedManifest | undefined;
  /** The marker's text as read: the build compares the marker it writes with it. */
  marker: string | undefined;
  /** Whether the file of `path` was there as the manifest records it. */
  stillPublished: (path: string) => boolean;
}

/** The export's marker and pending record as read by this thread, and the manifest they give. */
export interface ManifestRead {
  files: ExportFiles;
  manifest: PublishedManifest | undefined;
}

/**
 * Reads and parses the export's manifest on this thread (3 MB at 10,000 articles), for a build to
 * do while it waits for something else; checkExportEarly takes it.
 */
export async function readManifestEarly(out: string): Promise<ManifestRead> {
  const files = await readExportFiles(out);
  return { files, manifest: manifestFromFiles(files) };
}

/**
 * Starts reading and checking the export in `out`. A thread that cannot start or fails leaves the
 * work to this one, so the answer is the same either way. `read`: the manifest as this thread read
 * it before (readManifestEarly), used when the thread found the same files.
 */
export function checkExportEarly(out: string, read?: Promise<ManifestRead>): () => Promise<CheckedExport> {
  // The worker parses the marker to know which files to check, and this thread parses it too for
  // the plan: a copy of the parsed manifest handed over between threads would cost as much.
  const answer = oneShotWorker<ExportCheck>(workerEntry(import.meta.url, 'export-check-worker'), { out });
  return async () => {
    const [check, mine] = await Promise.all([answer, read]);
    if (check) {
      const notOnDisk = new Set(check.notOnDisk);
      // The marker may have been replaced in between (another build): then the worker's is the one
      // its check matches.
      const same = mine && mine.files.marker === check.marker && mine.files.pending === check.pending;
      return {
        manifest: same ? mine.manifest : manifestFromFiles(check),
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
