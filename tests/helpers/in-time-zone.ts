// Code run in a Node process of its own whose local time zone is another: a process reads its zone
// once, when it first needs it, so a test cannot change the zone of the process it runs in.
import { execFileSync } from 'node:child_process';

/** Runs `script` (an ES module, TypeScript imports allowed) with `TZ=zone`; returns what it printed, parsed. */
export function jsonInTimeZone(zone: string, script: string): unknown {
  const output = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    env: { ...process.env, TZ: zone },
    encoding: 'utf8',
  });
  return JSON.parse(output);
}

/** A path to import in such a script: `src/…` relative to the repository, as an absolute path. */
export function sourcePath(relativeToRepository: string): string {
  return new URL(`../../${relativeToRepository}`, import.meta.url).pathname;
}
