// The shipped JavaScript: what `npm ci` compiles (its `prepare` step) is what `npx herald` and the
// export's worker threads run, on plain Node, with tsx not even installed. (`npm start` facing signals
// is tested in tests/http/signals.test.ts.)
import { execFile, spawn } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, symlink } from 'node:fs/promises';
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
 * An installed copy of Herald: package.json, bin/ and dist/ compiled by the project's own build
 * settings, and a node_modules with every package except tsx and esbuild.
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
  return app;
}

describe('the compiled JavaScript', () => {
  let app: string;
  let fixture: Awaited<ReturnType<typeof makeFixtureFolder>>;

  beforeAll(async () => {
    [app, fixture] = await Promise.all([installCopy(), makeFixtureFolder(3)]);
  }, 180_000);

  afterAll(async () => {
    await rm(app, { recursive: true, force: true });
    await rm(fixture.root, { recursive: true, force: true });
  });

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
      const compiled = await collect(
        spawn(
          process.execPath,
          [join(app, 'bin/herald.js'), 'build', '--out', 'compiled', ...settingsArgs()],
          {
            cwd: fixture.root,
            stdio: 'pipe',
          },
        ),
      );
      expect(compiled.stderr).toBe('');
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
});
