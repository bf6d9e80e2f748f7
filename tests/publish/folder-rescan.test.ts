// The periodic comparison of the articles folder (the safety net for events the watcher misses)
// runs at its shortest interval on a small folder, and backs off on a large one, whose scan takes
// tens of milliseconds of the main thread that a polled server would rather spend answering.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { FileStamp } from '../../src/content/file-stamp.ts';
import { startRescan } from '../../src/publish/folder-rescan.ts';

let folder: string | undefined;

afterEach(async () => {
  if (folder) await rm(folder, { recursive: true, force: true });
  folder = undefined;
});

async function folderOf(count: number): Promise<string> {
  const path = await mkdtemp(join(tmpdir(), 'herald-rescan-'));
  for (let i = 0; i < count; i++) {
    const day = String((i % 28) + 1).padStart(2, '0');
    await writeFile(join(path, `2022-06-${day}-article-${i}.md`), `---\ntitle: A ${i}\n---\nText.\n`);
  }
  return path;
}

/** Scans of `path` during `ms`, every `intervalMs` at the least; what each scan reported. */
async function scansOver(path: string, intervalMs: number, ms: number): Promise<string[][]> {
  const reloads: string[][] = [];
  const known = new Map<string, FileStamp>();
  const rescan = startRescan({
    folder: path,
    known: () => known,
    enqueue: (update) => void update(),
    settled: async () => {},
    reload: async (names) => {
      reloads.push(names);
    },
    rewatch: () => {},
    log: () => {},
    intervalMs,
  });
  await new Promise((resolve) => setTimeout(resolve, ms));
  rescan.close();
  return reloads;
}

describe('the periodic folder scan', () => {
  it('compares a small folder at its shortest interval and finds what was never read', async () => {
    folder = await folderOf(3);
    const scans = await scansOver(folder, 40, 1000);
    expect(scans.length).toBeGreaterThanOrEqual(8);
    expect(scans[0]).toHaveLength(3);
  });

  it('backs off on a large folder, so its scans stay a small share of the main thread', async () => {
    folder = await folderOf(6000);
    // Every 40 ms, a scan of 6,000 entries (a microsecond each at the very least) would run about
    // 20 times a second; at one per cent of the thread it runs at most three times in these 1.5 s.
    const scans = await scansOver(folder, 40, 1500);
    expect(scans.length).toBeGreaterThanOrEqual(1);
    expect(scans.length).toBeLessThanOrEqual(3);
    expect(scans[0]).toHaveLength(6000);
  }, 30_000);
});
