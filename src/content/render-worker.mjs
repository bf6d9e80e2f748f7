// Worker entry: plain JavaScript so any Node can start it, then the TypeScript worker through tsx.
import { tsImport } from 'tsx/esm/api';

await tsImport('./render-worker.ts', import.meta.url);
