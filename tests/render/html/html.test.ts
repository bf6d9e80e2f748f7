import { describe, expect, it } from 'vitest';
import { escapeHtml, Html, html, raw } from '../../../src/render/html/html.ts';

describe('escapeHtml', () => {
  it.each([
    ['plain text', 'plain text'],
    ['<script>alert(1)</script>', '&lt;script&gt;alert(1)&lt;/script&gt;'],
    ['"><img src=x onerror=alert(1)>', '&quot;&gt;&lt;img src=x onerror=alert(1)&gt;'],
    ["it's", 'it&#39;s'],
    ['Fish & Chips', 'Fish &amp; Chips'],
    ['&amp;', '&amp;amp;'],
  ])('escapes %j as %j', (input, expected) => {
    expect(escapeHtml(input)).toBe(expected);
  });
});

describe('html tagged template', () => {
  it('escapes every interpolated string', () => {
    const title = '<b>"bold"</b>';
    expect(html`<a title="${title}">${title}</a>`.toString()).toBe(
      '<a title="&lt;b&gt;&quot;bold&quot;&lt;/b&gt;">&lt;b&gt;&quot;bold&quot;&lt;/b&gt;</a>',
    );
  });

  it('inserts raw() markup and nested templates as they are', () => {
    const inner = html`<em>${'a<b'}</em>`;
    expect(html`<p>${inner}${raw('<br>')}</p>`.toString()).toBe('<p><em>a&lt;b</em><br></p>');
  });

  it('joins lists without separators, escaping each item', () => {
    expect(html`<ul>${['<1>', html`<li>2</li>`]}</ul>`.toString()).toBe('<ul>&lt;1&gt;<li>2</li></ul>');
  });

  it.each([null, undefined, false] as const)('renders %s as nothing', (value) => {
    expect(html`[${value}]`.toString()).toBe('[]');
  });

  it('renders numbers as text', () => {
    expect(html`${3} of ${10}`.toString()).toBe('3 of 10');
  });

  describe('when given an object that only looks like markup', () => {
    it('does not trust it', () => {
      // A plain object with a toString is not Html: only raw() and html`` make trusted markup.
      const fake = { toString: () => '<script></script>' } as unknown as string;
      expect(html`${fake}`.toString()).not.toContain('<script>');
      expect(html`x` instanceof Html).toBe(true);
    });
  });
});
