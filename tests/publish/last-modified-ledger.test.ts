// Last-Modified from the ledger: forward exactly when the bytes change, never backwards, the same for
// every process sharing the state folder and after a restart.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LEDGER_FILE, openLedger } from '../../src/publish/last-modified-ledger.ts';
import { REPO_ROOT } from '../helpers/articles-dir.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'herald-ledger-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A clock the test moves by hand (milliseconds). */
function manualClock(start = Date.UTC(2026, 0, 1, 12)) {
  let now = start;
  return {
    clock: () => new Date(now),
    set: (ms: number) => (now = ms),
    advance: (ms: number) => (now += ms),
  };
}

describe('the Last-Modified ledger', () => {
  it('keeps the time while the bytes stay the same, and moves it on when they change', () => {
    const time = manualClock();
    const ledger = openLedger(dir, time.clock);
    const first = ledger.stamp('/feed.xml', '"a"');
    time.advance(60_000);
    expect(ledger.stamp('/feed.xml', '"a"')).toEqual(first);
    const second = ledger.stamp('/feed.xml', '"b"');
    expect(second.getTime()).toBe(first.getTime() + 60_000);
    ledger.close();
  });

  it('moves forward by a second even when the clock has not moved or went back', () => {
    const time = manualClock();
    const ledger = openLedger(dir, time.clock);
    const first = ledger.stamp('/atom.xml', '"a"').getTime();
    expect(ledger.stamp('/atom.xml', '"b"').getTime()).toBe(first + 1000);
    time.advance(-3_600_000);
    expect(ledger.stamp('/atom.xml', '"a"').getTime()).toBe(first + 2000);
    ledger.close();
  });

  it('gives the same times after a restart', () => {
    const time = manualClock();
    const before = openLedger(dir, time.clock);
    const stamped = before.stamp('/', '"x"');
    before.close();
    time.advance(86_400_000);
    const after = openLedger(dir, time.clock);
    expect(after.stamp('/', '"x"')).toEqual(stamped);
    after.close();
  });

  it('stamps after being closed as before, with what another process recorded meanwhile', () => {
    const a = manualClock();
    const b = manualClock(Date.UTC(2026, 0, 1, 13));
    const one = openLedger(dir, a.clock);
    const mine = one.stamp('/closed/', '"1"');
    one.close();
    const two = openLedger(dir, b.clock);
    const theirs = two.stamp('/other/', '"1"');
    two.close();
    a.advance(7_200_000);
    expect(one.stamp('/closed/', '"1"')).toEqual(mine);
    expect(one.stamp('/other/', '"1"')).toEqual(theirs);
    one.close();
  });

  it('lets two processes on the same state folder agree on the first time recorded', () => {
    const a = manualClock();
    const b = manualClock(Date.UTC(2026, 0, 1, 13));
    const one = openLedger(dir, a.clock);
    const two = openLedger(dir, b.clock);
    const fromOne = one.stamp('/feed.json', '"v1"');
    expect(two.stamp('/feed.json', '"v1"')).toEqual(fromOne);
    b.advance(1000);
    const changed = two.stamp('/feed.json', '"v2"');
    expect(one.stamp('/feed.json', '"v2"')).toEqual(changed);
    one.close();
    two.close();
  });

  it('keeps working when the state folder is removed while it runs', async () => {
    const time = manualClock();
    const state = join(dir, 'state');
    const ledger = openLedger(state, time.clock);
    const first = ledger.stamp('/feed.xml', '"a"');
    await rm(state, { recursive: true, force: true });
    time.advance(5000);
    expect(ledger.stamp('/feed.xml', '"b"').getTime()).toBeGreaterThan(first.getTime());
    ledger.close();
    ledger.close();
  });

  it('never fails a page when the state folder cannot be written, and never goes backwards', async () => {
    const time = manualClock();
    const state = join(dir, 'state');
    const ledger = openLedger(state, time.clock);
    const first = ledger.stamp('/feed.xml', '"a"');
    await rm(state, { recursive: true, force: true });
    // A file where the folder was: it cannot be made again.
    await writeFile(state, 'not a folder');
    time.advance(5000);
    const second = ledger.stamp('/feed.xml', '"b"');
    expect(second.getTime()).toBeGreaterThan(first.getTime());
    expect(ledger.stamp('/feed.xml', '"b"')).toEqual(second);
    ledger.close();
  });

  it('agrees across real processes appending at the same time', async () => {
    // Four processes stamp the same 200 paths with the same ETags at once; each prints what it got.
    const script = `
      import { openLedger } from ${JSON.stringify(join(REPO_ROOT, 'src/publish/last-modified-ledger.ts'))};
      const ledger = openLedger(process.argv[1], () => new Date(Date.now() + Number(process.argv[2])));
      const out = [];
      for (let i = 0; i < 200; i++) out.push(ledger.stamp('/p/' + i + '/', '"e' + i + '"').getTime());
      process.stdout.write(JSON.stringify(out));
    `;
    const runs = await Promise.all(
      [0, 5000, 10000, 15000].map(
        (skew) =>
          new Promise<number[]>((resolve, reject) => {
            const child = spawn(
              process.execPath,
              ['--import', 'tsx', '--input-type=module', '-e', script, dir, String(skew)],
              { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
            );
            let stdout = '';
            let stderr = '';
            child.stdout.on('data', (chunk: Buffer) => {
              stdout += chunk.toString();
            });
            child.stderr.on('data', (chunk: Buffer) => {
              stderr += chunk.toString();
            });
            child.on('exit', (code) =>
              code === 0 ? resolve(JSON.parse(stdout) as number[]) : reject(new Error(stderr)),
            );
          }),
      ),
    );
    // Whichever process recorded a path first, every process serves that time.
    expect(runs[0]?.every(Number.isFinite)).toBe(true);
    for (const run of runs) expect(run).toEqual(runs[0]);
    const lines = (await readFile(join(dir, LEDGER_FILE), 'utf8')).trim().split('\n');
    expect(lines.length).toBeGreaterThanOrEqual(200);
  });

  it('is forward-only and changes exactly with the ETag over any history (property)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            path: fc.constantFrom('/', '/feed.xml', '/archive/1/atom.xml'),
            etag: fc.constantFrom('"a"', '"b"', '"c"'),
            step: fc.integer({ min: -5000, max: 5000 }),
            process: fc.constantFrom(0, 1),
            restart: fc.boolean(),
          }),
          { maxLength: 40 },
        ),
        (history) => {
          const state = `${dir}/p-${Math.random().toString(36).slice(2)}`;
          const time = manualClock();
          const ledgers = [openLedger(state, time.clock), openLedger(state, time.clock)];
          const seen = new Map<string, { etag: string; time: number }>();
          for (const { path, etag, step, process, restart } of history) {
            time.advance(step);
            if (restart) {
              ledgers[process]?.close();
              ledgers[process] = openLedger(state, time.clock);
            }
            const stamped = (ledgers[process] as ReturnType<typeof openLedger>).stamp(path, etag).getTime();
            const before = seen.get(path);
            if (before?.etag === etag) expect(stamped).toBe(before.time);
            else if (before) expect(stamped).toBeGreaterThan(before.time);
            seen.set(path, { etag, time: stamped });
          }
          for (const ledger of ledgers) ledger.close();
        },
      ),
      { numRuns: 200 },
    );
  });
});
