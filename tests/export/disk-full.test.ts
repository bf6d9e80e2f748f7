// `herald build` onto a disk that fills up: one clear line, no stack trace, the old output kept.
import { spawn } from 'node:child_process';
import { mkdir, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collect } from '../helpers/run-herald.ts';
import { cliSettings, type FixtureFolder, makeFixtureFolder } from './site-fixture-folder.ts';

const MAIN = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

describe('herald build when the disk is full', () => {
  let fixture: FixtureFolder;
  beforeAll(async () => {
    fixture = await makeFixtureFolder(20);
    await mkdir(join(fixture.root, 'small-disk'));
  });
  afterAll(async () => {
    await rm(fixture.root, { recursive: true, force: true });
  });

  it('says so in one line, with no stack trace, and exits 1', async () => {
    const disk = join(fixture.root, 'small-disk');
    // A 64 kB file system of its own, in a private mount namespace (util-linux `unshare`; as an
    // unprivileged user too, through a user namespace), so the test fills no real disk.
    const child = spawn(
      'unshare',
      [
        '--map-root-user',
        '--mount',
        'sh',
        '-c',
        'mount -t tmpfs -o size=64k tmpfs "$0" && exec "$@"',
        disk,
        process.execPath,
        '--import',
        TSX,
        MAIN,
        'build',
        '--out',
        join(disk, 'site'),
        ...cliSettings(fixture),
      ],
      { cwd: fixture.root, stdio: 'pipe' },
    );
    const result = await collect(child);
    expect(result.stderr).toMatch(/^herald build: failed, .* ENOSPC: no space left on device, write\n$/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(result.code).toBe(1);
  }, 120_000);
});
