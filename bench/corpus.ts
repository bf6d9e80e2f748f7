// Deterministic article corpora for the benchmark: same seed, same bytes, on every machine.
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** mulberry32: a tiny seeded PRNG, good enough to vary text and never dependent on Math.random. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SYLLABLES = [
  'ka',
  'lo',
  'mi',
  'ra',
  'te',
  'so',
  'ven',
  'dor',
  'pla',
  'qui',
  'nex',
  'tra',
  'ul',
  'zen',
  'bri',
  'cam',
];
const TAG_WORDS = [
  'Camera',
  'Phone',
  'Lens',
  'Sensor',
  'Update',
  'Review',
  'Leica',
  'Xiaomi',
  'Huawei',
  'Zoom',
];
export const TAG_COUNT = 50;
const AUTHORS = ['Ada Lovelace', 'Grace Hopper', 'Alan Turing', 'Edsger Dijkstra', 'Barbara Liskov'];
const DAY_MS = 86_400_000;
/** 2014-01-01: the corpus spreads articles over about ten years from here. */
const FIRST_DAY = Date.UTC(2014, 0, 1);

export interface CorpusArticle {
  name: string;
  text: string;
}

/** The same generator for the whole corpus, so article `i` is the same bytes at 1k and at 10k. */
export class CorpusWriter {
  readonly #words: string[];
  readonly #tags: string[];

  constructor(seed = 7) {
    const random = seededRandom(seed);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
    this.#words = Array.from({ length: 600 }, () => {
      const length = 1 + Math.floor(random() * 3);
      return Array.from({ length }, () => pick(SYLLABLES)).join('');
    });
    this.#tags = Array.from({ length: TAG_COUNT }, (_, i) => `${TAG_WORDS[i % TAG_WORDS.length]} ${i + 1}`);
  }

  /** Article `i` of a corpus of `count`: about 900 words, 1–4 tags, dated so the newest is last. */
  article(i: number, count: number): CorpusArticle {
    const random = seededRandom(1_000_003 * (i + 1));
    const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
    const words = (n: number) => Array.from({ length: n }, () => pick(this.#words)).join(' ');
    const sentence = () => {
      const s = words(8 + Math.floor(random() * 12));
      return `${s[0]?.toUpperCase()}${s.slice(1)}.`;
    };
    // Spread over ~10 years, in file order, with a few hours' jitter so times are distinct.
    const spanDays = 3650;
    const when =
      FIRST_DAY + Math.floor((i * spanDays * DAY_MS) / count) + Math.floor(random() * 20) * 3_600_000;
    const iso = new Date(when).toISOString();
    const slug = `${words(3).replace(/ /g, '-')}-${i}`;
    const tagCount = 1 + Math.floor(random() * 4);
    const tags = new Set<string>();
    while (tags.size < tagCount) tags.add(pick(this.#tags));
    const author = i % 7 === 0 ? undefined : AUTHORS[i % AUTHORS.length];
    const title = `${sentence().slice(0, -1)} (${i})`;

    const blocks: string[] = [];
    let wordCount = 0;
    let b = 0;
    while (wordCount < 900) {
      let block: string;
      if (b % 6 === 2) block = `## ${sentence().slice(0, -1)}`;
      else if (b % 6 === 4) {
        block = Array.from({ length: 4 }, () => `- ${sentence()} See [more](/articles/x-${b}/).`).join('\n');
      } else if (b % 11 === 7) block = `\`\`\`js\nconst value = ${b} * 2; // ${words(5)}\n\`\`\``;
      else {
        const n = 4 + Math.floor(random() * 4);
        block = Array.from({ length: n }, sentence).join(' ');
        if (b % 5 === 0)
          block += ` Read *the [source](https://example.org/${slug}/${b})* and **${words(2)}**.`;
        // An image on another host: a relative one would name a media file the corpus does not
        // have, and every run would print 10,000 warnings (and Hugo's copy of the site has none).
        if (b === 3) block += ` ![A photo](https://images.example.org/${i}.jpg "photo ${i}")`;
      }
      wordCount += block.split(/\s+/).length;
      blocks.push(block);
      b += 1;
    }
    const front = [
      '---',
      `title: ${JSON.stringify(title)}`,
      `date: ${iso}`,
      ...(author ? [`author: ${author}`] : []),
      `tags: [${[...tags].map((t) => JSON.stringify(t)).join(', ')}]`,
      '---',
      '',
    ].join('\n');
    return { name: `${iso.slice(0, 10)}-${slug}.md`, text: `${front}${blocks.join('\n\n')}\n` };
  }
}

/** Writes a fresh corpus of `count` articles into `dir` (emptied first). */
export async function writeCorpus(dir: string, count: number, seed = 7): Promise<string[]> {
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const writer = new CorpusWriter(seed);
  const names: string[] = [];
  const batch = 64;
  for (let start = 0; start < count; start += batch) {
    const articles = Array.from({ length: Math.min(batch, count - start) }, (_, k) =>
      writer.article(start + k, count),
    );
    await Promise.all(articles.map((a) => writeFile(join(dir, a.name), a.text)));
    names.push(...articles.map((a) => a.name));
  }
  return names;
}

export async function countFiles(dir: string): Promise<number> {
  return (await readdir(dir)).length;
}

/** The settings file every bench server and build reads (`HERALD_CONFIG`): `out/herald.config.json`. */
export async function writeBenchConfig(out: string): Promise<string> {
  const file = join(out, 'herald.config.json');
  await writeFile(
    file,
    JSON.stringify({
      title: 'Herald Bench',
      description: 'Generated articles',
      author: { name: 'Bench Desk' },
    }),
  );
  return file;
}
