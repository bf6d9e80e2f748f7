import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dayInZone, parseArticleDate } from '../../src/content/dates.ts';
import { jsonInTimeZone, sourcePath } from '../helpers/in-time-zone.ts';

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

describe('UTC, read and written without asking Intl for an offset', () => {
  // Wall-clock times with no offset, the form read in the site's zone, and instants for dayInZone.
  const cases = fc.sample(
    fc.tuple(
      fc.date({ min: new Date('1000-01-01'), max: new Date('9999-12-31'), noInvalidDate: true }),
      fc.boolean(),
    ),
    { numRuns: 500, seed: 7 },
  );
  const texts = cases.map(([date, withTime]) => date.toISOString().slice(0, withTime ? 23 : 10));
  const instants = cases.map(([date]) => date.getTime());
  const throughZoneDatabase = () => [
    texts.map((text) => parseArticleDate(text, 'Etc/UTC')?.getTime()),
    instants.map((ms) => dayInZone(new Date(ms), 'Etc/UTC')),
  ];

  it('gives what the same zone gives through the time-zone database (Etc/UTC)', () => {
    expect([
      texts.map((text) => parseArticleDate(text, 'UTC')?.getTime()),
      instants.map((ms) => dayInZone(new Date(ms), 'UTC')),
    ]).toEqual(throughZoneDatabase());
  });

  it('does not depend on the zone of the machine that reads', () => {
    const script = `
      import { dayInZone, parseArticleDate } from ${JSON.stringify(sourcePath('src/content/dates.ts'))};
      console.log(JSON.stringify([
        ${JSON.stringify(texts)}.map((text) => parseArticleDate(text, 'UTC')?.getTime()),
        ${JSON.stringify(instants)}.map((ms) => dayInZone(new Date(ms), 'UTC')),
      ]));
    `;
    for (const zone of ['Asia/Tokyo', 'America/St_Johns']) {
      expect(jsonInTimeZone(zone, script)).toEqual(throughZoneDatabase());
    }
  });

  it('makes no Intl formatter to read dates or show them on pages (its first use loads ICU)', () => {
    // Intl is watched from before the date modules load: a formatter made when a module loads counts.
    const script = `
      let made = 0;
      const DateTimeFormat = Intl.DateTimeFormat;
      Intl.DateTimeFormat = new Proxy(DateTimeFormat, {
        construct(target, args) { made += 1; return Reflect.construct(target, args); },
        apply(target, self, args) { made += 1; return Reflect.apply(target, self, args); },
      });
      const { dayInZone, parseArticleDate } = await import(${JSON.stringify(sourcePath('src/content/dates.ts'))});
      const { formatHumanDate, formatRfc3339 } = await import(${JSON.stringify(sourcePath('src/render/html/format-date.ts'))});
      const date = parseArticleDate('2022-05-23 10:00', 'UTC');
      const shown = [dayInZone(date, 'UTC'), formatHumanDate(date, 'UTC'), formatRfc3339(date, 'UTC')];
      console.log(JSON.stringify({ made, shown }));
    `;
    expect(jsonInTimeZone('Asia/Tokyo', script)).toEqual({
      made: 0,
      shown: ['2022-05-23', '23 May 2022', '2022-05-23T10:00:00Z'],
    });
  });
});
