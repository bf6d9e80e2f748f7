// A file's problems are logged when they are found, and a second reading of the same bytes (a watch
// event and a rescan racing over one save) does not print them again.
import { describe, expect, it } from 'vitest';
import type { FileResult } from '../../src/content/load-articles.ts';
import { ArticleFiles } from '../../src/publish/article-files.ts';

const broken = (stamp: string | undefined): FileResult => ({
  problems: [{ file: 'articles/2022-06-01-a.md', severity: 'error', field: 'date', message: 'not a date' }],
  ...(stamp === undefined ? {} : { stamp: stamp as FileResult['stamp'] }),
});

describe('ArticleFiles problem lines', () => {
  it('prints the problems of one save once, however often the same bytes are read', () => {
    const files = new ArticleFiles();
    const lines: string[] = [];
    files.apply(['2022-06-01-a.md'], [broken('1:2:30:100')], (line) => lines.push(line));
    files.apply(['2022-06-01-a.md'], [broken('1:2:30:100')], (line) => lines.push(line));
    expect(lines).toEqual(['articles/2022-06-01-a.md: error: date: not a date']);
    expect(files.problems()).toHaveLength(1);
  });

  it('prints them again after a new save with the same problems, and after the file was fixed', () => {
    const files = new ArticleFiles();
    const lines: string[] = [];
    const log = (line: string) => lines.push(line);
    files.apply(['2022-06-01-a.md'], [broken('1:2:30:100')], log);
    files.apply(['2022-06-01-a.md'], [broken('1:2:31:200')], log);
    expect(lines).toHaveLength(2);
    files.apply(['2022-06-01-a.md'], [{ problems: [] }], log); // fixed (or gone): no problems left
    files.apply(['2022-06-01-a.md'], [broken('1:2:31:200')], log);
    expect(lines).toHaveLength(3);
    expect(files.problems()).toHaveLength(1);
  });
});
