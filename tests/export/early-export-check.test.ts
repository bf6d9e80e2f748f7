// The export's manifest and the check of its files, made on another thread while a build reads the
// articles, give what reading and checking them on the build's own thread gives.
import { mkdir, mkdtemp, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkExportEarly, readManifestEarly } from '../../src/export/early-export-check.ts';
import {
  MANIFEST_VERSION,
  markerText,
  PENDING_FILE,
  type PublishedEntry,
  pendingText,
  readExportManifest,
} from '../../src/export/export-manifest.ts';
import { filePathFor } from '../../src/export/file-paths.ts';
import { EXPORT_MARKER } from '../../src/export/output-folder.ts';

const folders: string[] = [];
afterEach(async () => {
  for (const folder of folders.splice(0)) await rm(folder, { recursive: true, force: true });
});

/** An export of `paths`, each file as its manifest entry records it. */
async function exportOf(paths: string[]): Promise<string> {
  const out = await mkdtemp(join(tmpdir(), 'herald-early-check-'));
  folders.push(out);
  const entries: Record<string, PublishedEntry> = {};
  for (const [i, path] of paths.entries()) {
    const file = join(out, filePathFor(path));
    await mkdir(join(file, '..'), { recursive: true });
    const body = `<p>${path}</p>`;
    await writeFile(file, body);
    const lastModified = Date.UTC(2024, 0, 1 + i);
    await utimes(file, lastModified / 1000, lastModified / 1000);
    entries[path] = {
      hash: `h${i}`,
      size: Buffer.byteLength(body),
      lastModified: (await stat(file)).mtimeMs,
      mediaType: 'text/html; charset=utf-8',
      status: 200,
    };
  }
  await writeFile(
    join(out, EXPORT_MARKER),
    markerText({ version: MANIFEST_VERSION, renderer: 'herald@test', compress: false, entries }),
  );
  return out;
}

describe('checking an export early', () => {
  it('finds the files removed or changed since the manifest was written, and reads the manifest as the build would', async () => {
    const paths = ['/', '/articles/one/', '/articles/two/', '/articles/three/', '/tags/x/'];
    const out = await exportOf(paths);
    await rm(join(out, filePathFor('/articles/two/')));
    await writeFile(join(out, filePathFor('/tags/x/')), '<p>edited by hand</p>');
    // Same size, other mtime.
    const touched = join(out, filePathFor('/articles/three/'));
    await utimes(touched, new Date(), new Date());
    await writeFile(
      join(out, PENDING_FILE),
      pendingText({
        '/articles/new/': {
          hash: 'n',
          size: 1,
          lastModified: 0,
          mediaType: 'text/html; charset=utf-8',
          status: 200,
        },
      }),
    );

    const checked = await checkExportEarly(out)();
    expect(checked.manifest).toEqual(await readExportManifest(out));
    expect(paths.filter((path) => !checked.stillPublished(path))).toEqual([
      '/articles/two/',
      '/articles/three/',
      '/tags/x/',
    ]);
    expect(checked.manifest?.entries['/articles/new/']?.pending).toBe(true);
  });

  it("takes the manifest this thread read early when the marker is still the same, and the thread's when it changed", async () => {
    const out = await exportOf(['/', '/articles/one/']);
    const early = readManifestEarly(out);
    const same = await checkExportEarly(out, early)();
    expect(same.manifest).toBe((await early).manifest);
    expect(same.manifest).toEqual(await readExportManifest(out));

    // Replaced after this thread read it: the plan must use the manifest the files were checked against.
    const before = readManifestEarly(out);
    await before;
    const entries = { ...((await before).manifest?.entries ?? {}) };
    delete entries['/articles/one/'];
    await writeFile(
      join(out, EXPORT_MARKER),
      markerText({ version: MANIFEST_VERSION, renderer: 'herald@test', compress: false, entries }),
    );
    const changed = await checkExportEarly(out, before)();
    expect(changed.manifest).not.toBe((await before).manifest);
    expect(Object.keys(changed.manifest?.entries ?? {})).toEqual(['/']);
  });

  it('finds no manifest in a folder without one', async () => {
    const out = await mkdtemp(join(tmpdir(), 'herald-early-check-'));
    folders.push(out);
    const checked = await checkExportEarly(out)();
    expect(checked.manifest).toBeUndefined();
    expect(checked.marker).toBeUndefined();
  });
});
