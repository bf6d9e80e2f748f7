// A shortcut on the reading path, compared on random names with what it stands in for: a name that
// is already a slug is taken as it is, without the slug library.
import slugifyLib from '@sindresorhus/slugify';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { asciiSlug, slugify } from '../../src/content/slug.ts';

const runs = { numRuns: Number(process.env.HERALD_PROPERTY_RUNS ?? 300) };

describe('a name that is already a slug', () => {
  it('is the slug the library makes of it', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z0-9]{1,8}(?:-[a-z0-9]{1,8}){0,5}$/), (name) => {
        expect(slugify(name)).toBe(slugifyLib(name, { decamelize: false }));
      }),
      runs,
    );
  });
});

describe('a name of ASCII characters only', () => {
  it('is given the slug the library makes of it, without the library', () => {
    // Weighted towards the characters the rules treat apart: apostrophes before s and t, & ^ `.
    const character = fc.oneof(
      fc.constantFrom("'", 's', 't', '&', '^', '`', '-', ' ', 'A', 'z', '0', '\\'),
      fc.string({ unit: 'binary-ascii', minLength: 1, maxLength: 1 }),
    );
    fc.assert(
      fc.property(fc.array(character, { maxLength: 24 }), (characters) => {
        const name = characters.join('');
        expect(asciiSlug(name)).toBe(slugifyLib(name, { decamelize: false }));
      }),
      { numRuns: Math.max(runs.numRuns, 2000) },
    );
  });
});
