import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { thousands } from '../src/thousands.ts';

describe('thousands', () => {
  it('writes every count as toLocaleString("en-US") does', () => {
    fc.assert(
      fc.property(fc.nat({ max: Number.MAX_SAFE_INTEGER }), (count) => {
        expect(thousands(count)).toBe(count.toLocaleString('en-US'));
      }),
      { numRuns: 2000 },
    );
    for (const count of [0, 7, 999, 1000, 19_037, 1_000_000]) {
      expect(thousands(count)).toBe(count.toLocaleString('en-US'));
    }
  });
});
