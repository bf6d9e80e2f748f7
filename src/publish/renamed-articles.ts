// Notices a renamed article file. An article without `id:` takes its id from its slug, so renaming
// the file gives it a new id, and every feed reader shows it again as a new, unread article. When an
// article appears with the same title and date (what a rename keeps) as one that was published under
// another id that is now gone — seen while serving, or against the state folder from an earlier run —
// Herald warns and names the old id to put back as `id:`.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Article, Problem } from '../model.ts';

export const ARTICLE_IDS_FILE = 'article-ids.tsv';

interface Known {
  id: string;
  file: string;
}

/** What a rename keeps: the title and the date. Tabs and line breaks cannot occur in the key. */
function keyOf(article: Pick<Article, 'title' | 'date'>): string {
  return `${article.date.getTime()} ${article.title.replace(/[\t\r\n]/g, ' ')}`;
}

export class RenameDetector {
  readonly #file: string | undefined;
  readonly #known = new Map<string, Known>();

  /** With a state folder, what earlier runs published is remembered in it; without, only this run. */
  constructor(stateDir?: string) {
    this.#file = stateDir === undefined ? undefined : join(stateDir, ARTICLE_IDS_FILE);
    if (!this.#file) return;
    let text = '';
    try {
      text = readFileSync(this.#file, 'utf8');
    } catch {
      // No file yet (a fresh checkout): nothing is known, nothing is reported.
    }
    for (const line of text.split('\n')) {
      const [key, id, file] = line.split('\t');
      if (key && id && file) this.#known.set(key, { id, file });
    }
  }

  /** Warnings for the published articles that look renamed; then remembers them as they are now. */
  check(articles: readonly Article[]): Problem[] {
    const ids = new Set(articles.map((a) => a.id));
    const problems: Problem[] = [];
    let changed = false;
    for (const article of articles) {
      const key = keyOf(article);
      const known = this.#known.get(key);
      if (known && known.id !== article.id && !ids.has(known.id)) {
        problems.push({
          file: article.file,
          severity: 'warning',
          field: 'id',
          message: `looks like ${known.file} renamed: its id changed from ${known.id} to ${article.id}, so feed readers will show it again as a new article; add "id: ${known.id}" to its front matter to keep the old id`,
        });
        continue; // keep the old id remembered until the writer decides
      }
      // Both are there (the new name written before the old one is deleted): the one known first
      // keeps the key, so the rename is still seen once the old file goes.
      if (known && known.id !== article.id) continue;
      if (known?.file !== article.file) {
        this.#known.set(key, { id: article.id, file: article.file });
        changed = true;
      }
    }
    if (changed) this.#save();
    return problems;
  }

  #save(): void {
    if (!this.#file) return;
    const text = [...this.#known].map(([key, { id, file }]) => `${key}\t${id}\t${file}\n`).join('');
    const temp = `${this.#file}.tmp-${process.pid}`;
    try {
      mkdirSync(join(this.#file, '..'), { recursive: true });
      writeFileSync(temp, text);
      renameSync(temp, this.#file);
    } catch {
      // A state folder that cannot be written never stops publishing: renames are then seen only
      // while this process runs.
    }
  }
}
