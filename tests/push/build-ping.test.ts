// `herald build --ping` tells an external hub (a stub recording its pings) about exactly the
// subscription feeds whose bytes changed since the previous export.
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  cliSettings,
  type FixtureFolder,
  makeFixtureFolder,
  SITE_URL,
} from '../export/site-fixture-folder.ts';
import { type PingRecorder, startPingRecorder } from '../helpers/ping-recorder.ts';
import { runHerald } from '../helpers/run-herald.ts';

describe('herald build --ping', () => {
  let fixture: FixtureFolder;
  let hub: PingRecorder;

  beforeAll(async () => {
    fixture = await makeFixtureFolder(6);
    hub = await startPingRecorder();
  });

  afterAll(async () => {
    await hub.close();
    await rm(fixture.root, { recursive: true, force: true });
  });

  const build = () =>
    runHerald(['build', '--out', 'site', '--no-compress', '--ping', ...cliSettings(fixture)], fixture.root, {
      HERALD_HUB: hub.url,
    });

  it('pings every subscription feed once on the first export', async () => {
    const first = await build();
    expect(first.code).toBe(0);
    expect(hub.pings).toContain(`${SITE_URL}feed.xml`);
    expect(hub.pings).toContain(`${SITE_URL}atom.xml`);
    expect(hub.pings).toContain(`${SITE_URL}feed.json`);
    expect(new Set(hub.pings).size).toBe(hub.pings.length);
    expect(hub.pings.every((url) => /\/(feed\.xml|atom\.xml|feed\.json)$/.test(url))).toBe(true);
    expect(hub.pings.some((url) => url.includes('/page/'))).toBe(false);
  }, 120_000);

  it('pings nothing when nothing changed, and only the changed feeds after an edit', async () => {
    hub.pings.length = 0;
    expect((await build()).code).toBe(0);
    expect(hub.pings).toEqual([]);

    await writeFile(
      join(fixture.articlesDir, 'pinged.md'),
      '---\ntitle: Pinged\ndate: 2020-01-01T10:00:00Z\ntags: [Brand New Tag]\n---\nNew.\n',
    );
    expect((await build()).code).toBe(0);
    const expected = ['feed.xml', 'atom.xml', 'feed.json'].flatMap((file) => [
      `${SITE_URL}${file}`,
      `${SITE_URL}tags/brand-new-tag/${file}`,
      `${SITE_URL}authors/admin/${file}`,
    ]);
    // The new article is on the site's feeds, its new tag's and the site author's; nothing else changed.
    expect([...hub.pings].sort()).toEqual(expected.sort());
  }, 180_000);

  it('refuses --ping without an external hub', async () => {
    const run = await runHerald(['build', '--out', 'site2', '--ping', ...cliSettings(fixture)], fixture.root);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--ping needs an external hub/);
  }, 60_000);
});
