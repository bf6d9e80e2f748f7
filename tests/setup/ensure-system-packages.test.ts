import { describe, expect, it } from 'vitest';
import {
  currentMachine,
  type Machine,
  missingPackages,
  planSystemPackages,
} from './ensure-system-packages.ts';
import { SYSTEM_PACKAGES, type SystemPackage } from './system-packages.ts';

const PACKAGES: SystemPackage[] = [
  { name: 'chromium', provides: ['/usr/bin/chromium'], usedBy: 'browser' },
  { name: 'nginx-light', provides: ['/usr/sbin/nginx', '/usr/local/sbin/nginx'], usedBy: 'nginx' },
  { name: 'xsltproc', provides: ['/usr/bin/xsltproc'], usedBy: 'xslt' },
];

function machine(present: string[], options: Partial<Omit<Machine, 'exists'>> = {}): Machine {
  return { exists: (path) => present.includes(path), isRoot: false, hasApt: true, ...options };
}

describe('the test setup step', () => {
  describe('when every package is installed', () => {
    it('does nothing', () => {
      const all = machine(['/usr/bin/chromium', '/usr/local/sbin/nginx', '/usr/bin/xsltproc']);
      expect(planSystemPackages(PACKAGES, all)).toEqual({ kind: 'ready' });
    });
  });

  describe('when some are missing', () => {
    const someMissing = ['/usr/sbin/nginx'];

    it('installs exactly the missing ones as root on Debian', () => {
      expect(planSystemPackages(PACKAGES, machine(someMissing, { isRoot: true }))).toEqual({
        kind: 'install',
        packages: ['chromium', 'xsltproc'],
      });
    });

    it('stops with one line naming them and the command that installs them when not root', () => {
      const plan = planSystemPackages(PACKAGES, machine(someMissing));
      expect(plan.kind).toBe('stop');
      if (plan.kind !== 'stop') return;
      expect(plan.line).not.toContain('\n');
      expect(plan.line).toBe(
        'The tests need packages that are missing: chromium, xsltproc; install them with: ' +
          'sudo apt-get install -y --no-install-recommends chromium xsltproc',
      );
    });

    it('names the Debian command on a machine without apt-get, even as root', () => {
      const plan = planSystemPackages(PACKAGES, machine(someMissing, { isRoot: true, hasApt: false }));
      expect(plan).toEqual({
        kind: 'stop',
        line:
          'The tests need packages that are missing: chromium, xsltproc; on Debian or Ubuntu, install them ' +
          'with: apt-get install -y --no-install-recommends chromium xsltproc',
      });
    });
  });

  it('has installed every listed package on this machine before the tests ran', () => {
    expect(missingPackages(SYSTEM_PACKAGES, currentMachine())).toEqual([]);
  });
});
