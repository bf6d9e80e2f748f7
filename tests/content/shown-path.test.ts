import { describe, expect, it } from 'vitest';
import { shownFile, shownFolder, shownFolderOf } from '../../src/content/shown-path.ts';

describe('how problem lines name the articles folder', () => {
  it.each([
    ['articles', 'articles'],
    ['./articles/', 'articles'],
    ['content/../articles', 'articles'],
    ['site/articles', 'site/articles'],
    ['.', ''],
    ['/srv/news/articles', '/srv/news/articles'],
    ['/srv/news/articles/', '/srv/news/articles'],
    ['/home/me/blog/articles', '/home/me/blog/articles'],
    // A relative path out of the working folder is shown absolute: never `../` in a problem line.
    ['../../../srv/news/articles', '/srv/news/articles'],
    ['articles/../../x', '/home/me/x'],
  ])('given %j from /home/me/blog, shows %j', (given, shown) => {
    expect(shownFolder(given, '/home/me/blog')).toBe(shown);
  });

  it('shows a folder known only by its absolute path relative to the working folder when inside it', () => {
    expect(shownFolderOf('/home/me/blog/articles', '/home/me/blog')).toBe('articles');
    expect(shownFolderOf('/home/me/blog', '/home/me/blog')).toBe('');
    expect(shownFolderOf('/srv/news/articles', '/home/me/blog')).toBe('/srv/news/articles');
  });

  it('names a file under the folder as shown', () => {
    expect(shownFile('articles', 'x.md')).toBe('articles/x.md');
    expect(shownFile('', 'x.md')).toBe('x.md');
    expect(shownFile('/', 'x.md')).toBe('/x.md');
  });
});
