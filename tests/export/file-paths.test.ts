// Each exported URL's file: a static host must serve it at the same URL, and no URL may name a file
// outside the export.
import { describe, expect, it } from 'vitest';
import { filePathFor } from '../../src/export/file-paths.ts';

describe('the file of an exported URL', () => {
  it.each([
    ['/', 'index.html'],
    ['/articles/xiaomi-leica/', 'articles/xiaomi-leica/index.html'],
    ['/feed.xml', 'feed.xml'],
    ['/tags/x/feed.json', 'tags/x/feed.json'],
    ['/.well-known/x', '.well-known/x'],
    ['/a/..b/', 'a/..b/index.html'],
    ['/a/b.../c', 'a/b.../c'],
    ['/a/.../', 'a/.../index.html'],
  ])('maps %s to %s', (url, file) => {
    expect(filePathFor(url)).toBe(file);
  });

  it.each([
    '/..',
    '/../etc/passwd',
    '/a/../b',
    '/a/./b',
    '/a/..',
    '/a/.',
    '/./',
    '/a//b',
    '/é',
    'relative',
    '/a b',
  ])('refuses %s', (url) => {
    expect(() => filePathFor(url)).toThrow(/cannot export/);
  });
});
