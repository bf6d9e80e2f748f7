// A change re-reads the changed file only, however many articles the folder holds.
import { basename } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as loader from '../../src/content/load-articles.ts';
import { type ArticlesDir, articleText, makeArticlesDir } from '../helpers/articles-dir.ts';
import { send, serve } from '../helpers/server.ts';

vi.mock('../../src/content/load-articles.ts', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../src/content/load-articles.ts')>();
  return { ...actual, loadArticleFile: vi.fn(actual.loadArticleFile) };
});

const readFiles = () => vi.mocked(loader.loadArticleFile).mock.calls.map(([name]) => basename(name));

let articles: ArticlesDir;

beforeEach(async () => {
  articles = await makeArticlesDir();
  for (let day = 1; day <= 9; day++) {
    await articles.write(
      `2022-06-0${day}-day-${day}.md`,
      articleText({ title: `Day ${day}`, date: `2022-06-0${day}` }),
    );
  }
});

afterEach(async () => {
  await articles.dispose();
  vi.mocked(loader.loadArticleFile).mockClear();
});

describe('when one article of many is edited', () => {
  it('reads that file again and no other', async () => {
    const server = await serve(articles.path, { watch: true });
    expect(readFiles()).toHaveLength(11);
    vi.mocked(loader.loadArticleFile).mockClear();

    await articles.write(
      '2022-06-05-day-5.md',
      articleText({ title: 'Day five, edited', date: '2022-06-05' }),
    );
    await vi.waitFor(
      async () =>
        expect((await send(`${server.url}/articles/day-5/`)).body.toString()).toContain('Day five, edited'),
      { timeout: 5000, interval: 20 },
    );
    // An editor's save may arrive as more than one event; it is still that one file that is read.
    expect(new Set(readFiles())).toEqual(new Set(['2022-06-05-day-5.md']));
  });
});
