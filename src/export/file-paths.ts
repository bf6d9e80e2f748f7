// Where each URL's bytes live in the export, so that a static host serves them at the same URL.

/** A segment `.` or `..` (the path starts with `/`, so every segment follows one). */
const DOT_SEGMENT = /\/\.{1,2}(?=\/|$)/;

/** File of the identity bytes: `/` → `index.html`, `/articles/x/` → `articles/x/index.html`, `/feed.xml` → `feed.xml`. */
export function filePathFor(urlPath: string): string {
  // Slugs are [a-z0-9-]; anything else would be decoded by the static host but not by Herald.
  if (!/^\/[A-Za-z0-9._~\-/]*$/.test(urlPath) || urlPath.includes('//')) {
    throw new Error(`cannot export ${JSON.stringify(urlPath)}: only plain ASCII paths map to files`);
  }
  if (DOT_SEGMENT.test(urlPath)) throw new Error(`cannot export ${urlPath}: dot segment`);
  return urlPath.endsWith('/') ? `${urlPath.slice(1)}index.html` : urlPath.slice(1);
}

/** The URL a static host matches for a file: what nginx's `location =` sees after `index`. */
export function fileUrl(file: string): string {
  return `/${file}`;
}

export function extensionOf(file: string): string {
  const name = file.slice(file.lastIndexOf('/') + 1);
  const dot = name.lastIndexOf('.');
  return dot <= 0 ? '' : name.slice(dot + 1);
}
