// Relative references from an article to media files in the articles folder.
import { posix } from 'node:path';
import type { MediaFile, MediaReference, Problem } from '../model.ts';
import { mediaTypeOf } from './media-types.ts';

/**
 * The media file a reference in an article names, resolved against the article file's own folder
 * (articles live at the top of the articles folder): `photo.jpg` → `photo.jpg`,
 * `./2022-05-23-leica/photo.jpg` → `2022-05-23-leica/photo.jpg`. Undefined for what is not a relative
 * reference to a file of a published type (`https://…`, `/x.png`, `../other-article/`, `#top`);
 * `{ name: undefined }` for one that climbs out of the folder.
 */
export function resolveMediaReference(ref: string): MediaReference | undefined {
  const trimmed = ref.trim();
  if (trimmed === '' || /^[a-z][a-z0-9+.-]*:/i.test(trimmed) || /^[/\\#?]/.test(trimmed)) return undefined;
  const path = trimmed.replace(/[?#].*$/s, '');
  let decoded: string;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    return undefined;
  }
  if (decoded.includes('\\') || mediaTypeOf(decoded) === undefined) return undefined;
  const name = posix.normalize(decoded);
  if (name === '..' || name.startsWith('../')) return { ref: trimmed };
  return { ref: trimmed, name };
}

/**
 * Where Markdown and HTML in an article name a file: `](dest`, `[label]: dest` and
 * `src=`/`href=`/`poster=` attributes. A cheap scan at load time, so `herald check` can name missing
 * files without rendering every article's Markdown (which happens on first use); the rendered HTML
 * resolves the same references with the same function, so the two agree on what counts.
 */
const REFERENCE =
  /\]\(\s*<?([^\s<>()]+)|^[ \t]{0,3}\[[^\]\n]+\]:[ \t]*<?([^\s<>]+)|\b(?:src|href|poster)\s*=\s*["']?([^\s"'<>]+)/gim;

export function findMediaReferences(markdown: string): MediaReference[] {
  const found = new Map<string, MediaReference>();
  for (const match of markdown.matchAll(REFERENCE)) {
    const ref = match[1] ?? match[2] ?? match[3];
    if (ref === undefined) continue;
    const resolved = resolveMediaReference(ref);
    if (resolved && !found.has(resolved.ref)) found.set(resolved.ref, resolved);
  }
  return [...found.values()];
}

/** A warning for each reference to a media file that is not published. */
export function missingMediaProblems(
  articles: readonly { file: string; draft: boolean; mediaReferences?: readonly MediaReference[] }[],
  media: ReadonlyMap<string, MediaFile>,
): Problem[] {
  const problems: Problem[] = [];
  for (const article of articles) {
    for (const { ref, name, field } of article.mediaReferences ?? []) {
      if (name !== undefined && media.has(name)) continue;
      problems.push({
        file: article.file,
        severity: 'warning',
        field: field ?? 'media',
        message:
          name === undefined
            ? `"${ref}" points outside the articles folder, so it cannot be published`
            : `"${ref}" is not a published media file (no file ${name} in the articles folder, or it was refused)`,
      });
    }
  }
  return problems;
}
