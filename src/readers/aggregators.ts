// Feed aggregators poll once for all their users and say how many in their User-Agent. The formats
// below are the ones they document or send (as seen in publishers' logs); any other User-Agent with
// "N subscribers" or "N readers" is read by the generic pattern.

export interface ReportedCount {
  /** The aggregator, e.g. `Feedly`. */
  aggregator: string;
  /** The aggregator's own id of the feed, when it says (one aggregator may poll a URL as two feeds). */
  feedId?: string;
  subscribers: number;
  /** Why the count should not be believed, when it should not. */
  implausible?: string;
}

/** Counts above this are not believed from any User-Agent: no aggregator has that many for one feed of a small site. */
export const MAX_PLAUSIBLE_SUBSCRIBERS = 100_000;

interface Format {
  aggregator: string;
  /** Recognizes the aggregator, whatever the rest of the string. */
  name: RegExp;
  /** The whole User-Agent as the aggregator sends it; a string that names it but not like this is spoofed. */
  shape: RegExp;
  feedId?: RegExp;
}

const FORMATS: Format[] = [
  {
    aggregator: 'Feedly',
    name: /\bFeedly\b/i,
    shape: /^Feedly\/[\d.]+ \(\+https?:\/\/(?:www\.)?feedly\.com\/fetcher\.html; \d+ subscribers?;/,
  },
  {
    aggregator: 'Inoreader',
    name: /\binoreader\.com\b/i,
    shape: /^Mozilla\/5\.0 \(compatible; inoreader\.com; \d+ subscribers?\)$/,
  },
  {
    aggregator: 'Feedbin',
    name: /^Feedbin\b/,
    shape: /^Feedbin feed-id:\d+ - \d+ subscribers?/,
    feedId: /feed-id:(\d+)/,
  },
  {
    aggregator: 'NewsBlur',
    name: /\bNewsBlur\b/,
    shape: /^NewsBlur Feed Fetcher - \d+ subscribers? - https?:\/\/(?:www\.)?newsblur\.com\/site\/\d+\//,
    feedId: /newsblur\.com\/site\/(\d+)/,
  },
  {
    aggregator: 'The Old Reader',
    name: /\btheoldreader\.com\b/i,
    shape: /^Mozilla\/5\.0 \(compatible; theoldreader\.com; \d+ subscribers?; feed-id=\w+\)$/,
    feedId: /feed-id=(\w+)/,
  },
  {
    aggregator: 'BazQux',
    name: /\bBazQux\b/,
    shape:
      /^Mozilla\/5\.0 \(compatible; BazQux\/[\d.]+; \+https:\/\/bazqux\.com\/fetcher; \d+ subscribers?\)$/,
  },
];

const COUNT = /\b(\d{1,12}) (?:subscribers?|readers?)\b/i;

/** The subscriber count a User-Agent reports, or undefined for a reader that reports none. */
export function reportedCount(userAgent: string): ReportedCount | undefined {
  const count = COUNT.exec(userAgent);
  if (!count) return undefined;
  const subscribers = Number(count[1]);
  const format = FORMATS.find((f) => f.name.test(userAgent));
  const aggregator = format?.aggregator ?? genericName(userAgent);
  const feedId = format?.feedId?.exec(userAgent)?.[1];
  let implausible: string | undefined;
  if (format && !format.shape.test(userAgent)) implausible = `not the User-Agent ${format.aggregator} sends`;
  else if (subscribers > MAX_PLAUSIBLE_SUBSCRIBERS)
    implausible = `more than ${MAX_PLAUSIBLE_SUBSCRIBERS} subscribers`;
  return {
    aggregator,
    ...(feedId === undefined ? {} : { feedId }),
    subscribers,
    ...(implausible === undefined ? {} : { implausible }),
  };
}

/** `Foo/1.2 (…)` → `Foo`; `Mozilla/5.0 (compatible; Foo/1.0; …)` → `Foo`. */
function genericName(userAgent: string): string {
  const compatible = /\(compatible; ([^;/)]+)/.exec(userAgent)?.[1];
  const first = /^([^/\s(]+)/.exec(userAgent)?.[1];
  return (first === 'Mozilla' ? compatible : first) ?? first ?? userAgent.slice(0, 40);
}
