import { describe, expect, it } from 'vitest';
import { summarize, truncateOnWord } from '../../src/content/summary.ts';

describe('summarize', () => {
  it.each([
    ['<p>One.</p><p>Two.</p>', 'One.'],
    ['<h2>Title</h2><p>  Spaced\n  text  </p>', 'Spaced text'],
    ['<p></p><p>Second is first non-empty.</p>', 'Second is first non-empty.'],
    ['<p>Tom &amp; Jerry &lt;3 <a href="x">link</a></p>', 'Tom & Jerry <3 link'],
    ['<ul><li>no paragraph</li></ul>', ''],
  ])('summarizes %j as %j', (html, expected) => {
    expect(summarize(html)).toBe(expected);
  });

  it('cuts a long first paragraph on a word boundary near 280 characters', () => {
    const words = Array.from({ length: 100 }, (_, i) => `word${i}`).join(' ');
    const summary = summarize(`<p>${words}</p>`);
    expect(summary.endsWith('…')).toBe(true);
    expect([...summary].length).toBeLessThanOrEqual(281);
    expect([...summary].length).toBeGreaterThan(250);
    expect(words.startsWith(summary.slice(0, -1))).toBe(true);
    expect(words[summary.length - 1]).toBe(' '); // cut where a word ended
  });
});

describe('truncateOnWord', () => {
  it('keeps short text whole', () => {
    expect(truncateOnWord('short text', 280)).toBe('short text');
  });

  it('never splits an emoji or other astral character', () => {
    expect(truncateOnWord('😀'.repeat(10), 5)).toBe('😀😀😀😀😀…');
  });
});
