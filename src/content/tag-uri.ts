/**
 * A `tag:` URI (RFC 4151) for an article: `tag:<authority>,<yyyy-mm-dd>:<slug>`. It depends only on
 * the configured authority, the publication day and the slug, so it survives title changes and a
 * move to another domain.
 */
export function tagUri(authority: string, day: string, slug: string): string {
  return `tag:${authority},${day}:${slug}`;
}
