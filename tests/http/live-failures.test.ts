// An update that fails while rendering leaves the previous site served, and later updates still land.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as render from '../../src/render/render-site.ts';
import { type ArticlesDir, articleText, makeArticlesDir } from '../helpers/articles-dir.ts';
import { send, serve } from '../helpers/server.ts';

vi.mock('../../src/render/render-site.ts', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../src/render/render-site.ts')>();
  return { ...actual, renderSite: vi.fn(actual.renderSite) };
});

let articles: ArticlesDir;

beforeEach(async () => {
  articles = await makeArticlesDir();
});

afterEach(async () => {
  await articles.dispose();
});

describe('when rendering an update throws', () => {
  it('keeps serving the previous site, logs it, and applies the next change', async () => {
    const lines: string[] = [];
    const server = await serve(articles.path, { watch: true, log: (line) => lines.push(line) });
    const status = async (path: string) => (await send(`${server.url}${path}`)).status;
    vi.mocked(render.renderSite).mockImplementationOnce(() => {
      throw new Error('renderer bug');
    });

    // Saved atomically (write elsewhere, then rename), as editors do: one watch event, one update,
    // so the update that fails is the only one that sees this file.
    await articles.write('first.tmp', articleText({ title: 'First', date: '2022-06-01' }));
    await articles.rename('first.tmp', '2022-06-01-first.md');
    await vi.waitFor(() => expect(lines.join('\n')).toContain('renderer bug'), {
      timeout: 5000,
      interval: 20,
    });
    expect(lines.join('\n')).toContain('still serving the previous version');
    expect(await status('/articles/first/')).toBe(404);
    expect(await status('/feed.xml')).toBe(200);

    await articles.write('2022-06-02-second.md', articleText({ title: 'Second', date: '2022-06-02' }));
    await vi.waitFor(async () => expect(await status('/articles/second/')).toBe(200), {
      timeout: 5000,
      interval: 20,
    });
    expect(await status('/articles/first/')).toBe(200);
  });
});
