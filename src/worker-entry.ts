// Where a worker thread's code is. Compiled, a worker is the .js file beside the module that starts
// it, and runs on plain Node; bundled (dist/bundle/herald.cjs), it is the .mjs bundle beside it.
// From the TypeScript sources (tests, development) a worker thread does not inherit the test
// runner's or tsx's module hooks, so it starts from a small plain-JavaScript shim beside the
// worker's .ts file that loads the TypeScript through tsx.

/** The entry file of worker `name` (a module beside `moduleUrl`), compiled or from the sources. */
export function workerEntry(moduleUrl: string, name: string): URL {
  // A module loaded through tsx's tsImport (a worker started from the sources) has a query string.
  const { pathname } = new URL(moduleUrl);
  if (pathname.endsWith('.ts')) return new URL(`./${name}.tsx-shim.mjs`, moduleUrl);
  return new URL(`./${name}${pathname.endsWith('.cjs') ? '.mjs' : '.js'}`, moduleUrl);
}
