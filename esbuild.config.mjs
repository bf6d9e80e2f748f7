// `node esbuild.config.mjs [OUTDIR]` (the second step of `npm run compile`): Herald as one CommonJS
// bundle per thread, in dist/bundle/ (or OUTDIR): herald.cjs, which dist/cli/launch.js runs with a
// code cache, and beside it the worker threads' entries (.mjs), which it starts from its own folder.
// Bundled, Node reads and links one file instead of resolving and loading several hundred modules.
import { rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';

const root = import.meta.dirname;
const outdir = resolve(process.argv[2] ?? join(root, 'dist/bundle'));

await rm(outdir, { recursive: true, force: true });
const common = {
  absWorkingDir: root,
  outdir,
  bundle: true,
  platform: 'node',
  target: 'node20',
  sourcemap: 'linked',
  // A native addon, and the AWS SDK (half of all the code, loaded by `herald deploy` alone): both
  // stay in node_modules and are required from there when used.
  external: ['better-sqlite3', '@aws-sdk/client-s3'],
  logLevel: 'warning',
};
await Promise.all([
  // The main thread: CommonJS, which V8 can cache compiled (an ES module it cannot, on Node 20).
  build({
    ...common,
    entryPoints: { herald: 'src/cli/main.ts' },
    outExtension: { '.js': '.cjs' },
    format: 'cjs',
    // The sources are ES modules that find files beside themselves through import.meta.url.
    define: { 'import.meta.url': '__heraldModuleUrl' },
    banner: { js: "const __heraldModuleUrl = require('node:url').pathToFileURL(__filename).href;" },
  }),
  // The worker threads: ES modules (a worker may await at its top level), whose bundled CommonJS
  // libraries get a require of their own.
  build({
    ...common,
    entryPoints: {
      'render-worker': 'src/content/render-worker.ts',
      'render-thread': 'src/export/render-thread.ts',
      'write-worker': 'src/export/write-worker.ts',
      'stamp-worker': 'src/publish/stamp-worker.ts',
      'export-check-worker': 'src/export/export-check-worker.ts',
      'inputs-worker': 'src/export/inputs-worker.ts',
    },
    outExtension: { '.js': '.mjs' },
    format: 'esm',
    banner: {
      js: "import { createRequire as __heraldRequire } from 'node:module'; const require = __heraldRequire(import.meta.url);",
    },
  }),
]);
