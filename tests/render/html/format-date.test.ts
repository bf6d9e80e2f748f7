import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatHumanDate, formatRfc3339 } from '../../../src/render/html/format-date.ts';
import { jsonInTimeZone, sourcePath } from '../../helpers/in-time-zone.ts';

// 23:30 UTC on 22 May is already 23 May east of Greenwich and still 22 May west of it.
const lateEvening = new Date(Date.UTC(2022, 4, 22, 23, 30, 0));

describe('formatHumanDate', () => {
  it.each([
    ['UTC', '22 May 2022'],
    ['Europe/Berlin', '23 May 2022'],
    ['Asia/Tokyo', '23 May 2022'],
    ['America/Los_Angeles', '22 May 2022'],
  ])('in %s shows %s', (timeZone, expected) => {
    expect(formatHumanDate(lateEvening, timeZone)).toBe(expected);
  });
});

describe('formatRfc3339', () => {
  it.each([
    ['UTC', '2022-05-22T23:30:00Z'],
    ['Europe/Berlin', '2022-05-23T01:30:00+02:00'],
    ['America/Los_Angeles', '2022-05-22T16:30:00-07:00'],
    ['Asia/Kolkata', '2022-05-23T05:00:00+05:30'],
  ])('in %s gives %s, the same instant', (timeZone, expected) => {
    expect(formatRfc3339(lateEvening, timeZone)).toBe(expected);
    expect(new Date(expected).getTime()).toBe(lateEvening.getTime());
  });
});

describe('UTC, formatted without asking Intl for an offset', () => {
  const dates = fc.sample(
    fc.date({ min: new Date('0100-01-01'), max: new Date('9999-12-31'), noInvalidDate: true }),
    { numRuns: 1000, seed: 42 },
  );
  const throughZoneDatabase = (date: Date) => [
    formatHumanDate(date, 'Etc/UTC'),
    formatRfc3339(date, 'Etc/UTC'),
  ];

  it('gives what the same zone gives through the time-zone database (Etc/UTC)', () => {
    for (const date of dates) {
      expect([formatHumanDate(date, 'UTC'), formatRfc3339(date, 'UTC')]).toEqual(throughZoneDatabase(date));
    }
  });

  it('does not depend on the zone of the machine that renders', () => {
    const script = `
      import { formatHumanDate, formatRfc3339 } from ${JSON.stringify(sourcePath('src/render/html/format-date.ts'))};
      const dates = ${JSON.stringify(dates.map((date) => date.getTime()))};
      console.log(JSON.stringify(dates.map((ms) => [formatHumanDate(new Date(ms), 'UTC'), formatRfc3339(new Date(ms), 'UTC')])));
    `;
    for (const zone of ['Asia/Tokyo', 'America/St_Johns']) {
      expect(jsonInTimeZone(zone, script)).toEqual(dates.map(throughZoneDatabase));
    }
  });
});
