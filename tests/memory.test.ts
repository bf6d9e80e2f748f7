// What a long-running server keeps: every memory that lives as long as the process is made by
// src/memory.ts, bounded, and listed in the README.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chooseEncoding } from '../src/http/send-representation.ts';
import { BoundedMemo, longLived } from '../src/memory.ts';
import { REPO_ROOT } from './helpers/articles-dir.ts';

function sourceFiles(dir = join(REPO_ROOT, 'src')): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? sourceFiles(join(dir, entry.name))
      : entry.name.endsWith('.ts')
        ? [join(dir, entry.name)]
        : [],
  );
}

/** The names each module gives the memories it makes, read from its source. */
function madeIn(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/\b(?:memo|attached|scratchBuffer)(?:<[\s\S]*?>)?\(\s*'([^']+)'/g)].map(
    (match) => match[1] as string,
  );
}

const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
const memorySection = readme.slice(
  readme.indexOf('### Memory a running server keeps'),
  readme.indexOf('\n## ', readme.indexOf('### Memory a running server keeps')),
);

describe('memory a running server keeps', () => {
  // An empty map or set made at module level is one that fills up as the process runs (a table of
  // constants is made with its entries).
  it('is made by src/memory.ts: no module keeps a map, set or buffer of its own at module level', () => {
    const own = sourceFiles()
      .filter((file) => !file.endsWith(join('src', 'memory.ts')))
      .flatMap((file) =>
        readFileSync(file, 'utf8')
          .split('\n')
          .filter((line) =>
            /^(export )?(const|let) \w+(: [^=]+)? = (new (Weak)?(Map|Set)\b.*\(\);$|Buffer\.alloc)/.test(
              line,
            ),
          )
          .map((line) => `${relative(REPO_ROOT, file)}: ${line}`),
      );
    expect(own).toEqual([]);
  });

  it('is listed in the README, every one of them by its name', async () => {
    const files = sourceFiles().filter((file) => madeIn(file).length > 0);
    for (const file of files) await import(file);
    const registered = longLived().map((memory) => memory.name);
    expect([...registered].sort()).toEqual(files.flatMap(madeIn).sort());
    expect(registered.length).toBeGreaterThan(5);
    const missing = registered.filter((name) => !memorySection.includes(name));
    expect(missing).toEqual([]);
  });

  it('stays within its bound however many distinct values clients send', () => {
    for (let i = 0; i < 5000; i++) chooseEncoding(`gzip;q=0.${i % 10}, x-custom-${i}`);
    const negotiated = longLived().find((memory) => memory.name === 'negotiated encodings');
    expect(negotiated?.entries()).toBe(1000);
    expect(chooseEncoding('gzip')).toBe('gzip');
  });

  it('drops its oldest entry first when full', () => {
    const memo = new BoundedMemo<string, number>(3);
    for (const [key, value] of [
      ['a', 1],
      ['b', 2],
      ['c', 3],
    ] as const)
      memo.set(key, value);
    memo.set('b', 20);
    memo.set('d', 4);
    expect([memo.has('a'), memo.get('b'), memo.get('c'), memo.get('d'), memo.size]).toEqual([
      false,
      20,
      3,
      4,
      3,
    ]);
  });
});
