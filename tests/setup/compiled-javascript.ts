// Some tests run Herald as users do (`npm start`), which runs the compiled JavaScript in dist/ (the
// bundle in dist/bundle/).
// `npm ci` compiles it; during development the sources change after that, so before the tests run
// dist/ is compiled again when any source file is newer than it.
import { execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');

function newestMtime(folder: string): number {
  let newest = 0;
  for (const entry of readdirSync(folder, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

export function ensureCompiled(log: (line: string) => void): void {
  const compiled = Math.min(
    ...['dist/cli/main.js', 'dist/bundle/herald.cjs'].map(
      (file) => statSync(join(ROOT, file), { throwIfNoEntry: false })?.mtimeMs ?? 0,
    ),
  );
  const sources = Math.max(
    newestMtime(join(ROOT, 'src')),
    ...['tsconfig.build.json', 'esbuild.config.mjs'].map((file) => statSync(join(ROOT, file)).mtimeMs),
  );
  if (compiled >= sources) return;
  log('Compiling src/ into dist/ and bundling it (npm run compile), which `npm start` runs…');
  execFileSync(
    process.execPath,
    [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'],
    {
      cwd: ROOT,
      stdio: 'inherit',
    },
  );
  execFileSync(process.execPath, [join(ROOT, 'esbuild.config.mjs')], { cwd: ROOT, stdio: 'inherit' });
}
