// `herald check` and `herald build` on a folder an attacker or an unlucky operator filled.
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { articleText } from '../helpers/articles-dir.ts';
import { runHerald } from '../helpers/run-herald.ts';

const SYMLINK =
  'is a symbolic link, and links are not followed (so no file outside the articles folder is ever read); skipped: put the file itself in the folder';

describe('check and build on hostile article files', () => {
  let root: string;
  let outside: string;
  const args = ['--articles', 'articles', '--site-url', 'https://news.example.org/'];

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'herald-hostile-'));
    outside = await mkdtemp(join(tmpdir(), 'herald-outside-'));
    const articles = join(root, 'articles');
    await mkdir(articles);
    await writeFile(
      join(articles, '2022-01-01-good.md'),
      articleText({ title: 'Good', date: '2022-01-01', tags: ['Shared'] }),
    );
    await writeFile(
      join(articles, '2022-01-02-bomb.md'),
      articleText({ title: 'Bomb', date: '2022-01-02', tags: ['Shared'], body: '>'.repeat(5000) }),
    );
    await writeFile(
      join(articles, '2022-01-03-slow.md'),
      articleText({ title: 'Slow', date: '2022-01-03', body: '_a'.repeat(50_000) }),
    );
    execFileSync('mkfifo', [join(articles, '2022-01-04-pipe.md')]);
    await writeFile(
      join(outside, 'secret.md'),
      '---\ntitle: Outside secret\nbogus: top-secret\n---\nsecret\n',
    );
    await symlink(join(outside, 'secret.md'), join(articles, '2022-01-05-link.md'));
  });

  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
    await rm(outside, { recursive: true, force: true });
  });

  const expectedProblems = [
    'articles/2022-01-02-bomb.md: error: body: nested too deeply to render (limit 100 levels)',
    'articles/2022-01-03-slow.md: error: body: takes too long to render (limit 2 s); simplify its Markdown',
    'articles/2022-01-04-pipe.md: warning: is a named pipe (FIFO), not a regular file; skipped',
    `articles/2022-01-05-link.md: warning: ${SYMLINK}`,
  ];

  it('herald check renders every body and reports each bad file once, without hanging', async () => {
    const result = await runHerald(['check', ...args], root);
    expect(result.stderr.trim().split('\n')).toEqual(expectedProblems);
    expect(result.stdout).toContain('1 article published, 2 errors, 2 warnings');
    expect(result.stderr).not.toMatch(/secret|RangeError|\n\s+at /);
    expect(result.code).toBe(1);
  });

  it('herald build writes the good article and leaves the others out', async () => {
    const result = await runHerald(['build', ...args, '--out', 'site', '--no-compress'], root);
    expect(result.stderr.trim().split('\n')).toEqual(expectedProblems);
    expect(result.code).toBe(1);
    expect((await readdir(join(root, 'site', 'articles'))).sort()).toEqual(['good']);
    const tagFeed = await readFile(join(root, 'site', 'tags', 'shared', 'feed.xml'), 'utf8');
    expect(tagFeed).toContain('<title>Good</title>');
    expect(tagFeed).not.toContain('Bomb');
    expect(await readFile(join(root, 'site', 'feed.xml'), 'utf8')).not.toMatch(/secret/);
  });
});
