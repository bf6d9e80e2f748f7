// The periodic comparison of the articles folder (the safety net for events the watcher misses)
// runs at its shortest interval on a small folder, and backs off on a large one, whose scan takes
// tens of milliseconds of the main thread that a polled server would rather spend answering.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { FileStamp } from '../../src/content/file-stamp.ts';
import { type RescanOptions, startRescan } from '../../src/publish/folder-rescan.ts';

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

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A rescan of `path` with nothing read yet, and what each of its scans reported (the names it found
 * different).
 */
function recordingRescan(path: string, options: Partial<RescanOptions>) {
  const reloads: string[][] = [];
  const rescan = startRescan({
    folder: path,
    known: () => new Map<string, FileStamp>(),
    enqueue: (update) => void update(),
    settled: async () => {},
    reload: async (names) => {
      reloads.push(names);
    },
    rewatch: () => {},
    log: () => {},
    ...options,
  });
  return { rescan, reloads };
}

/** Scans of `path` during `ms`, every `intervalMs` at the least; what each scan reported. */
async function scansOver(path: string, intervalMs: number, ms: number): Promise<string[][]> {
  const { rescan, reloads } = recordingRescan(path, { intervalMs });
  await sleep(ms);
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

describe('the scan after a burst of watch events', () => {
  /** Periodic scans a minute apart, so only bursts start scans in these tests. */
  const burstRescan = (path: string, options: Partial<RescanOptions> = {}) =>
    recordingRescan(path, { intervalMs: 60_000, settleMs: 100, burstFiles: 1000, ...options });

  it('adds up the batches: a slow burst of small batches gets its scan soon after it ends', async () => {
    folder = await folderOf(3);
    // A settle long enough that a 5 ms pause stalled by a busy machine does not end the burst early.
    const { rescan, reloads } = burstRescan(folder, { settleMs: 300 });
    try {
      // A sed -i over 1,200 files as the watcher hands it on: a dozen files every 5 ms.
      for (let i = 0; i < 100; i++) {
        rescan.watched(12, false);
        await sleep(5);
      }
      expect(reloads).toHaveLength(0); // not while the burst goes on
      await sleep(700);
      expect(reloads).toHaveLength(1);
      expect(reloads[0]).toHaveLength(3);
    } finally {
      rescan.close();
    }
  });

  it('starts no scan for a few edits, nor for batches that add up to less than a burst', async () => {
    folder = await folderOf(3);
    const { rescan, reloads } = burstRescan(folder);
    try {
      for (let i = 0; i < 50; i++) rescan.watched(12, false);
      await sleep(400);
      expect(reloads).toHaveLength(0);
      // The folder must be listed again (an event without a name): a scan, however few the files.
      rescan.watched(0, true);
      await sleep(400);
      expect(reloads).toHaveLength(1);
    } finally {
      rescan.close();
    }
  });

  it('runs a burst’s scan after the scan that was running when it came due, not never', async () => {
    folder = await folderOf(3);
    // The first scan waits for the reading of its burst to settle until released.
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let waits = 0;
    const { rescan, reloads } = burstRescan(folder, {
      settled: () => (++waits === 1 ? held : Promise.resolve()),
    });
    try {
      rescan.watched(1000, false);
      await sleep(250); // the first scan has started and waits
      expect(waits).toBe(1);
      rescan.watched(1000, false);
      await sleep(250); // the second burst's scan came due while the first still waits
      expect(reloads).toHaveLength(0);
      release();
      await sleep(200);
      expect(reloads).toHaveLength(2);
    } finally {
      rescan.close();
    }
  });
});
