// Notices a renamed article file. An article without `id:` takes its id from its slug, so renaming
// the file gives it a new id, and every feed reader shows it again as a new, unread article. When an
// article appears with the same title and date (what a rename keeps) as one that was published under
// another id that is now gone — seen while serving, or against the state folder from an earlier run —
// Herald warns and names the old id to put back as `id:`.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Article, Problem } from '../model.ts';
import { commonEnds } from '../site/common-ends.ts';

export const ARTICLE_IDS_FILE = 'article-ids.tsv';

/** What a rename keeps: the title and the date. Tabs and line breaks cannot occur in the key. */
function keyOf(article: Pick<Article, 'title' | 'date'>): string {
  return `${article.date.getTime()} ${article.title.replace(/[\t\r\n]/g, ' ')}`;
}

function lineOf(key: string, article: Pick<Article, 'id' | 'file'>): string {
  return `${key}\t${article.id}\t${article.file}`;
}

/**
 * Where the second tab of a line is, when the line has its three non-empty fields (the key has no
 * tab; the file is the rest of the line); -1 for a torn or foreign line.
 */
function secondTab(line: string): number {
  const tab = line.indexOf('\t');
  const second = line.indexOf('\t', tab + 1);
  return tab > 0 && second > tab + 1 && second < line.length - 1 ? second : -1;
}

export class RenameDetector {
  readonly #file: string | undefined;
  /**
   * Each key's line of the file (`key`, `id`, `file`, tab-separated), as read or as it will be
   * written: reading the file is then one split per line (10,000 articles: its 2 MB are read by
   * every build), and an article as remembered is one comparison of its line.
   */
  readonly #known = new Map<string, string>();
  /** The articles of the last check, and those of them that did not own their key then. */
  #last: readonly Article[] = [];
  #unsettled = new Set<Article>();
  #unsaved = false;

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
      if (secondTab(line) > 0) this.#known.set(line.slice(0, line.indexOf('\t')), line);
    }
  }

  /** Whether something was learned that `save` has not written yet. */
  get unsaved(): boolean {
    return this.#unsaved;
  }

  /**
   * Warnings for the published articles that look renamed; then remembers them as they are now
   * (in memory: `save` writes it to the state folder).
   */
  check(articles: readonly Article[]): Problem[] {
    let ids: Set<string> | undefined;
    const problems: Problem[] = [];
    const unsettled = new Set<Article>();
    for (const article of this.#changedSinceLast(articles)) {
      const key = keyOf(article);
      const line = this.#known.get(key);
      const now = lineOf(key, article);
      if (line === now) continue;
      const second = line === undefined ? -1 : secondTab(line);
      const known =
        line === undefined || second < 0
          ? undefined
          : { id: line.slice(line.indexOf('\t') + 1, second), file: line.slice(second + 1) };
      if (known && known.id !== article.id) {
        ids ??= new Set(articles.map((a) => a.id));
        if (!ids.has(known.id)) {
          problems.push({
            file: article.file,
            severity: 'warning',
            field: 'id',
            message: `looks like ${known.file} renamed: its id changed from ${known.id} to ${article.id}, so feed readers will show it again as a new article; add "id: ${known.id}" to its front matter to keep the old id`,
          });
        }
        // Either the old id is kept remembered until the writer decides, or both are there (the
        // new name written before the old one is deleted) and the one known first keeps the key,
        // so the rename is still seen once the old file goes. Looked at again by every check.
        unsettled.add(article);
        continue;
      }
      this.#known.set(key, now);
      this.#unsaved = true;
    }
    this.#last = articles;
    this.#unsettled = unsettled;
    return problems;
  }

  /**
   * The articles a check must look at, in site order: those that are not (the same objects as) in
   * the last check, and those that did not own their key then. Articles are immutable, and a patched
   * site keeps the objects of the articles it did not touch in the same order, so after one edit at
   * 10,000 articles this is the edited article alone, found by comparing the two lists' ends.
   */
  #changedSinceLast(articles: readonly Article[]): Article[] {
    const [start, end] = commonEnds(this.#last, articles, (a, b) => a === b);
    const middle = articles.slice(start, articles.length - end);
    if (this.#unsettled.size === 0) return middle;
    const again = (from: number, to: number) =>
      articles.slice(from, to).filter((article) => this.#unsettled.has(article));
    return [...again(0, start), ...middle, ...again(articles.length - end, articles.length)];
  }

  /** Writes what is remembered to the state folder (whole, replaced atomically). */
  save(): void {
    if (!this.#file || !this.#unsaved) return;
    this.#unsaved = false;
    const text = [...this.#known.values()].map((line) => `${line}\n`).join('');
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
