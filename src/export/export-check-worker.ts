// Runs in a worker thread (see early-export-check.ts): reads an export's marker and pending record,
// and checks every file the marker lists against the size and mtime it records.
import { parentPort, workerData } from 'node:worker_threads';
import { type ExportMarker, type PublishedEntry, readExportFiles } from './export-manifest.ts';
import { stillOnDisk } from './still-on-disk.ts';

export interface ExportCheck {
  marker: string | undefined;
  pending: string | undefined;
  /** Paths of the marker's manifest whose file is not there as recorded. */
  notOnDisk: string[];
}

async function check(out: string): Promise<ExportCheck> {
  const files = await readExportFiles(out);
  const notOnDisk: string[] = [];
  if (files.marker !== undefined) {
    let entries: Record<string, PublishedEntry>;
    try {
      entries = (JSON.parse(files.marker) as ExportMarker).manifest?.entries ?? {};
    } catch {
      entries = {};
    }
    if (typeof entries === 'object' && entries !== null) {
      const found = stillOnDisk(out, entries);
      for (const path of Object.keys(entries)) if (!found.has(path)) notOnDisk.push(path);
    }
  }
  return { ...files, notOnDisk };
}

parentPort?.postMessage(await check((workerData as { out: string }).out));
