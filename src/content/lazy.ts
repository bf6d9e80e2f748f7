/**
 * Defines `key` on `target` as an enumerable getter that computes its value on first read and then
 * keeps it. Rendering Markdown is most of the cost of loading an article, and a server needs the HTML
 * of only the articles it is asked for, so the content is rendered when first used (issue 7).
 */
export function defineLazy<T extends object, K extends keyof T>(
  target: T,
  key: K,
  compute: () => T[K],
): void {
  let state: { value: T[K] } | undefined;
  // Dropped once used, so the Markdown source is not kept alongside its HTML.
  let pending: (() => T[K]) | undefined = compute;
  Object.defineProperty(target, key, {
    enumerable: true,
    configurable: true,
    get() {
      if (!state) {
        state = { value: (pending as () => T[K])() };
        pending = undefined;
      }
      return state.value;
    },
  });
}

/**
 * A copy of `source` with `fields` set, that keeps lazy properties lazy: `{ ...source }` would call
 * every getter, and so render the content of every article.
 */
export function extendLazy<T extends object, U extends object>(source: T, fields: U): Omit<T, keyof U> & U {
  const copy = Object.defineProperties({}, Object.getOwnPropertyDescriptors(source));
  for (const [key, value] of Object.entries(fields)) {
    Object.defineProperty(copy, key, { value, enumerable: true, writable: true, configurable: true });
  }
  return copy as Omit<T, keyof U> & U;
}
