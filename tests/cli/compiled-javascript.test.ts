// The shipped JavaScript: what `npm ci` compiles (its `prepare` step) is what `npx herald` and the
// export's worker threads run, on plain Node, with tsx not even installed. (`npm start` facing signals
// is tested in tests/http/signals.test.ts.)
import { execFile, spawn } from 'node:child_process';
import {
  chmod,
  copyFile,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  rm,
  stat,
  symlink,
  utimes,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeFixtureFolder } from '../export/site-fixture-folder.ts';
import { REPO_ROOT } from '../helpers/articles-dir.ts';
import { folderDigest } from '../helpers/folder-digest.ts';
import { collect, runHerald } from '../helpers/run-herald.ts';

const run = promisify(execFile);
const RECIPES = new Set(['_headers', 'nginx.conf', '.herald-export']);
/** Development-only packages the compiled program must not need. */
const DEV_ONLY = new Set(['tsx', 'esbuild', '@esbuild', '.bin']);

/**
 * An installed copy of Herald: package.json, bin/ and dist/ compiled and bundled by the project's own
 * build settings, and a node_modules with every package except tsx and esbuild.
 */
async function installCopy(): Promise<string> {
  const app = await mkdtemp(join(tmpdir(), 'herald-compiled-'));
  await mkdir(join(app, 'bin'));
  await copyFile(join(REPO_ROOT, 'package.json'), join(app, 'package.json'));
  await copyFile(join(REPO_ROOT, 'bin/herald.js'), join(app, 'bin/herald.js'));
  await mkdir(join(app, 'node_modules'));
  for (const name of await readdir(join(REPO_ROOT, 'node_modules'))) {
    if (!DEV_ONLY.has(name))
      await symlink(join(REPO_ROOT, 'node_modules', name), join(app, 'node_modules', name));
  }
  const tsc = join(REPO_ROOT, 'node_modules/typescript/bin/tsc');
  await run(process.execPath, [
    tsc,
    '-p',
    join(REPO_ROOT, 'tsconfig.build.json'),
    '--outDir',
    join(app, 'dist'),
  ]);
  await run(process.execPath, [join(REPO_ROOT, 'esbuild.config.mjs'), join(app, 'dist/bundle')]);
  return app;
}

