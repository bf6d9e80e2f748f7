import { slugify } from './slug.ts';

export interface FileNameParts {
  /** `yyyy-MM-dd` from a `YYYY-MM-DD-slug.md` name, if it has one. */
  day?: string;
  slug: string;
}

const DATED = /^(\d{4}-\d{2}-\d{2})-(.+)$/;

/** Splits `2022-05-23-xiaomi-leica.md` into its day and a URL-safe slug; `about.md` has no day. */
export function parseFileName(name: string): FileNameParts {
  const stem = name.replace(/\.md$/i, '');
  const match = DATED.exec(stem);
  if (match?.[1] && match[2]) return { day: match[1], slug: slugify(match[2]) };
  return { slug: slugify(stem) };
}

/** Which directory entries are candidate articles: Markdown files that are not hidden or editor backups. */
export function isArticleFileName(name: string): boolean {
  return /\.md$/i.test(name) && !name.startsWith('.') && !name.startsWith('#') && !name.endsWith('~');
}
