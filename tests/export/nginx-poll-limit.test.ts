// The export's nginx recipe for the polling limit, enabled as its comments say, in a real nginx.
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findNginx, type RunningNginx, startNginx } from '../helpers/nginx.ts';
import { rawGet } from '../helpers/raw-http.ts';
import { runHerald } from '../helpers/run-herald.ts';
import { cliSettings, type FixtureFolder, makeFixtureFolder } from './site-fixture-folder.ts';

const nginxBinary = findNginx();

describe('the nginx polling limit recipe', () => {
  let fixture: FixtureFolder;
  let nginx: RunningNginx;

  beforeAll(async () => {
    fixture = await makeFixtureFolder(3);
    const out = join(fixture.root, 'site');
    const build = await runHerald(
      ['build', '--out', out, '--no-compress', ...cliSettings(fixture)],
      fixture.root,
    );
    expect(build.code).toBe(0);
    const recipe = await readFile(join(out, 'nginx.conf'), 'utf8');
    // As the comments say: the indented lines go into http { }, the others are uncommented.
    const from = recipe.indexOf('# http { } block of nginx.conf:');
    const to = recipe.indexOf('# and uncomment these:');
    const httpLines = recipe
      .slice(recipe.indexOf('\n', from) + 1, to)
      .split('\n')
      .map((line) => line.replace(/^# {3}/, ''));
    const serverLines = [...recipe.matchAll(/^# ((?:limit_req|error_page 429|location @herald).*)$/gm)].map(
      (m) => m[1],
    );
    expect(httpLines.length).toBeGreaterThan(3);
    expect(serverLines.length).toBe(4);
    nginx = await startNginx(
      nginxBinary as string,
      out,
      `include ${join(out, 'nginx.conf')};\n${serverLines.join('\n')}`,
      httpLines.join('\n'),
    );
  }, 120_000);

  afterAll(async () => {
    await nginx?.stop();
    await rm(fixture.root, { recursive: true, force: true });
  });

  it('answers 429 with Retry-After after the burst to a client polling without validators', async () => {
    const statuses: number[] = [];
    let retryAfter: string | undefined;
    for (let i = 0; i < 14; i++) {
      const response = await rawGet(`${nginx.url}/feed.xml`, { 'user-agent': 'impatient-script/1.0' });
      statuses.push(response.status);
      if (response.status === 429) retryAfter ??= response.headers['retry-after'] as string;
    }
    expect(statuses.slice(0, 11)).toEqual(Array(11).fill(200)); // one, plus a burst of ten
    expect(statuses.slice(11)).toEqual([429, 429, 429]);
    expect(Number(retryAfter)).toBeGreaterThan(0);
  });

  it('never refuses conditional requests nor pages', async () => {
    const feed = await rawGet(`${nginx.url}/atom.xml`, { 'user-agent': 'careful-reader/1.0' });
    for (let i = 0; i < 15; i++) {
      const response = await rawGet(`${nginx.url}/atom.xml`, {
        'user-agent': 'careful-reader/1.0',
        'if-none-match': feed.headers.etag as string,
      });
      expect(response.status).toBe(304);
    }
    for (let i = 0; i < 15; i++) expect((await rawGet(`${nginx.url}/`)).status).toBe(200);
  });
});
