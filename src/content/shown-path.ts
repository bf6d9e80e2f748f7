// How problem lines and Article.file name article files: under the folder as the user gave it, so a
// line reads `articles/x.md` or `/srv/news/articles/x.md`, never a path that climbs out with `../`.
import { isAbsolute, normalize, relative, resolve, sep } from 'node:path';

function withoutTrailingSeparator(path: string): string {
  return path.length > 1 && path.endsWith(sep) ? path.slice(0, -1) : path;
}

function climbsOut(path: string): boolean {
  return path === '..' || path.startsWith(`..${sep}`);
}

/**
 * The folder as given (`articles`, `./articles/` → `articles`; `/srv/news/articles` as is). A relative
 * path that leaves `cwd` (`../news/articles`) is shown absolute instead. `''` is `cwd` itself.
 */
export function shownFolder(given: string, cwd: string): string {
  if (isAbsolute(given)) return withoutTrailingSeparator(normalize(given));
  const normalized = withoutTrailingSeparator(normalize(given));
  if (climbsOut(normalized)) return resolve(cwd, given);
  return normalized === '.' ? '' : normalized;
}

/** An absolute folder shown relative to `cwd` when it lies inside it, absolute otherwise. */
export function shownFolderOf(absolute: string, cwd: string): string {
  const inside = relative(cwd, absolute);
  return climbsOut(inside) || isAbsolute(inside) ? withoutTrailingSeparator(absolute) : inside;
}

/** A file of the folder as shown: `articles/x.md`, or `x.md` for the working folder itself. */
export function shownFile(folder: string, name: string): string {
  if (folder === '') return name;
  return folder.endsWith(sep) ? `${folder}${name}` : `${folder}${sep}${name}`;
}
