// Worker entry when Herald runs from its TypeScript sources (tests, development): loads the TypeScript
// worker through tsx. The compiled build starts dist/export/write-worker.js directly instead.
import { tsImport } from 'tsx/esm/api';

await tsImport('./write-worker.ts', import.meta.url);
