// The rendered bodies kept in the state folder: a later run uses them instead of rendering, and what
// it publishes is what rendering would give, on random histories of edits and settings.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { ArticleCache } from '../../src/content/article-cache.ts';
import { BodyStore } from '../../src/content/body-store.ts';
import { type LoadOptions, loadArticleFileNow } from '../../src/content/load-articles.ts';
import { loadOptionsFor } from '../helpers/load-options.ts';

const roots: string[] = [];
afterAll(async () => {
  await Promise.all(roots.map((root) => rm(root, { recursive: true, force: true })));
});

async function tempRoot(): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'herald-bodies-'));
  roots.push(root);
  return root;
}

function loadOptions(articlesDir: string, site: string, mediaBase?: string): LoadOptions {
  return loadOptionsFor(articlesDir, site, mediaBase === undefined ? {} : { mediaBase });
}

const article = (body: string, summary?: string) =>
  `---\ntitle: "A title"\ndate: 2024-01-02\n${summary === undefined ? '' : `summary: "${summary}"\n`}---\n${body}\n`;

describe('the body store', () => {
  it('gives a body back to a later run of the same Herald, and nothing to another version', async () => {
    const root = await tempRoot();
    const file = join(root, 'bodies.sqlite');
    const first = BodyStore.open({ file, version: 'herald@1' });
    first.put('key-a', '<p>a</p>');
    expect(first.get('key-a'), 'waiting for its batch, still found').toBe('<p>a</p>');
    first.close();

    const again = BodyStore.open({ file, version: 'herald@1' });
    expect(again.get('key-a')).toBe('<p>a</p>');
    expect(again.get('key-b')).toBeUndefined();
    again.close();

    const full = BodyStore.open({ file, version: 'herald@1', fresh: true });
    expect(full.get('key-a'), '--full uses nothing stored').toBeUndefined();
    full.close();

    const reader = BodyStore.open({ file, version: 'herald@1', readOnly: true });
    reader.put('key-c', '<p>c</p>');
    reader.close();
    const check = BodyStore.open({ file, version: 'herald@1' });
    expect(check.get('key-c'), 'a read-only store keeps nothing').toBeUndefined();
    check.close();

    const upgraded = BodyStore.open({ file, version: 'herald@2' });
    expect(upgraded.get('key-a'), 'bodies of another version are dropped').toBeUndefined();
    upgraded.close();
  });

  it('starts again over a damaged file, and says once when it cannot be used at all', async () => {
    const root = await tempRoot();
    const file = join(root, 'bodies.sqlite');
    await writeFile(file, 'not a database, only some text that is long enough to be read as a header');
    const problems: string[] = [];
    const store = BodyStore.open({ file, version: 'v', onProblem: (line) => problems.push(line) });
    store.put('k', '<p>k</p>');
    store.close();
    const reopened = BodyStore.open({ file, version: 'v' });
    expect(reopened.get('k')).toBe('<p>k</p>');
    reopened.close();
    expect(problems).toEqual([]);

    // A folder where the file should be: no store, one line, and rendering goes on without it.
    const blocked = join(root, 'blocked.sqlite');
    await mkdir(blocked);
    const none = BodyStore.open({ file: blocked, version: 'v', onProblem: (line) => problems.push(line) });
    none.put('k', '<p>k</p>');
    expect(none.get('k')).toBeUndefined();
    none.close();
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(blocked);
  });

  it('forgets the bodies of articles the site no longer has, once they outnumber the kept ones', async () => {
    const root = await tempRoot();
    const store = BodyStore.open({ file: join(root, 'bodies.sqlite'), version: 'v' });
    for (let i = 0; i < 300; i += 1) store.put(`old-${i}`, `<p>${i}</p>`);
    store.put('kept', '<p>kept</p>');
    store.prune(new Set(['kept']));
    expect(store.get('kept')).toBe('<p>kept</p>');
    expect(store.get('old-0')).toBeUndefined();
    store.close();
  });

  it('publishes what rendering gives, whatever bodies, addresses and media bases came before', async () => {
    const root = await tempRoot();
    const articlesDir = join(root, 'articles');
    await mkdir(articlesDir);
    const bodies = [
      'Some *text*.',
      'Other text with [a link](other/).',
      '![an image](photo.jpg)',
      '# Title\n\nMore',
    ];
    const step = fc.record({
      file: fc.constantFrom('2024-01-02-one.md', '2024-01-02-two.md'),
      body: fc.constantFrom(...bodies),
      summary: fc.option(fc.constantFrom('Given.', 'Another.'), { nil: undefined }),
      site: fc.constantFrom('https://a.example/', 'https://b.example/blog/'),
      mediaBase: fc.option(fc.constantFrom('https://a.example/media/', 'https://cdn.example/m/'), {
        nil: undefined,
      }),
    });
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 8 }), async (steps) => {
        run += 1;
        const state = join(root, `state-${run}`);
        for (const name of ['2024-01-02-one.md', '2024-01-02-two.md']) {
          await writeFile(join(articlesDir, name), article(bodies[0] as string));
        }
        for (const s of steps) {
          await writeFile(join(articlesDir, s.file), article(s.body, s.summary));
          const options = loadOptions(articlesDir, s.site, s.mediaBase);
          const store = BodyStore.open({ file: join(state, 'bodies.sqlite'), version: 'v' });
          const cache = await ArticleCache.open({
            file: join(state, 'article-cache.json'),
            version: 'v',
            racyMs: 0,
            bodies: store,
          });
          for (const name of ['2024-01-02-one.md', '2024-01-02-two.md']) {
            const stored = (await cache.load(name, options)).article;
            const rendered = loadArticleFileNow(name, options).article;
            expect(stored?.contentHtml).toBe(rendered?.contentHtml);
            expect(stored?.summary).toBe(rendered?.summary);
          }
          await cache.save();
          store.close();
        }
      }),
      { numRuns: 15 },
    );
  });
});
