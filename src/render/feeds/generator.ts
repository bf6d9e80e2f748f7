/** The `generator` of every feed. No version: it would change the bytes of every feed on each release. */
export const GENERATOR = 'Herald';
