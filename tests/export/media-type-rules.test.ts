import { describe, expect, it } from 'vitest';
import { extensionOf, filePathFor } from '../../src/export/file-paths.ts';
import {
  checkMediaTypes,
  type ExportedFile,
  HEADER_TYPE_RULES,
  nginxTypeOf,
} from '../../src/export/media-type-rules.ts';

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
  ['/archive/2/feed.xml', RSS],
  ['/archive/2/atom.xml', ATOM],
  ['/archive/12/feed.json', JSON_FEED],
  ['/tags/x/feed.xml', RSS],
  ['/tags/x/atom.xml', ATOM],
  ['/archive/tags/x/2/atom.xml', ATOM],
  ['/archive/tags/feed/2/atom.xml', ATOM],
  ['/archive/authors/atom/1/feed.xml', RSS],
  ['/tags/x/page/3/', HTML],
  ['/feed.xsl', 'text/xsl; charset=utf-8'],
]);

describe('filePathFor', () => {
  it.each([
    ['/', 'index.html'],
    ['/articles/leica/', 'articles/leica/index.html'],
    ['/feed.xml', 'feed.xml'],
    ['/archive/tags/x/2/feed.json', 'archive/tags/x/2/feed.json'],
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

/** Cloudflare Pages / Netlify matching of a `/*<suffix>` pattern. */
function headerTypeOf(url: string): string[] {
  return HEADER_TYPE_RULES.filter((rule) => url.endsWith(rule.pattern.slice(2))).map((r) => r.mediaType);
}

describe('the fixed media type rules', () => {
  it.each(SITE.map((f) => [f.path, f.mediaType, f.file] as const))(
    'give %s its type %s, in nginx and in _headers',
    (path, mediaType, file) => {
      expect(nginxTypeOf(file)).toBe(mediaType);
      // Hosts serve .html as text/html by themselves; every other file needs exactly one rule.
      expect(headerTypeOf(path.endsWith('/') ? path : `/${file}`)).toEqual(
        mediaType === HTML ? [] : [mediaType],
      );
    },
  );

  it('accept every file of a site, whatever its size', () => {
    expect(() => checkMediaTypes(SITE)).not.toThrow();
  });

  it('refuse a file whose name does not give its type', () => {
    expect(() => checkMediaTypes(files([['/archive/1/feed.xml', ATOM]]))).toThrow(
      /archive\/1\/feed\.xml: its name gives application\/rss\+xml/,
    );
  });

  it('stay well under Cloudflare Pages’ 100 rules', () => {
    expect(HEADER_TYPE_RULES.length).toBeLessThan(10);
  });
});
