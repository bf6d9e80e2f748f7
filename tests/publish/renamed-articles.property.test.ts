// The rename detector looks only at the articles that changed since its last check (a shortcut for
// looking at all of them): on random histories of a site it must say and remember exactly what a
// detector that looks at every article each time says and remembers.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Article } from '../../src/model.ts';
import { ARTICLE_IDS_FILE, RenameDetector } from '../../src/publish/renamed-articles.ts';
import { makeArticle } from '../helpers/site-fixture.ts';

const TITLES = ['Leica', 'Xiaomi', 'Camera'];
const DAYS = [1, 2, 3];

type Step =
  | { kind: 'add'; title: number; day: number }
  | { kind: 'retitle'; at: number; title: number }
  | { kind: 'rename'; at: number; keepId: boolean }
  | { kind: 'delete'; at: number }
  | { kind: 'copy'; at: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({
    kind: fc.constant('add' as const),
    title: fc.nat(TITLES.length - 1),
    day: fc.nat(DAYS.length - 1),
  }),
  fc.record({ kind: fc.constant('retitle' as const), at: fc.nat(), title: fc.nat(TITLES.length - 1) }),
  fc.record({ kind: fc.constant('rename' as const), at: fc.nat(), keepId: fc.boolean() }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('copy' as const), at: fc.nat() }),
);

let files = 0;

/** The next site's articles: unchanged ones stay the same objects, as a patched site keeps them. */
function apply(articles: readonly Article[], s: Step): Article[] {
  const next = [...articles];
  const at = next.length === 0 ? -1 : ('at' in s ? s.at : 0) % next.length;
  const old = next[at];
  const file = () => {
    files += 1;
    return `articles/file-${files}.md`;
  };
  if (s.kind === 'add') {
    const name = file();
    next.push(
      makeArticle({
        file: name,
        slug: name,
        id: `tag:x,2022:${name}`,
        title: TITLES[s.title],
        date: new Date(Date.UTC(2022, 0, DAYS[s.day])),
      }),
    );
  } else if (old && s.kind === 'retitle') next[at] = { ...old, title: TITLES[s.title] as string };
  else if (old && s.kind === 'rename') {
    const name = file();
    next[at] = { ...old, file: name, ...(s.keepId ? {} : { id: `tag:x,2022:${name}` }) };
  } else if (old && s.kind === 'delete') next.splice(at, 1);
  else if (old && s.kind === 'copy') {
    // The new name written before the old one is deleted: both are published for a while.
    const name = file();
    next.splice(at, 0, { ...old, file: name, id: `tag:x,2022:${name}` });
  }
  return next;
}

const lines = (problems: readonly { file: string; message: string }[]) =>
  problems.map((p) => `${p.file}: ${p.message}`).sort();

let stateA: string;
let stateB: string;
beforeEach(async () => {
  stateA = await mkdtemp(join(tmpdir(), 'herald-renames-a-'));
  stateB = await mkdtemp(join(tmpdir(), 'herald-renames-b-'));
});
afterEach(async () => {
  await rm(stateA, { recursive: true, force: true });
  await rm(stateB, { recursive: true, force: true });
});

const remembered = async (state: string) =>
  (await readFile(join(state, ARTICLE_IDS_FILE), 'utf8').catch(() => '')).split('\n').sort();

describe('the rename detector on random histories', () => {
  it('warns and remembers exactly what looking at every article each time does', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 40 }), async (steps) => {
        await rm(join(stateA, ARTICLE_IDS_FILE), { force: true });
        await rm(join(stateB, ARTICLE_IDS_FILE), { force: true });
        const incremental = new RenameDetector(stateA);
        const everyArticle = new RenameDetector(stateB);
        let articles: Article[] = [];
        for (const s of steps) {
          articles = apply(articles, s);
          // Copies are new objects: the detector cannot skip any of them.
          const fresh = articles.map((article) => ({ ...article }));
          expect(lines(incremental.check(articles))).toEqual(lines(everyArticle.check(fresh)));
          incremental.save();
          everyArticle.save();
          expect(await remembered(stateA)).toEqual(await remembered(stateB));
        }
      }),
      { numRuns: Number(process.env.HERALD_PROPERTY_RUNS ?? 100) },
    );
  });
});
