// The start-up floor: list the articles folder, read every article and parse its front matter with
// the `yaml` parser Herald uses, on plain Node. What no start-up can avoid doing without a cache.
// Usage: node bench/floor.mjs ARTICLES_DIR (prints the number of articles read).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from 'yaml';

const folder = process.argv[2];
let count = 0;
for (const name of readdirSync(folder).sort()) {
  if (!name.endsWith('.md')) continue;
  const text = readFileSync(join(folder, name), 'utf8');
  const end = text.indexOf('\n---', 3);
  parseDocument(text.slice(4, end), { schema: 'core', uniqueKeys: true }).toJS({ maxAliasCount: 50 });
  count += 1;
}
console.log(count);
