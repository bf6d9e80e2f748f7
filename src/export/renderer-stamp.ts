// Which Herald rendered an export: a hash of its own source files. A route's fingerprint says what
// the route is made of, not how it is rendered, so a fingerprint from another version of Herald
// proves nothing about the bytes.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let stamp: string | undefined;

export function rendererStamp(): string {
  if (stamp !== undefined) return stamp;
  // The folder above this module's: src/ when run from source, the compiled folder otherwise.
  const root = dirname(dirname(fileURLToPath(import.meta.url)));
  const hash = createHash('sha256');
  const files = readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && /\.(ts|js|mjs)$/.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
  for (const file of files) hash.update(file.slice(root.length)).update(readFileSync(file));
  stamp = hash.digest('base64url').slice(0, 22);
  return stamp;
}
