// A fresh folder per test file: the shipped articles plus generated ones with tags and authors.
import { copyFile, mkdir, mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { resolveSettings } from '../../src/config.ts';
import type { SiteSettings } from '../../src/model.ts';
import { writeArticleCorpus } from '../helpers/article-corpus.ts';
import { patternBytes, pngBytes } from '../helpers/media-fixture.ts';

const SHIPPED = fileURLToPath(new URL('../../articles/', import.meta.url));
export const SITE_URL = 'https://news.example.test/';
/**
 * An external hub: the export advertises it as the server does (Herald's own hub exists only in
 * serve). CLI runs get it as HERALD_HUB.
 */
export const HUB_URL = 'https://hub.example.test/';

export interface FixtureFolder {
  root: string;
  articlesDir: string;
  settings: SiteSettings;
}

/** `root/articles` holds the shipped articles and `generated` more; CLI runs use `root` as cwd. */
export async function makeFixtureFolder(generated: number): Promise<FixtureFolder> {
  const root = await mkdtemp(join(tmpdir(), 'herald-export-'));
  const articlesDir = join(root, 'articles');
  await mkdir(articlesDir);
  for (const name of await readdir(SHIPPED)) {
    if (name.endsWith('.md')) await copyFile(join(SHIPPED, name), join(articlesDir, name));
  }
  await writeArticleCorpus(articlesDir, generated);
  await writeMediaArticle(articlesDir);
  const settings = resolveSettings(
    [{ articlesDir, siteUrl: SITE_URL, port: 0, host: '127.0.0.1', hub: HUB_URL, pollLimitPerMinute: 0 }],
    root,
  );
  return { root, articlesDir, settings };
}

/** Media files the export must publish: a photo beside the articles, audio and a drawing in a folder. */
export const FIXTURE_MEDIA: Readonly<Record<string, { type: string; bytes: Buffer }>> = {
  'photo.png': { type: 'image/png', bytes: pngBytes(6, 4, [10, 120, 200]) },
  '2022-06-01-with-media/episode.mp3': { type: 'audio/mpeg', bytes: patternBytes(40_000) },
  '2022-06-01-with-media/drawing.svg': {
    type: 'image/svg+xml',
    bytes: Buffer.from(
      `<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40"><rect width="40" height="40" fill="teal"/>${' '.repeat(300)}</svg>\n`,
    ),
  },
};

async function writeMediaArticle(articlesDir: string): Promise<void> {
  await mkdir(join(articlesDir, '2022-06-01-with-media'));
  for (const [name, { bytes }] of Object.entries(FIXTURE_MEDIA))
    await writeFile(join(articlesDir, name), bytes);
  await writeFile(
    join(articlesDir, '2022-06-01-with-media.md'),
    [
      '---',
      'title: An article with media',
      'tags: [Media]',
      '---',
      '',
      '![A photo](photo.png) ![A drawing](2022-06-01-with-media/drawing.svg)',
      '',
      '[The episode](2022-06-01-with-media/episode.mp3)',
      '',
    ].join('\n'),
  );
}

/** The command-line flags that give a CLI run in `root` the same settings. */
export function cliSettings(fixture: FixtureFolder): string[] {
  return ['--articles', fixture.articlesDir, '--site-url', SITE_URL];
}
