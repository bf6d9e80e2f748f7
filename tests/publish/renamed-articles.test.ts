// A renamed article file without `id:` gets a new id: Herald says so, and names the id to keep.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RenameDetector } from '../../src/publish/renamed-articles.ts';
import { type ArticlesDir, articleText, makeArticlesDir } from '../helpers/articles-dir.ts';
import { serve } from '../helpers/server.ts';
import { makeArticle } from '../helpers/site-fixture.ts';

let state: string;
beforeEach(async () => {
  state = await mkdtemp(join(tmpdir(), 'herald-renames-'));
});
afterEach(async () => {
  await rm(state, { recursive: true, force: true });
});

const date = new Date('2022-05-23T10:00:00Z');
const before = makeArticle({
  slug: 'leica',
  file: 'articles/2022-05-23-leica.md',
  id: 'tag:x,2022-05-23:leica',
  title: 'Leica',
  date,
});
const renamed = {
  ...before,
  slug: 'leica-m11',
  file: 'articles/2022-05-23-leica-m11.md',
  id: 'tag:x,2022-05-23:leica-m11',
};

describe('renamed articles', () => {
  describe('when the new name is seen by a later run (against the state folder)', () => {
    it('warns on the id field and names the old id to add as id:', () => {
      const earlier = new RenameDetector(state);
      expect(earlier.check([before])).toEqual([]);
      earlier.save();
      const problems = new RenameDetector(state).check([renamed]);
      expect(problems).toEqual([
        expect.objectContaining({ file: renamed.file, severity: 'warning', field: 'id' }),
      ]);
      expect(problems[0]?.message).toContain('articles/2022-05-23-leica.md renamed');
      expect(problems[0]?.message).toContain('add "id: tag:x,2022-05-23:leica"');
    });
  });

  describe('when the old id is put back with id:', () => {
    it('says nothing', () => {
      const detector = new RenameDetector(state);
      detector.check([before]);
      expect(detector.check([{ ...renamed, id: before.id }])).toEqual([]);
    });
  });

  describe('when the new name is written before the old one is deleted', () => {
    it('warns once the old one is gone', () => {
      const detector = new RenameDetector(state);
      detector.check([before]);
      expect(detector.check([before, renamed])).toEqual([]);
      expect(detector.check([renamed]).map((p) => p.field)).toEqual(['id']);
    });
  });

  describe('when both articles are still there, or the title changed too', () => {
    it('says nothing', () => {
      const detector = new RenameDetector(state);
      detector.check([before]);
      expect(detector.check([before, renamed])).toEqual([]);
      expect(detector.check([{ ...renamed, title: 'Leica M11, reviewed' }])).toEqual([]);
    });
  });

  describe('when a file is renamed while herald serve runs', () => {
    let articles: ArticlesDir;
    beforeEach(async () => {
      articles = await makeArticlesDir({ empty: true });
    });
    afterEach(async () => {
      await articles.dispose();
    });

    it('reports the warning among the problems and logs it once', async () => {
      await articles.write('2022-05-23-leica.md', articleText({ title: 'Leica', date: '2022-05-23' }));
      const log: string[] = [];
      const server = await serve(articles.path, {
        watch: true,
        log: (line) => log.push(line),
        settings: { stateDir: state },
      });
      await articles.rename('2022-05-23-leica.md', '2022-05-23-leica-m11.md');
      await vi.waitFor(() => expect(server.live.problems.map((p) => p.field)).toEqual(['id']), {
        timeout: 10_000,
        interval: 50,
      });
      expect(log.filter((line) => line.includes('renamed'))).toHaveLength(1);
      expect(log.find((line) => line.includes('renamed'))).toMatch(
        /2022-05-23-leica-m11\.md: warning: id: looks like .*2022-05-23-leica\.md renamed/,
      );
    });
  });
});
