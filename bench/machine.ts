// The machine and versions a benchmark report was measured with.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';

function version(root: string, name: string): string {
  try {
    return (
      JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8')) as {
        version: string;
      }
    ).version;
  } catch {
    return '?';
  }
}

export function machineReport(root: string, load: { loadBefore: string; loadAfter: string }): string {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    dependencies: Record<string, string>;
  };
  const deps = [...Object.keys(pkg.dependencies), 'autocannon'].map(
    (name) => `${name} ${version(root, name)}`,
  );
  let commit = '?';
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
  } catch {}
  const cpu = cpus();
  return [
    `- Machine: ${cpu[0]?.model ?? '?'}, ${cpu.length} cores, ${(totalmem() / 2 ** 30).toFixed(1)} GiB memory; ${process.platform} ${process.arch}`,
    `- Load average before / after the run: ${load.loadBefore} / ${load.loadAfter} (other work on the machine makes figures noisier)`,
    `- Node ${process.version}; Herald at ${commit}; ${deps.join(', ')}`,
  ].join('\n');
}
