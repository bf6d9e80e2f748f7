/**
 * A function that computes its value on first call and then keeps it. Rendering Markdown is most of
 * the cost of loading an article, and a server needs the HTML of only the articles it is asked for,
 * so article content is rendered on first use.
 */
export function lazy<T>(compute: () => T): () => T {
  let state: { value: T } | undefined;
  // Dropped once used, so the Markdown source is not kept alongside its HTML.
  let pending: (() => T) | undefined = compute;
  return () => {
    if (!state) {
      state = { value: (pending as () => T)() };
      pending = undefined;
    }
    return state.value;
  };
}
