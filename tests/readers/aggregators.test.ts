import { describe, expect, it } from 'vitest';
import { reportedCount } from '../../src/readers/aggregators.ts';

describe('subscriber counts in User-Agent strings', () => {
  it.each([
    [
      'Feedly/1.0 (+http://www.feedly.com/fetcher.html; 462 subscribers; like FeedFetcher-Google)',
      'Feedly',
      462,
      undefined,
    ],
    ['Mozilla/5.0 (compatible; inoreader.com; 114 subscribers)', 'Inoreader', 114, undefined],
    ['Feedbin feed-id:1234 - 58 subscribers', 'Feedbin', 58, '1234'],
    [
      'NewsBlur Feed Fetcher - 12 subscribers - https://www.newsblur.com/site/5839/herald (Mozilla/5.0 (Macintosh; Intel Mac OS X 10_11_1) AppleWebKit/601.2.4 (KHTML, like Gecko) Version/9.0.1 Safari/601.2.4)',
      'NewsBlur',
      12,
      '5839',
    ],
    [
      'Mozilla/5.0 (compatible; theoldreader.com; 37 subscribers; feed-id=5f1e2d3c)',
      'The Old Reader',
      37,
      '5f1e2d3c',
    ],
    [
      'Mozilla/5.0 (compatible; BazQux/2.4; +https://bazqux.com/fetcher; 6 subscribers)',
      'BazQux',
      6,
      undefined,
    ],
    ['Bloglines/3.1 (http://www.bloglines.com; 9 subscribers)', 'Bloglines', 9, undefined],
  ])('reads %s', (ua, aggregator, subscribers, feedId) => {
    const count = reportedCount(ua);
    expect(count).toMatchObject({ aggregator, subscribers });
    expect(count?.feedId).toBe(feedId);
    expect(count?.implausible).toBeUndefined();
  });

  it.each([
    ['NewsBlur Feed Fetcher - 1000000 subscribers', /not the User-Agent NewsBlur sends/],
    ['Feedly/1.0 (462 subscribers)', /not the User-Agent Feedly sends/],
    ['SomeBot/1.0 (+https://bot.example; 5000000 subscribers)', /more than 100000 subscribers/],
  ])('flags %s', (ua, why) => {
    expect(reportedCount(ua)?.implausible).toMatch(why);
  });

  it.each([
    'newsboat/2.21.0 (Linux x86_64)',
    'NetNewsWire (RSS Reader; https://netnewswire.com/)',
    'Miniflux/2.1.0',
  ])('finds no count in %s', (ua) => {
    expect(reportedCount(ua)).toBeUndefined();
  });
});
