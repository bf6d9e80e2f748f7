#!/usr/bin/env node
// `npx herald …`: runs the compiled JavaScript (dist/, made by `npm ci` or `npm run compile`).
import { existsSync } from 'node:fs';

const main = new URL('../dist/cli/launch.js', import.meta.url);
if (!existsSync(main)) {
  console.error('herald: dist/ is missing; run `npm ci` or `npm run compile` first');
  process.exit(2);
}
await import(main.href);
