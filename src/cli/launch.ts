// The program `npx herald` and the npm scripts run. `npm run compile` writes Herald as one CommonJS
// bundle for the main thread (dist/bundle/), which starts faster than the modules of dist/ one by one:
// Node reads one file instead of resolving and linking several hundred, and runs it with a code cache
// (code-cache.ts). Without the bundle (only `tsc` was run), the modules of dist/ run as they are.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { runWithCodeCache } from './code-cache.ts';

const bundle = fileURLToPath(new URL('../bundle/herald.cjs', import.meta.url));
if (!existsSync(bundle)) {
  await import('./main.ts');
} else if (process.sourceMapsEnabled) {
  // Node maps stack traces to the TypeScript (--enable-source-maps) only in modules it loads itself.
  createRequire(import.meta.url)(bundle);
} else {
  const outcome = runWithCodeCache({ file: bundle, kind: process.argv[2] ?? 'none' });
  if (process.env.HERALD_DEBUG_COMPILE_CACHE) process.stderr.write(`herald: code cache ${outcome}\n`);
}
