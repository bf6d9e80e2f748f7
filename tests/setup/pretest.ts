// `npm test` runs this first (the `pretest` script), and so does `.ci/run`.
import { ensureSystemPackages } from './ensure-system-packages.ts';

const failure = ensureSystemPackages();
if (failure) {
  process.stderr.write(`${failure}\n`);
  process.exitCode = 1;
}
