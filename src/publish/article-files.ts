import type { FileResult } from '../content/load-articles.ts';
import { formatProblem } from '../content/problem-line.ts';
import type { Article, Problem } from '../model.ts';

/** What reading some files changed. */
export interface FilesUpdate {
  /** Whether anything published or reported could differ. */
  changed: boolean;
  /** For a single file read again: its article before and its result now, so the site can be patched. */
  single?: { previous: Article | undefined; result: FileResult };
}

/**
 * The state of every article file between updates: its last good article and its current problems.
 * A broken edit keeps the last good version of the article published.
 */
export class ArticleFiles {
  readonly #articles = new Map<string, Article>();
  readonly #problems = new Map<string, Problem[]>();
  /** For each file with problems: its stamp and problem lines when they were last logged. */
  readonly #logged = new Map<string, string>();
  /** File names of #articles in order; kept across edits, made again only when a file comes or goes. */
  #sortedNames?: string[];
  /** Names of the articles that refer to media files: the only ones a media check must look at. */
  readonly #referencing = new Set<string>();

  /** Records the results of reading `names` (a missing file is a deletion). */
  apply(names: readonly string[], results: readonly FileResult[], log: (line: string) => void): FilesUpdate {
    const [onlyName] = names;
    const single =
      names.length === 1 && onlyName !== undefined && results[0]
        ? { previous: this.#articles.get(onlyName), result: results[0] }
        : undefined;
    let changed = false;
    names.forEach((name, i) => {
      const { article, problems, stamp } = results[i] ?? { problems: [] };
      changed ||=
        article !== undefined || this.#articles.has(name) || this.#problems.has(name) || problems.length > 0;
      if (article) {
        if (!this.#articles.has(name)) this.#sortedNames = undefined;
        this.#articles.set(name, article);
        if (article.mediaReferences?.length) this.#referencing.add(name);
        else this.#referencing.delete(name);
      } else if (problems.length === 0 && this.#articles.delete(name)) {
        this.#sortedNames = undefined; // deleted
        this.#referencing.delete(name);
      }
      if (problems.length > 0) {
        const lines = problems.map(formatProblem);
        // The same bytes read twice (a watch event and a rescan racing over one save) are reported
        // once; a save that changes the file (a new stamp) is reported again, even with the same problems.
        const key = `${stamp ?? ''}\n${lines.join('\n')}`;
        if (stamp === undefined || key !== this.#logged.get(name)) {
          for (const line of lines) log(line);
          if (this.#articles.has(name)) log(`${problems[0]?.file}: still serving the last good version`);
        }
        this.#logged.set(name, key);
        this.#problems.set(name, problems);
      } else {
        this.#problems.delete(name);
        this.#logged.delete(name);
      }
    });
    return single ? { changed, single } : { changed };
  }

  /**
   * Takes a file's article off the site with a problem, keeping no earlier version: its body could
   * not be rendered when first asked for, so the version kept is the one that fails.
   */
  exclude(name: string, problem: Problem): void {
    if (this.#articles.delete(name)) this.#sortedNames = undefined;
    this.#referencing.delete(name);
    this.#problems.set(name, [problem]);
    this.#logged.delete(name);
  }

  /** Every good article, in file-name order. */
  sorted(): Article[] {
    this.#sortedNames ??= [...this.#articles.keys()].sort();
    return this.#sortedNames.map((name) => this.#articles.get(name) as Article);
  }

  /** The articles that refer to media files, in file-name order. */
  referencingMedia(): Article[] {
    return [...this.#referencing].sort().map((name) => this.#articles.get(name) as Article);
  }

  /** Every file name known: with an article, with problems, or both. */
  names(): Set<string> {
    return new Set([...this.#articles.keys(), ...this.#problems.keys()]);
  }

  problems(): Problem[] {
    return [...this.#problems.values()].flat();
  }
}