describe('the compiled JavaScript', () => {
  let app: string;
  let fixture: Awaited<ReturnType<typeof makeFixtureFolder>>;
  /** Where the installed copy keeps its code cache (NODE_COMPILE_CACHE), not the user's ~/.cache. */
  let caches: string;

  beforeAll(async () => {
    [app, fixture, caches] = await Promise.all([
      installCopy(),
      makeFixtureFolder(3),
      mkdtemp(join(tmpdir(), 'herald-code-cache-')),
    ]);
  }, 180_000);

  afterAll(async () => {
    await rm(app, { recursive: true, force: true });
    await rm(fixture.root, { recursive: true, force: true });
    await rm(caches, { recursive: true, force: true });
  });

  /** `npx herald …` in the installed copy, telling on stderr what became of the code cache. */
  const npxHerald = (args: string[], env: Record<string, string> = {}) =>
    collect(
      spawn(process.execPath, [join(app, 'bin/herald.js'), ...args], {
        cwd: fixture.root,
        stdio: 'pipe',
        env: { ...process.env, NODE_COMPILE_CACHE: caches, HERALD_DEBUG_COMPILE_CACHE: '1', ...env },
      }),
    );

  const settingsArgs = () => ['--articles', fixture.articlesDir, '--site-url', 'https://news.example.test/'];

  it('has a source map next to every module, pointing at the TypeScript', async () => {
    const map = JSON.parse(await readFile(join(app, 'dist/cli/main.js.map'), 'utf8')) as {
      sources: string[];
    };
    expect(map.sources).toHaveLength(1);
    expect(map.sources[0]).toMatch(/src\/cli\/main\.ts$/);
  });

  describe('npx herald build', () => {
    it('exports, in its worker threads, exactly the files the TypeScript sources export', async () => {
      const compiled = await npxHerald(['build', '--out', 'compiled', ...settingsArgs()]);
      // The bundle ran (only it has a code cache), and printed nothing else on stderr.
      expect(compiled.stderr).toMatch(/^herald: code cache (none|used)\n$/);
      expect(compiled.code).toBe(0);
      const sources = await runHerald(['build', '--out', 'sources', ...settingsArgs()], fixture.root);
      expect(sources.code).toBe(0);
      const [a, b] = await Promise.all([
        folderDigest(join(fixture.root, 'compiled')),
        folderDigest(join(fixture.root, 'sources')),
      ]);
      expect([...a.keys()].some((name) => name.endsWith('feed.xml.br'))).toBe(true);
      // The recipes are stamped with the time they were written; every other file with its Last-Modified.
      const bytesAndTime = (digest: Map<string, string>, name: string) =>
        RECIPES.has(name) ? digest.get(name)?.split('@')[0] : digest.get(name);
      // Names only, so a failure lists the files that differ instead of printing their bytes.
      const differing = [...new Set([...a.keys(), ...b.keys()])].filter(
        (name) => bytesAndTime(a, name) !== bytesAndTime(b, name),
      );
      expect(differing).toEqual([]);
    });
  });

  describe('the code cache', () => {
    const cacheFiles = async (folder: string) =>
      (await readdir(folder)).filter((name) => name.startsWith('herald-check-') && name.endsWith('.v8'));

    it("is made by a command's first run, used by the next, and changes nothing the command prints", async () => {
      const folder = await mkdtemp(join(caches, 'fresh-'));
      const first = await npxHerald(['check', ...settingsArgs()], { NODE_COMPILE_CACHE: folder });
      expect(first.code).toBe(0);
      expect(first.stderr).toContain('herald: code cache none');
      const [file] = await cacheFiles(folder);
      expect(file).toBeDefined();
      // Code V8 runs unchecked: readable and writable by this user alone.
      expect((await stat(join(folder, file as string))).mode & 0o777).toBe(0o600);
      const second = await npxHerald(['check', ...settingsArgs()], { NODE_COMPILE_CACHE: folder });
      expect(second.stderr).toContain('herald: code cache used');
      expect(second.code).toBe(0);
      expect(second.stdout).toBe(first.stdout);
      // The runs that used it are counted in its first bytes; it is made again on the runs whose count is
      // a power of two (here the second), so the third run finds the cache the second one made.
      const made = await readFile(join(folder, file as string));
      expect(made.readUInt32LE(0)).toBe(2);
      const third = await npxHerald(['check', ...settingsArgs()], { NODE_COMPILE_CACHE: folder });
      expect(third.stderr).toContain('herald: code cache used');
      const counted = await readFile(join(folder, file as string));
      expect(counted.readUInt32LE(0)).toBe(3);
      expect(counted.subarray(4).equals(made.subarray(4))).toBe(true);
    });

    it("keeps the caches of a command's last eight bundles, not of every bundle ever run", async () => {
      const folder = await mkdtemp(join(caches, 'pruned-'));
      // Caches of ten earlier bundles of `check`, the oldest first, one of `build`, and a temporary
      // file a run stopped while writing two hours ago.
      const old = Array.from({ length: 10 }, (_, i) => `herald-check-${String(i).padStart(16, '0')}.v8`);
      const hourAgo = (hours: number) => new Date(Date.now() - hours * 3_600_000);
      for (const [i, name] of old.entries()) {
        await writeFile(join(folder, name), 'old cache', { mode: 0o600 });
        await utimes(join(folder, name), hourAgo(20 - i), hourAgo(20 - i));
      }
      await writeFile(join(folder, 'herald-build-0000000000000000.v8'), 'other kind', { mode: 0o600 });
      const temp = join(folder, 'herald-check-0000000000000000.v8.123.tmp');
      await writeFile(temp, 'torn', { mode: 0o600 });
      await utimes(temp, hourAgo(2), hourAgo(2));

      const run = await npxHerald(['check', ...settingsArgs()], { NODE_COMPILE_CACHE: folder });
      expect(run.code).toBe(0);
      const left = await cacheFiles(folder);
      expect(left).toHaveLength(8);
      // This bundle's new cache and the seven most recent of the others.
      expect(left.filter((name) => !old.includes(name))).toHaveLength(1);
      expect(old.filter((name) => left.includes(name))).toEqual(old.slice(3));
      expect(await readdir(folder)).toContain('herald-build-0000000000000000.v8');
      expect(await readdir(folder)).not.toContain('herald-check-0000000000000000.v8.123.tmp');
    });

    it('is made again when damaged, and the command still does its work', async () => {
      const folder = await mkdtemp(join(caches, 'damaged-'));
      const first = await npxHerald(['check', ...settingsArgs()], { NODE_COMPILE_CACHE: folder });
      const file = join(folder, (await cacheFiles(folder))[0] as string);
      const garbage = Buffer.alloc(4096, 0x5a);
      await writeFile(file, garbage);
      const damaged = await npxHerald(['check', ...settingsArgs()], { NODE_COMPILE_CACHE: folder });
      expect(damaged.stderr).toContain('herald: code cache rejected');
      expect(damaged.code).toBe(0);
      expect(damaged.stdout).toBe(first.stdout);
      expect((await readFile(file)).equals(garbage)).toBe(false);
      const after = await npxHerald(['check', ...settingsArgs()], { NODE_COMPILE_CACHE: folder });
      expect(after.stderr).toContain('herald: code cache used');
    });

    it('is not used from a folder other users can write, nor when turned off', async () => {
      const open = await mkdtemp(join(caches, 'open-'));
      await chmod(open, 0o777);
      const shared = await npxHerald(['check', ...settingsArgs()], { NODE_COMPILE_CACHE: open });
      expect(shared.code).toBe(0);
      expect(shared.stderr).toContain('herald: code cache off');
      expect(await cacheFiles(open)).toEqual([]);
      const folder = await mkdtemp(join(caches, 'disabled-'));
      const disabled = await npxHerald(['check', ...settingsArgs()], {
        NODE_COMPILE_CACHE: folder,
        NODE_DISABLE_COMPILE_CACHE: '1',
      });
      expect(disabled.code).toBe(0);
      expect(disabled.stderr).toContain('herald: code cache off');
      expect(await cacheFiles(folder)).toEqual([]);
    });
  });
});
