import { describe, expect, it } from 'vitest';
import { extensionOf, filePathFor } from '../../src/export/file-paths.ts';
import { type ExportedFile, headerTypeRules, typesByExtension } from '../../src/export/media-type-rules.ts';

const RSS = 'application/rss+xml; charset=utf-8';
const ATOM = 'application/atom+xml; charset=utf-8';
const JSON_FEED = 'application/feed+json; charset=utf-8';
const HTML = 'text/html; charset=utf-8';

function files(entries: [string, string][]): ExportedFile[] {
  return entries.map(([path, mediaType]) => ({ path, file: filePathFor(path), mediaType, status: 200 }));
}

const SITE = files([
  ['/', HTML],
  ['/articles/a/', HTML],
  ['/feed.xml', RSS],
  ['/atom.xml', ATOM],
  ['/feed.json', JSON_FEED],
  ['/feed/page/2.xml', RSS],
  ['/atom/page/2.xml', ATOM],
  ['/feed/page/2.json', JSON_FEED],
  ['/tags/x/feed.xml', RSS],
  ['/tags/x/atom.xml', ATOM],
  ['/tags/x/atom/page/2.xml', ATOM],
]);

describe('filePathFor', () => {
  it.each([
    ['/', 'index.html'],
    ['/articles/leica/', 'articles/leica/index.html'],
    ['/feed.xml', 'feed.xml'],
    ['/tags/x/feed/page/2.json', 'tags/x/feed/page/2.json'],
    ['/404.html', '404.html'],
  ])('maps %s to %s', (path, file) => {
    expect(filePathFor(path)).toBe(file);
  });

  it.each(['/../etc/passwd', '/a//b', '/caf%C3%A9/', 'relative', '/a b/'])('refuses %s', (path) => {
    expect(() => filePathFor(path)).toThrow();
  });

  it.each([
    ['feed.xml', 'xml'],
    ['a/b/index.html', 'html'],
    ['_headers', ''],
    ['.hidden', ''],
  ])('extension of %s is "%s"', (file, ext) => {
    expect(extensionOf(file)).toBe(ext);
  });
});

describe('typesByExtension', () => {
  it('maps each extension to its most common type and lists the other files', () => {
    const { byExtension, exceptions } = typesByExtension(SITE);
    expect(byExtension.get('html')).toBe(HTML);
    expect(byExtension.get('xml')).toBe(ATOM);
    expect(exceptions.map((f) => f.path)).toEqual(['/feed.xml', '/feed/page/2.xml', '/tags/x/feed.xml']);
  });
});

describe('headerTypeRules', () => {
  it('gives each non-HTML URL exactly one rule with its type, in few rules', () => {
    expect(headerTypeRules(SITE)).toEqual([
      { pattern: '/*.json', mediaType: JSON_FEED },
      { pattern: '/*atom.xml', mediaType: ATOM },
      { pattern: '/*atom/page/2.xml', mediaType: ATOM },
      { pattern: '/*feed.xml', mediaType: RSS },
      { pattern: '/*feed/page/2.xml', mediaType: RSS },
    ]);
  });

  describe('when page 12 ends like page 2', () => {
    it('gives each page a rule that does not match the other', () => {
      const paged = files([
        ['/feed.xml', RSS],
        ['/atom.xml', ATOM],
        ['/feed/page/2.xml', RSS],
        ['/feed/page/12.xml', RSS],
        ['/atom/page/2.xml', ATOM],
        ['/atom/page/12.xml', ATOM],
      ]);
      expect(headerTypeRules(paged).map((r) => r.pattern)).toEqual([
        '/*atom.xml',
        '/*atom/page/12.xml',
        '/*atom/page/2.xml',
        '/*feed.xml',
        '/*feed/page/12.xml',
        '/*feed/page/2.xml',
      ]);
    });
  });
});
