import { Parser } from 'htmlparser2';

export const SUMMARY_LENGTH = 280;

/**
 * Plain text of the first non-empty paragraph of rendered HTML, cut on a word boundary at about
 * `SUMMARY_LENGTH` characters with an ellipsis. Entities are decoded: the result is text, not HTML.
 */
export function summarize(html: string, maxLength = SUMMARY_LENGTH): string {
  return truncateOnWord(firstParagraphText(html), maxLength);
}

function firstParagraphText(html: string): string {
  let depth = 0;
  let text = '';
  let found = '';
  const parser = new Parser(
    {
      onopentag(name) {
        if (name === 'p') depth += 1;
      },
      ontext(chunk) {
        if (depth > 0) text += chunk;
      },
      onclosetag(name) {
        if (name !== 'p' || depth === 0) return;
        depth -= 1;
        if (depth === 0 && found === '') {
          found = collapse(text);
          if (found !== '') parser.pause();
          text = '';
        }
      },
    },
    { decodeEntities: true },
  );
  parser.write(html);
  parser.end();
  return found;
}

export function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

export function truncateOnWord(text: string, maxLength: number): string {
  const chars = [...text];
  if (chars.length <= maxLength) return text;
  const head = chars.slice(0, maxLength).join('');
  const lastSpace = head.lastIndexOf(' ');
  const cut = lastSpace > maxLength / 2 ? head.slice(0, lastSpace) : head;
  return `${cut.replace(/[\s,;:.\-–—]+$/u, '')}…`;
}
