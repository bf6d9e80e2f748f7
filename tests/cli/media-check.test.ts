// `herald check` on an articles folder whose articles name media files that are not there: one warning
// line per reference, naming the article, the field and the path; everything is still published.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pngBytes } from '../helpers/media-fixture.ts';
import { runHerald } from '../helpers/run-herald.ts';

describe('herald check with references to missing media files', () => {
  let root: string;
  const herald = (...args: string[]) =>
    runHerald([...args, '--site-url', 'https://news.example.test/'], root);

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'herald-media-check-'));
    await mkdir(join(root, 'articles'));
    await writeFile(join(root, 'articles', 'photo.png'), pngBytes(2, 2, [1, 2, 3]));
    await writeFile(
      join(root, 'articles', '2022-06-02-missing.md'),
      [
        '---',
        'title: Missing files',
        'date: 2022-06-02',
        'image: cover.png',
        'attachments: [episode.mp3]',
        '---',
        '',
        '![Here](photo.png) ![Gone](gone/missing.jpg)',
        '',
      ].join('\n'),
    );
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('prints a warning per missing file naming the article, field and path, and exits 0', async () => {
    const { code, stdout, stderr } = await herald('check');
    const lines = stderr.trim().split('\n').sort();
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^articles\/2022-06-02-missing\.md: warning: attachments: .*"episode\.mp3"/);
    expect(lines[1]).toMatch(/^articles\/2022-06-02-missing\.md: warning: image: .*"cover\.png"/);
    expect(lines[2]).toMatch(/^articles\/2022-06-02-missing\.md: warning: media: .*"gone\/missing\.jpg"/);
    expect(stderr).not.toContain('photo.png');
    expect(stdout).toBe('1 article published, 0 errors, 3 warnings\n');
    expect(code).toBe(0);
  });

  it('fails with --strict', async () => {
    const { code } = await herald('check', '--strict');
    expect(code).not.toBe(0);
  });
});
