import { format } from 'date-fns/format';
import { zonedDate } from '../../content/dates.ts';
import { memo } from '../../memory.ts';

// Dates are shown in the site's time zone, not the host's, so a page renders the same bytes
// wherever it is built.

/** Human date for readers: `23 May 2022`. */
export function formatHumanDate(date: Date, timeZone: string): string {
  return formatCached(date, timeZone, 'd MMMM yyyy');
}

/** RFC 3339 date-time with the site zone's offset, for `<time datetime>` and Open Graph. */
export function formatRfc3339(date: Date, timeZone: string): string {
  return formatCached(date, timeZone, "yyyy-MM-dd'T'HH:mm:ssXXX");
}

// An article's dates are shown on its page and on every listing it is in; finding a zone's offset
// is the slow part of formatting (~0.8 s of a 10,000-article export), so each result is
// kept. Bounded: cleared when full.
const cache = memo<string, string>(
  'formatted dates',
  'each date as shown on pages, by time zone and pattern',
  100_000,
);

function formatCached(date: Date, timeZone: string, pattern: string): string {
  const key = `${date.getTime()} ${timeZone} ${pattern}`;
  let text = cache.get(key);
  if (text === undefined) {
    text = format(zonedDate(timeZone, date.getTime()), pattern);
    cache.set(key, text);
  }
  return text;
}
