// A full export rendered on several threads (each reading the site again) writes exactly the files,
// bytes and modification times of one rendered on the main thread alone.
import { readdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishOnce } from '../../src/cli/publish-once.ts';
import { exportSite } from '../../src/export/export-site.ts';
import { checkOutputFolder } from '../../src/export/output-folder.ts';
import type { RenderedSite, SiteSettings } from '../../src/model.ts';
import { type FixtureFolder, makeFixtureFolder } from './site-fixture-folder.ts';

/** Every file under `dir`: its bytes and, for the files of URLs, its modification time. */
async function snapshot(dir: string): Promise<Map<string, { bytes: Buffer; mtimeMs?: number }>> {
  const files = new Map<string, { bytes: Buffer; mtimeMs?: number }>();
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    const name = path.slice(dir.length + 1);
    // The hosting recipes are written when the export ends; their times say nothing.
    const recipe = !name.includes('/') && !name.includes('.html') && !/\.(xml|json)/.test(name);
    files.set(name, {
      bytes: await readFile(path),
      ...(recipe ? {} : { mtimeMs: (await stat(path)).mtimeMs }),
    });
  }
  return files;
}

/**
 * A small site is rendered before a thread started from the TypeScript sources has read it: the main
 * thread waits after its first file until every thread has joined or been turned away, as the main
 * thread of a large export is still rendering by then.
 */
function waitingForThreads(threads: number) {
  let answered = 0;
  let all: () => void = () => {};
  const gate = new Promise<void>((resolve) => {
    all = resolve;
  });
  return {
    onThread: () => {
      answered += 1;
      if (answered === threads) all();
    },
    afterFile: () => gate,
  };
}

describe('a full export on render threads', () => {
  let fixture: FixtureFolder;
  let settings: SiteSettings;
  let rendered: RenderedSite;
  let publishedAt: Date;
  let single: Awaited<ReturnType<typeof snapshot>>;

  const exportInto = async (name: string, options: Partial<Parameters<typeof exportSite>[0]>) => {
    const out = join(fixture.root, name);
    const folder = await checkOutputFolder(out, {
      articlesDir: fixture.articlesDir,
      projectRoot: fixture.root,
    });
    const summary = await exportSite({ settings, rendered, folder, ...options });
    return { out, summary };
  };

  beforeAll(async () => {
    fixture = await makeFixtureFolder(40);
    // As `herald build` reads the site: through the article cache in the state folder.
    settings = { ...fixture.settings, stateDir: join(fixture.root, '.herald') };
    publishedAt = new Date();
    ({ rendered } = await publishOnce(settings));
    const { out } = await exportInto('single', { workers: 2 });
    single = await snapshot(out);
    expect(single.size).toBeGreaterThan(rendered.paths().length);
  }, 60_000);

  afterAll(async () => {
    await rm(fixture.root, { recursive: true, force: true });
  });

  it('writes the same files, bytes and times as the main thread alone', async () => {
    const { out, summary } = await exportInto('threads', {
      workers: 2,
      source: { settings, now: publishedAt },
      ...waitingForThreads(1),
    });
    expect(summary.threads).toBe(2);
    expect(await snapshot(out)).toEqual(single);
  }, 60_000);

  it('does the same without compression, on three threads', async () => {
    const plain = await exportInto('plain-single', { compress: false, workers: 1 });
    const { out, summary } = await exportInto('plain-threads', {
      compress: false,
      workers: 3,
      source: { settings, now: publishedAt },
      ...waitingForThreads(2),
    });
    expect(summary.threads).toBe(3);
    expect(await snapshot(out)).toEqual(await snapshot(plain.out));
  }, 60_000);

  it('renders on the main thread alone when a thread reads a different site', async () => {
    // Read as of 1990, no article is due yet: that site is not the one published.
    const { out, summary } = await exportInto('different', {
      workers: 2,
      source: { settings, now: new Date('1990-01-01T00:00:00Z') },
      ...waitingForThreads(1),
    });
    expect(summary.threads).toBe(1);
    expect(await snapshot(out)).toEqual(single);
  }, 60_000);
});
