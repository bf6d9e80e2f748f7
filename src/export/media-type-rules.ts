// Media types for static hosts, derived from the representations (the one source of truth): hosts
// guess by file extension, so map each extension to its most common type and list the rest.
import { extensionOf, fileUrl } from './file-paths.ts';

export interface ExportedFile {
  /** URL path of the representation, e.g. `/articles/x/`. */
  path: string;
  /** File of its identity bytes, relative to the export root, e.g. `articles/x/index.html`. */
  file: string;
  mediaType: string;
  status: number;
  /** The `Link` header Herald sends with it, if any. */
  link?: string;
}

export interface ExtensionTypes {
  /** Extension → media type for most files with that extension. */
  byExtension: Map<string, string>;
  /** Files whose type is not their extension's: served with a rule of their own. */
  exceptions: ExportedFile[];
}

export function typesByExtension(files: readonly ExportedFile[]): ExtensionTypes {
  const counts = new Map<string, Map<string, number>>();
  for (const { file, mediaType } of files) {
    const ext = extensionOf(file);
    if (ext === '') continue;
    const perType = counts.get(ext) ?? new Map<string, number>();
    perType.set(mediaType, (perType.get(mediaType) ?? 0) + 1);
    counts.set(ext, perType);
  }
  const byExtension = new Map<string, string>();
  for (const ext of [...counts.keys()].sort()) {
    const perType = counts.get(ext) as Map<string, number>;
    // Most files win; ties go to the alphabetically first type, so the output never depends on order.
    const [best] = [...perType].sort(([a, n], [b, m]) => m - n || a.localeCompare(b));
    if (best) byExtension.set(ext, best[0]);
  }
  const exceptions = files.filter((f) => byExtension.get(extensionOf(f.file)) !== f.mediaType);
  return { byExtension, exceptions };
}

export interface HeaderRule {
  /** `_headers` URL pattern: an exact path or `/*` followed by the end of the path. */
  pattern: string;
  mediaType: string;
}

function matches(pattern: string, path: string): boolean {
  return pattern.startsWith('/*') ? path.endsWith(pattern.slice(2)) : path === pattern;
}

/**
 * Content-Type rules for `_headers` hosts (Netlify, Cloudflare Pages). Every static host already
 * serves `.html` as text/html, so only other files get a rule. Rules are as few as possible
 * (Cloudflare Pages accepts 100): each file gets the shortest `/*.ext` or `/*<end of path>` pattern, cut
 * at a `/`, that no URL of another media type matches (`*` matches anything, `/` included). Every URL must
 * match exactly one rule, because hosts join the values of all matching rules into one header: taking
 * the shortest patterns first and skipping those whose URLs are already covered guarantees it, since
 * a longer pattern that matches a covered URL ends with the shorter one.
 */
export function headerTypeRules(files: readonly ExportedFile[]): HeaderRule[] {
  const urls = files.map((f) => ({
    url: extensionOf(f.file) === 'html' ? f.path : fileUrl(f.file),
    file: f,
  }));
  // Many files try the same patterns (`/*feed.xml` for every RSS feed's first page): decide each once,
  // or a 10,000-article site spends seconds re-checking them against every URL.
  const decided = new Map<string, boolean>();
  const valid = (pattern: string, mediaType: string) => {
    const key = `${mediaType} ${pattern}`;
    let ok = decided.get(key);
    if (ok === undefined) {
      ok = urls.every((other) => other.file.mediaType === mediaType || !matches(pattern, other.url));
      decided.set(key, ok);
    }
    return ok;
  };
  const chosen = new Map<string, { mediaType: string; urls: string[] }>();
  for (const { url, file } of urls) {
    if (extensionOf(file.file) === 'html') continue;
    const segments = url.slice(1).split('/');
    const ext = extensionOf(file.file);
    const candidates = [
      ...(ext ? [`/*.${ext}`] : []),
      ...segments.map((_, i) => `/*${segments.slice(segments.length - 1 - i).join('/')}`),
    ];
    const pattern = candidates.find((candidate) => valid(candidate, file.mediaType)) ?? url;
    const group = chosen.get(pattern) ?? { mediaType: file.mediaType, urls: [] };
    group.urls.push(url);
    chosen.set(pattern, group);
  }
  const rules: HeaderRule[] = [];
  const byLength = [...chosen].sort(([a], [b]) => a.length - b.length || a.localeCompare(b));
  for (const [pattern, { mediaType, urls: covered }] of byLength) {
    if (covered.every((url) => rules.some((rule) => matches(rule.pattern, url)))) continue;
    rules.push({ pattern, mediaType });
  }
  for (const { url, file } of urls) {
    const matching = rules.filter((r) => matches(r.pattern, url));
    const expected = extensionOf(file.file) === 'html' ? 0 : 1;
    if (matching.length !== expected || matching.some((r) => r.mediaType !== file.mediaType)) {
      throw new Error(`_headers: ${url} would match ${matching.length} Content-Type rules`);
    }
  }
  return rules.sort((a, b) => a.pattern.localeCompare(b.pattern));
}
