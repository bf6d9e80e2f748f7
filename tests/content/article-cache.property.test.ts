// The article cache reads a file whose body changed under the same front matter without parsing the
// YAML again: on random histories of edits to bodies and front matter, what it gives is what reading
// the file afresh gives, fields, content, summary and problems alike.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { ArticleCache } from '../../src/content/article-cache.ts';
import { type FileResult, loadArticleFileNow } from '../../src/content/load-articles.ts';
import { loadOptionsFor } from '../helpers/load-options.ts';

const roots: string[] = [];
afterAll(async () => {
  await Promise.all(roots.map((root) => rm(root, { recursive: true, force: true })));
});

const FILES = ['2024-01-02-one.md', '2024-01-03-two.md'];
const BODIES = [
  'Some *text*.',
  'Other text with [a link](other/) and ![a picture](pic.png).',
  '# Title\n\nMore text.',
  // Nested too deeply to render: a problem when bodies must render now.
  `${'>'.repeat(120)} deep`,
];
const FRONT_MATTERS = [
  'title: "First"\ntags: [Alpha]',
  'title: "Second"\ntags: [Alpha, Beta]\nsummary: "Given."',
  'title: "Third"\nimage: photo.jpg\nimage_alt: "A photo"',
  'title: "Fourth"\nupdated: 2024-02-01',
];

/** What a reader of the result sees: every field, the content and summary read through their getters. */
function seen(result: FileResult) {
  const { article, problems } = result;
  return {
    article: article && { ...article, contentHtml: article.contentHtml, summary: article.summary },
    problems,
  };
}

describe('the article cache, after an edit', () => {
  it('gives what reading the file afresh gives, whether the front matter changed or not', async () => {
    const root = await mkdtemp(join(tmpdir(), 'herald-article-cache-'));
    roots.push(root);
    const step = fc.record({
      file: fc.constantFrom(...FILES),
      frontMatter: fc.nat(FRONT_MATTERS.length - 1),
      body: fc.nat(BODIES.length - 1),
      newRun: fc.boolean(),
    });
    let run = 0;
    await fc.assert(
      // Bodies rendered now (build, check) or on first use (serve): one or the other for a whole history,
      // as a cache entry made without rendering is trusted without rendering.
      fc.asyncProperty(
        fc.array(step, { minLength: 1, maxLength: 10 }),
        fc.boolean(),
        async (steps, renderNow) => {
          run += 1;
          const articlesDir = join(root, `articles-${run}`);
          await mkdir(articlesDir);
          const cacheFile = join(root, `cache-${run}.json`);
          const write = (name: string, frontMatter: number, body: number) =>
            writeFile(join(articlesDir, name), `---\n${FRONT_MATTERS[frontMatter]}\n---\n${BODIES[body]}\n`);
          for (const name of FILES) await write(name, 0, 0);
          const open = () => ArticleCache.open({ file: cacheFile, version: 'v', racyMs: 0 });
          let cache = await open();
          for (const s of steps) {
            // A millisecond apart, so that the cache keeps what it read (see RACY_MS).
            await new Promise((resolve) => setTimeout(resolve, 2));
            await write(s.file, s.frontMatter, s.body);
            await new Promise((resolve) => setTimeout(resolve, 2));
            if (s.newRun) {
              await cache.save();
              cache = await open();
            }
            const options = loadOptionsFor(articlesDir, 'https://example.org/', {
              mediaBase: 'https://example.org/media/',
              now: () => new Date('2025-01-01T00:00:00Z'),
              renderNow,
            });
            for (const name of FILES) {
              const cached = await cache.load(name, options);
              expect(seen(cached)).toEqual(seen(loadArticleFileNow(name, options)));
            }
          }
        },
      ),
      { numRuns: Number(process.env.HERALD_PROPERTY_RUNS ?? 25) },
    );
  });
});
