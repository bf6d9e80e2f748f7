// The same check for `npx vitest run …`, which skips npm's `pretest`. Exits instead of throwing so
// that a missing package reads as one line, not a stack trace. Then compiles dist/ when it is stale.
import { ensureCompiled } from './compiled-javascript.ts';
import { ensureSystemPackages } from './ensure-system-packages.ts';

export default function setup(): void {
  const failure = ensureSystemPackages();
  if (failure) {
    process.stderr.write(`${failure}\n`);
    process.exit(1);
  }
  ensureCompiled((line) => process.stderr.write(`${line}\n`));
}
