// Problem lines name a file the way the user gave the articles folder: `articles/x.md` for
// `--articles articles`, the absolute path when it was given absolute, never a `../` path.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runHerald } from '../helpers/run-herald.ts';

const BAD = '2024-04-08-bad.md';

describe('problem lines', () => {
  let root: string;
  let project: string;
  let elsewhere: string;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'herald-paths-'));
    project = join(root, 'home', 'me', 'blog');
    elsewhere = join(root, 'srv', 'news', 'articles');
    for (const folder of [join(project, 'articles'), elsewhere]) {
      await mkdir(folder, { recursive: true });
      await writeFile(join(folder, BAD), '---\ntitle: ""\n---\n');
    }
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  const lineFor = async (args: string[], env: Record<string, string> = {}) => {
    const { code, stderr } = await runHerald(['check', ...args], project, env);
    expect(code).toBe(1);
    return stderr.trim();
  };

  it.each([
    [['--articles', 'articles'], 'articles'],
    [['--articles', './articles/'], 'articles'],
    [[], 'articles'],
  ])('with %j read from the project folder, read %s/…', async (args, shown) => {
    expect(await lineFor(args)).toBe(`${shown}/${BAD}: error: title: must not be empty`);
  });

  it('name the absolute path when the folder was given absolute (flag or ARTICLES_DIR)', async () => {
    const expected = `${elsewhere}/${BAD}: error: title: must not be empty`;
    expect(await lineFor(['--articles', elsewhere])).toBe(expected);
    expect(await lineFor([], { ARTICLES_DIR: elsewhere })).toBe(expected);
    const inside = join(project, 'articles');
    expect(await lineFor(['--articles', inside])).toBe(`${inside}/${BAD}: error: title: must not be empty`);
  });

  it('never climb out with ../, even when the folder was given that way', async () => {
    const line = await lineFor(['--articles', '../../../srv/news/articles']);
    expect(line).toBe(`${elsewhere}/${BAD}: error: title: must not be empty`);
    expect(line).not.toContain('..');
  });
});
