import { describe, expect, it } from 'vitest';
import {
  escapeXmlAttribute,
  escapeXmlText,
  removeIllegalXmlChars,
} from '../../../src/render/feeds/xml-text.ts';
import { parseXmlStrict } from '../../helpers/xml.ts';

describe('removeIllegalXmlChars', () => {
  it.each([
    ['NUL', 'a\u0000b', 'ab'],
    ['C0 controls U+0001–U+0008', 'a\u0001\u0008b', 'ab'],
    ['U+000B and U+000C', 'a\u000B\u000Cb', 'ab'],
    ['C0 controls U+000E–U+001F', 'a\u000E\u001Fb', 'ab'],
    ['a lone high surrogate', 'a\uD800b', 'ab'],
    ['a lone low surrogate', 'a\uDC00b', 'ab'],
    ['U+FFFE and U+FFFF', 'a\uFFFE\uFFFFb', 'ab'],
  ])('removes %s', (_name, input, expected) => {
    expect(removeIllegalXmlChars(input)).toBe(expected);
  });

  it.each([
    ['tab, LF and CR', 'a\t\n\rb'],
    ['an emoji (a surrogate pair)', 'a😀b'],
    ['right-to-left text', 'שלום مرحبا'],
    ['DEL and C1 controls, which XML 1.0 allows', 'a\u007F\u0085b'],
    ['U+FFFD', 'a\uFFFDb'],
    ['the last code point', 'a\u{10FFFF}b'],
  ])('keeps %s', (_name, input) => {
    expect(removeIllegalXmlChars(input)).toBe(input);
  });
});

describe('escaping', () => {
  const values = [
    ['markup', '<script>alert("x")</script>'],
    ['ampersands, including one that looks escaped', 'AT&T &amp; &lt;'],
    ['CDATA terminators, twice', 'a ]]> b ]]> c'],
    ['both quote characters', `"double" and 'single'`],
    ['tab, LF, CR and CRLF', 'a\tb\nc\rd\r\ne'],
    ['emoji and right-to-left text', '😀 שלום مرحبا'],
  ] as const;

  it.each(values)('reads back %s from character data exactly', (_name, value) => {
    const { root } = parseXmlStrict(`<a>${escapeXmlText(value)}</a>`);
    expect(root.text).toBe(value);
  });

  it.each(values)('reads back %s from an attribute exactly', (_name, value) => {
    const { root } = parseXmlStrict(`<a v="${escapeXmlAttribute(value)}"/>`);
    expect(root.attributes.v).toBe(value);
  });

  it('drops forbidden characters so the document stays well-formed', () => {
    const value = 'a\u0000b\uFFFFc\uD800d';
    const { root } = parseXmlStrict(`<a v="${escapeXmlAttribute(value)}">${escapeXmlText(value)}</a>`);
    expect(root.text).toBe('abcd');
    expect(root.attributes.v).toBe('abcd');
  });

  it('cannot be broken out of: an injected tag stays text', () => {
    const { root } = parseXmlStrict(
      `<a v="${escapeXmlAttribute('"><injected x="')}">${escapeXmlText('</a><injected/>')}</a>`,
    );
    expect(root.children).toHaveLength(0);
  });
});

describe('the strict parser these tests rely on', () => {
  it.each([
    ['a raw control character', '<a>\u0001</a>'],
    ['a reference to a control character', '<a>&#1;</a>'],
    ['U+FFFF', '<a>\uFFFF</a>'],
    ['an unescaped ampersand', '<a>AT&T</a>'],
    ['an undeclared prefix', '<a><dc:creator>x</dc:creator></a>'],
  ])('rejects %s', (_name, xml) => {
    expect(() => parseXmlStrict(xml)).toThrow();
  });
});
