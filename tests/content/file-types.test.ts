import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type LoadOptions, loadArticles } from '../../src/content/load-articles.ts';
import { formatProblem } from '../../src/content/problem-line.ts';
import { type ArticlesDir, articleText, makeArticlesDir } from '../helpers/articles-dir.ts';

function options(articlesDir: string): LoadOptions {
  return {
    articlesDir,
    cwd: articlesDir,
    maxArticleBytes: 1024 * 1024,
    timeZone: 'UTC',
    idAuthority: 'news.example.org',
    articleUrl: (slug) => `https://news.example.org/articles/${slug}/`,
  };
}

const SYMLINK =
  'is a symbolic link, and links are not followed (so no file outside the articles folder is ever read); skipped: put the file itself in the folder';

describe('loading a folder holding more than regular files', () => {
  let folder: ArticlesDir;
  let outside: string;
  let socket: Server | undefined;
  beforeEach(async () => {
    folder = await makeArticlesDir({ empty: true });
    outside = await mkdtemp(join(tmpdir(), 'herald-outside-'));
    await folder.write('2022-01-01-real.md', articleText({ title: 'Real', date: '2022-01-01' }));
  });
  afterEach(async () => {
    socket?.close();
    socket = undefined;
    await folder.dispose();
    await rm(outside, { recursive: true, force: true });
  });

  it('reports a named pipe without waiting for a writer, and loads the rest', async () => {
    execFileSync('mkfifo', [join(folder.path, '2022-01-02-pipe.md')]);
    const started = performance.now();
    const { articles, problems } = await loadArticles(options(folder.path));
    expect(performance.now() - started).toBeLessThan(5000);
    expect(articles.map((a) => a.title)).toEqual(['Real']);
    expect(problems.map(formatProblem)).toEqual([
      '2022-01-02-pipe.md: warning: is a named pipe (FIFO), not a regular file; skipped',
    ]);
  });

  it('reports a folder and a socket named *.md', async () => {
    await mkdir(join(folder.path, 'folder.md'));
    socket = createServer();
    await new Promise<void>((done) => socket?.listen(join(folder.path, 'socket.md'), done));
    const { articles, problems } = await loadArticles(options(folder.path));
    expect(articles.map((a) => a.title)).toEqual(['Real']);
    expect(problems.map(formatProblem)).toEqual([
      'folder.md: warning: is a folder, not a regular file; skipped',
      'socket.md: warning: is a socket, not a regular file; skipped',
    ]);
  });

  it('never follows a symbolic link, to a file outside the folder or inside it, and never quotes the target', async () => {
    const secret = join(outside, 'secret.md');
    await writeFile(secret, '---\ntitle: Outside secret\nbogus: top-secret-value\n---\nsecret body\n');
    await symlink(secret, join(folder.path, '2022-01-03-out.md'));
    await symlink(join(folder.path, '2022-01-01-real.md'), join(folder.path, '2022-01-04-in.md'));
    await symlink(join(outside, 'missing.md'), join(folder.path, '2022-01-05-dangling.md'));
    const { articles, problems } = await loadArticles(options(folder.path));
    expect(articles.map((a) => a.slug)).toEqual(['real']);
    expect(problems.map(formatProblem)).toEqual([
      `2022-01-03-out.md: warning: ${SYMLINK}`,
      `2022-01-04-in.md: warning: ${SYMLINK}`,
      `2022-01-05-dangling.md: warning: ${SYMLINK}`,
    ]);
    expect(JSON.stringify(problems)).not.toMatch(/secret/);
  });
});
