// Worker entry when Herald runs from its TypeScript sources (tests, development): loads the TypeScript
// worker through tsx. The compiled build starts dist/export/render-thread.js directly instead.
import { tsImport } from 'tsx/esm/api';

await tsImport('./render-thread.ts', import.meta.url);
