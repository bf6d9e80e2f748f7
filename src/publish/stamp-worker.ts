// Runs in a worker thread: lists the articles folder and stamps every article file (see
// early-stamps.ts). A folder that cannot be listed ends the thread with an error.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { isArticleFileName } from '../content/file-name.ts';
import { type FileStamp, fileStamp } from '../content/file-stamp.ts';

function stampAll(folder: string): Map<string, FileStamp> {
  const stamps = new Map<string, FileStamp>();
  for (const name of readdirSync(folder)) {
    if (!isArticleFileName(name)) continue;
    const stamp = fileStamp(join(folder, name));
    if (stamp !== undefined) stamps.set(name, stamp);
  }
  return stamps;
}

parentPort?.postMessage(stampAll((workerData as { folder: string }).folder));
