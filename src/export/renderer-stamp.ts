// Which Herald rendered an export or a deploy. A route's fingerprint says what the route is made of,
// not how it is rendered, so fingerprints carry over only between runs of the same Herald version;
// the compiled JavaScript and the TypeScript sources of one version give the same stamp (and the
// same bytes). After changing the renderer in a checkout without bumping the version, build with
// `--full` once.
import { readFileSync } from 'node:fs';

let stamp: string | undefined;

export function rendererStamp(): string {
  if (stamp !== undefined) return stamp;
  // package.json is two folders up from src/export/, dist/export/ and dist/bundle/.
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    name?: string;
    version?: string;
  };
  stamp = `${pkg.name ?? 'herald'}@${pkg.version ?? '0'}`;
  return stamp;
}
