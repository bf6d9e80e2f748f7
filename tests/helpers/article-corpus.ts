// Writes a folder of valid, varied article files: tests and measurements of whole-site exports.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const TAGS = [
  'Cameras',
  'Smartphones',
  'Xiaomi',
  'Leica',
  'Huawei',
  'Software Updates',
  'Reviews',
  'Ünïcode & Co',
];
const AUTHORS = ['Ada Lovelace', 'Grace Hopper', 'Alan Turing', 'Edsger Dijkstra'];

/** A few paragraphs of text, different per article, long enough that compression matters. */
function body(i: number): string {
  const paragraphs = Array.from(
    { length: 3 + (i % 4) },
    (_, p) =>
      `Paragraph ${p + 1} of article ${i}: the camera <maker> & the phone maker announced part ${p} of a partnership. ` +
      `See [the announcement](/articles/post-${i}/#part-${p}) and ![a photo](https://cdn.example.org/images/${i}-${p}.jpg). `.repeat(
        1 + (p % 3),
      ),
  );
  return `${paragraphs.join('\n\n')}\n\n## Details\n\n- point one of ${i}\n- point two\n`;
}

/**
 * Writes `count` articles named `YYYY-MM-DD-post-N.md`, one per day from 2020-01-01, each with one to
 * three tags and an author (or none: the site author stands in). Dates are fixed, so every run
 * writes the same bytes.
 */
export async function writeArticleCorpus(dir: string, count: number): Promise<void> {
  await mkdir(dir, { recursive: true });
  for (let i = 1; i <= count; i += 1) {
    const day = new Date(Date.UTC(2020, 0, i));
    const date = day.toISOString().slice(0, 10);
    const tags = [TAGS[i % TAGS.length], TAGS[(i * 3) % TAGS.length], TAGS[(i * 5) % TAGS.length]].slice(
      0,
      1 + (i % 3),
    );
    const author = i % 5 === 0 ? undefined : AUTHORS[i % AUTHORS.length];
    const front = [
      '---',
      `title: "Generated article number ${i}: \\"quotes\\" & <angles>"`,
      `date: ${date}`,
      ...(author ? [`author: ${author}`] : []),
      `tags: [${[...new Set(tags)].map((t) => JSON.stringify(t)).join(', ')}]`,
      `summary: Summary of generated article ${i}.`,
      '---',
      '',
    ].join('\n');
    await writeFile(join(dir, `${date}-post-${i}.md`), `${front}${body(i)}`);
  }
}
