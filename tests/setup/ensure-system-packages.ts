// Brings the Debian packages of system-packages.ts onto the machine before any test runs: as root on
// Debian/Ubuntu with apt-get; otherwise it stops with one line naming what is missing and the command
// that installs it. Tests never skip because a real peer is missing: that would pass without testing.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { SYSTEM_PACKAGES, type SystemPackage } from './system-packages.ts';

export interface Machine {
  exists(path: string): boolean;
  /** Running as root, so apt-get can install. */
  isRoot: boolean;
  /** Debian or a derivative, with apt-get. */
  hasApt: boolean;
}

export type Plan =
  | { kind: 'ready' }
  | { kind: 'install'; packages: string[] }
  /** `line` is the whole message: one line, no stack trace. */
  | { kind: 'stop'; line: string };

export function missingPackages(packages: readonly SystemPackage[], machine: Machine): string[] {
  return packages.filter((p) => !p.provides.some((path) => machine.exists(path))).map((p) => p.name);
}

export function installCommand(names: readonly string[], asRoot: boolean): string {
  return `${asRoot ? '' : 'sudo '}apt-get install -y --no-install-recommends ${names.join(' ')}`;
}

export function planSystemPackages(packages: readonly SystemPackage[], machine: Machine): Plan {
  const missing = missingPackages(packages, machine);
  if (missing.length === 0) return { kind: 'ready' };
  if (machine.isRoot && machine.hasApt) return { kind: 'install', packages: missing };
  const where = machine.hasApt ? 'install them with' : 'on Debian or Ubuntu, install them with';
  return {
    kind: 'stop',
    line: `The tests need packages that are missing: ${missing.join(', ')}; ${where}: ${installCommand(missing, machine.isRoot)}`,
  };
}

export function currentMachine(): Machine {
  return {
    exists: existsSync,
    isRoot: process.getuid?.() === 0,
    hasApt: existsSync('/etc/debian_version') && existsSync('/usr/bin/apt-get'),
  };
}

const APT_ENV = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };

/** Runs apt-get, waiting for another apt-get or dpkg run to finish rather than failing on its lock. */
function runApt(args: string[]): { ok: boolean; output: string } {
  for (let attempt = 1; ; attempt += 1) {
    const result = spawnSync('apt-get', ['-o', 'DPkg::Lock::Timeout=600', ...args], {
      env: APT_ENV,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    const output = `${result.stdout ?? ''}${result.stderr ?? ''}${result.error ? String(result.error) : ''}`;
    if (result.status === 0) return { ok: true, output };
    // `apt-get update` takes the lists lock, which DPkg::Lock::Timeout does not cover.
    if (attempt < 30 && /Could not get lock|Unable to lock/.test(output)) {
      spawnSync('sleep', ['10']);
      continue;
    }
    return { ok: false, output };
  }
}

/**
 * Makes sure every package is installed. Returns undefined when they all are, or the one line to
 * print when they are not and cannot be installed here. Progress goes to `log`.
 */
export function ensureSystemPackages(
  packages: readonly SystemPackage[] = SYSTEM_PACKAGES,
  log: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
): string | undefined {
  const machine = currentMachine();
  const plan = planSystemPackages(packages, machine);
  if (plan.kind === 'ready') return undefined;
  if (plan.kind === 'stop') return plan.line;
  log(`Installing the Debian packages the tests need: ${plan.packages.join(' ')} (apt-get)…`);
  const steps = [
    ['update', '-qq'],
    ['install', '-y', '-qq', '--no-install-recommends', ...plan.packages],
  ];
  for (const args of steps) {
    const { ok, output } = runApt(args);
    if (!ok) {
      log(output.trim().split('\n').slice(-15).join('\n'));
      return `apt-get ${args[0]} failed (output above), so these packages the tests need are missing: ${plan.packages.join(', ')}`;
    }
  }
  const still = missingPackages(packages, machine);
  if (still.length > 0)
    return `apt-get ran, but these packages the tests need are still missing: ${still.join(', ')}`;
  log('Installed.');
  return undefined;
}
