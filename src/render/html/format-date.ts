import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns/format';

// Dates are shown in the site's time zone, not the host's, so a page renders the same bytes
// wherever it is built (STYLE.md lesson 2).

/** Human date for readers: `23 May 2022`. */
export function formatHumanDate(date: Date, timeZone: string): string {
  return format(new TZDate(date.getTime(), timeZone), 'd MMMM yyyy');
}

/** RFC 3339 date-time with the site zone's offset, for `<time datetime>` and Open Graph. */
export function formatRfc3339(date: Date, timeZone: string): string {
  return format(new TZDate(date.getTime(), timeZone), "yyyy-MM-dd'T'HH:mm:ssXXX");
}
