// A fresh articles folder per test: a temporary copy of the shipped articles that a test may edit.
import { copyFile, mkdtemp, readdir, rename, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** The articles Herald ships with: two real news items dated 2022-05-23. */
export const SHIPPED_ARTICLES_DIR = resolve(import.meta.dirname, '../../articles');
/** Good and bad fixture articles, for `herald check` and the loader. */
export const FIXTURE_ARTICLES_DIR = resolve(import.meta.dirname, '../fixtures/articles');
export const REPO_ROOT = resolve(import.meta.dirname, '../..');

export interface ArticlesDir {
  path: string;
  write(name: string, content: string | Uint8Array): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  remove(name: string): Promise<void>;
  /** Deletes the whole folder. */
  dispose(): Promise<void>;
}

/** The state folder of the tests' servers on `articlesDir`: next to it, removed with it. */
export function stateDirFor(articlesDir: string): string {
  return `${articlesDir}.state`;
}

/** Makes a temporary folder holding a copy of the shipped articles (or none with `empty`). */
export async function makeArticlesDir(options: { empty?: boolean } = {}): Promise<ArticlesDir> {
  const path = await mkdtemp(join(tmpdir(), 'herald-articles-'));
  if (!options.empty) {
    for (const name of await readdir(SHIPPED_ARTICLES_DIR)) {
      if (name.endsWith('.md')) await copyFile(join(SHIPPED_ARTICLES_DIR, name), join(path, name));
    }
  }
  return {
    path,
    write: (name, content) => writeFile(join(path, name), content),
    rename: (from, to) => rename(join(path, from), join(path, to)),
    remove: (name) => unlink(join(path, name)),
    dispose: async () => {
      // A server the test left running may still be writing its state folder (the rename detector's
      // and the ledger's files): retried, a file created during the removal does not fail the test.
      await rm(path, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
      await rm(stateDirFor(path), { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
    },
  };
}

export interface ArticleFields {
  title: string;
  /** Front matter date: `2022-06-01` or an ISO 8601 time with offset. */
  date: string;
  tags?: string[];
  author?: string;
  body?: string;
}

/** The text of a valid article file. */
export function articleText({ title, date, tags = [], author, body = 'Body text.' }: ArticleFields): string {
  const lines = ['---', `title: ${JSON.stringify(title)}`, `date: ${date}`];
  if (tags.length > 0) lines.push(`tags: [${tags.join(', ')}]`);
  if (author) lines.push(`author: ${JSON.stringify(author)}`);
  lines.push('---', '', body, '');
  return lines.join('\n');
}
