// Two versions of a list that mostly agree (a site before and after one edit): how far they agree
// from the start and from the end, so only the middle needs a closer look.

/**
 * `[start, end]`: `before` and `after` hold `same` items at indexes below `start`, and at the last
 * `end` indexes of each; the two ends never overlap.
 */
export function commonEnds<T>(
  before: readonly T[],
  after: readonly T[],
  same: (a: T, b: T) => boolean,
): [start: number, end: number] {
  let start = 0;
  while (start < before.length && start < after.length && same(before[start] as T, after[start] as T))
    start++;
  let end = 0;
  while (
    end < before.length - start &&
    end < after.length - start &&
    same(before[before.length - 1 - end] as T, after[after.length - 1 - end] as T)
  )
    end++;
  return [start, end];
}
