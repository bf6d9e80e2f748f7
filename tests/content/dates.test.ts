import { describe, expect, it } from 'vitest';
import { dayInZone, parseArticleDate } from '../../src/content/dates.ts';

describe('parseArticleDate', () => {
  it.each([
    ['2022-05-23', 'UTC', '2022-05-23T00:00:00.000Z'],
    ['2022-05-23', 'Asia/Shanghai', '2022-05-22T16:00:00.000Z'],
    ['2022-05-23', 'America/New_York', '2022-05-23T04:00:00.000Z'],
    ['2022-05-23T10:00:00+08:00', 'America/New_York', '2022-05-23T02:00:00.000Z'],
    ['2022-05-23T10:00:00.250Z', 'Asia/Shanghai', '2022-05-23T10:00:00.250Z'],
    ['2022-05-23 10:00', 'Europe/Berlin', '2022-05-23T08:00:00.000Z'],
  ])('reads %s in %s as %s', (text, zone, iso) => {
    expect(parseArticleDate(text, zone)?.toISOString()).toBe(iso);
  });

  it.each(['2022-13-45', '2022-02-30', '2022-05-23T25:00:00Z', 'May 23, 2022', '23/05/2022', '', '2022'])(
    'rejects %j',
    (text) => {
      expect(parseArticleDate(text, 'UTC')).toBeUndefined();
    },
  );
});

describe('dayInZone', () => {
  it('gives the calendar day where the site is', () => {
    const instant = new Date('2022-05-22T20:00:00Z');
    expect(dayInZone(instant, 'UTC')).toBe('2022-05-22');
    expect(dayInZone(instant, 'Asia/Shanghai')).toBe('2022-05-23');
  });
});
