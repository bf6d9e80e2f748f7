import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../src/content/markdown.ts';

const BASE = 'https://news.example.org/blog/articles/leica/';
const render = (markdown: string) => renderMarkdown(markdown, BASE);

describe('renderMarkdown', () => {
  it('renders GitHub-flavoured Markdown', () => {
    expect(render('Some **bold** and ~~struck~~ text.\n\n| a |\n|---|\n| 1 |\n')).toBe(
      '<p>Some <strong>bold</strong> and <del>struck</del> text.</p>\n' +
        '<table>\n<thead>\n<tr>\n<th>a</th>\n</tr>\n</thead>\n<tbody><tr>\n<td>1</td>\n</tr>\n</tbody></table>',
    );
  });

  describe('when the article links relatively', () => {
    it.each([
      ['[a](other/)', 'href="https://news.example.org/blog/articles/leica/other/"'],
      ['[a](../xiaomi/)', 'href="https://news.example.org/blog/articles/xiaomi/"'],
      ['[a](/about/)', 'href="https://news.example.org/about/"'],
      ['[a](#section)', 'href="https://news.example.org/blog/articles/leica/#section"'],
      ['[a](https://elsewhere.example/x?y=1&z=2)', 'href="https://elsewhere.example/x?y=1&amp;z=2"'],
      ['![p](photo.jpg)', 'src="https://news.example.org/blog/articles/leica/photo.jpg"'],
      [
        '<img src="a.png" srcset="a.png 1x, /b.png 2x">',
        'srcset="https://news.example.org/blog/articles/leica/a.png 1x, https://news.example.org/b.png 2x"',
      ],
      [
        '<blockquote cite="source.html">q</blockquote>',
        'cite="https://news.example.org/blog/articles/leica/source.html"',
      ],
      ['<a href="//cdn.example/x">p</a>', 'href="https://cdn.example/x"'],
      ['[mail](mailto:a@example.org)', 'href="mailto:a@example.org"'],
    ])('makes %s absolute', (markdown, expected) => {
      expect(render(markdown)).toContain(expected);
    });

    it('leaves an unparseable URL as it is rather than failing', () => {
      expect(render('<a href="http://[broken">x</a>')).toContain('<a href="http://[broken">x</a>');
    });
  });

  describe('when the article carries active content', () => {
    it.each([
      ['<script>alert(1)</script>Hi', '<script'],
      ['<img src="x.png" onerror="alert(1)">', 'onerror'],
      ['[x](javascript:alert(1))', 'javascript:'],
      ['<a href="JaVaScRiPt:alert(1)">x</a>', 'alert'],
      ['<a href="data:text/html,<b>x</b>">x</a>', 'data:'],
      ['<iframe src="https://evil.example/"></iframe>', '<iframe'],
      ['<object data="x.swf"></object><embed src="x.swf">', 'x.swf'],
      ['<style>body{display:none}</style>', '<style'],
      ['<p style="position:fixed">x</p>', 'style='],
      ['<form action="/x"><input name="q"></form>', '<form'],
      ['<svg onload="alert(1)"><circle/></svg>', '<svg'],
      ['<meta http-equiv="refresh" content="0;url=https://evil.example">', '<meta'],
    ])('removes it: %s', (markdown, forbidden) => {
      expect(render(markdown).toLowerCase()).not.toContain(forbidden.toLowerCase());
    });

    it('keeps the text around removed elements', () => {
      expect(render('Before <script>alert(1)</script> after')).toBe('<p>Before  after</p>');
    });
  });

  it('keeps code blocks escaped, with their language class', () => {
    expect(render('```js\nif (a < b && c) {}\n```')).toBe(
      '<pre><code class="language-js">if (a &lt; b &amp;&amp; c) {}\n</code></pre>',
    );
  });
});
