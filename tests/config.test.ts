import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadSettings, resolveSettings, SettingsError } from '../src/config.ts';

describe('settings', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'herald-config-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('has defaults that serve the articles folder on port 3000', () => {
    const s = loadSettings({ cwd: dir, env: {} });
    expect(s).toMatchObject({
      siteUrl: 'http://localhost:3000/',
      port: 3000,
      articlesDir: join(dir, 'articles'),
      idAuthority: 'localhost',
      itemsPerFeed: 20,
      timeZone: 'UTC',
      maxArticleBytes: 1024 * 1024,
      cacheMaxAgeSeconds: 300,
    });
  });

  it('layers the config file, then environment variables, then flags', async () => {
    await writeFile(
      join(dir, 'herald.config.json'),
      JSON.stringify({
        title: 'From file',
        siteUrl: 'https://file.example/blog',
        port: 4000,
        itemsPerFeed: 5,
      }),
    );
    const s = loadSettings({
      cwd: dir,
      env: {
        PORT: '5000',
        SITE_URL: 'https://env.example/',
        ARTICLES_DIR: 'posts',
        HERALD_CACHE_MAX_AGE_MINUTES: '2',
      },
      flags: { port: 6000 },
    });
    expect(s).toMatchObject({
      title: 'From file',
      siteUrl: 'https://env.example/',
      idAuthority: 'env.example',
      port: 6000,
      itemsPerFeed: 5,
      articlesDir: join(dir, 'posts'),
      cacheMaxAgeSeconds: 120,
    });
  });

  describe('the state folder', () => {
    it('is .herald in the project by default', () => {
      expect(loadSettings({ cwd: dir, env: {} }).stateDir).toBe(join(dir, '.herald'));
    });

    it('is moved by HERALD_STATE_DIR, and by the flag over the environment', () => {
      expect(loadSettings({ cwd: dir, env: { HERALD_STATE_DIR: 'var/state' } }).stateDir).toBe(
        join(dir, 'var/state'),
      );
      const flagged = loadSettings({
        cwd: dir,
        env: { HERALD_STATE_DIR: 'a' },
        flags: { stateDir: '/srv/b' },
      });
      expect(flagged.stateDir).toBe('/srv/b');
    });
  });

  describe('the feed delay', () => {
    it('is off by default', () => {
      expect(loadSettings({ cwd: dir, env: {} }).feedDelayMinutes).toBe(0);
    });

    it('is set in the config file, overridden by HERALD_FEED_DELAY_MINUTES', async () => {
      await writeFile(join(dir, 'herald.config.json'), JSON.stringify({ feedDelayMinutes: 15 }));
      expect(loadSettings({ cwd: dir, env: {} }).feedDelayMinutes).toBe(15);
      expect(loadSettings({ cwd: dir, env: { HERALD_FEED_DELAY_MINUTES: '2.5' } }).feedDelayMinutes).toBe(
        2.5,
      );
    });

    it.each([
      ['-5', 'feedDelayMinutes: must be 0 (no delay) or more minutes'],
      ['20000', 'feedDelayMinutes: must be at most 10080 (a week)'],
      ['soon', 'feedDelayMinutes:'],
    ])('refuses %s with one line naming the setting', (value, message) => {
      expect(() => loadSettings({ cwd: dir, env: { HERALD_FEED_DELAY_MINUTES: value } })).toThrow(message);
      try {
        loadSettings({ cwd: dir, env: { HERALD_FEED_DELAY_MINUTES: value } });
      } catch (error) {
        expect(error).toBeInstanceOf(SettingsError);
        expect((error as Error).message.split('\n')).toHaveLength(1);
      }
    });
  });

  describe('the WebSub hub', () => {
    it("is Herald's own, at /websub under the site URL, by default", () => {
      const s = loadSettings({ cwd: dir, env: { SITE_URL: 'https://example.org/news/' } });
      expect(s.hub).toEqual({ mode: 'own', url: 'https://example.org/news/websub' });
      expect(s.hubAllowPrivateCallbacks).toBe(false);
    });

    it.each([
      ['off', { mode: 'off' }],
      ['https://pubsubhubbub.appspot.com/', { mode: 'external', url: 'https://pubsubhubbub.appspot.com/' }],
    ])('can be %s', (hub, expected) => {
      expect(loadSettings({ cwd: dir, env: { HERALD_HUB: hub } }).hub).toEqual(expected);
    });

    it('allows private callbacks only when asked to', () => {
      const env = { HERALD_HUB_ALLOW_PRIVATE_CALLBACKS: '1' };
      expect(loadSettings({ cwd: dir, env }).hubAllowPrivateCallbacks).toBe(true);
    });

    it('believes X-Forwarded-Proto only when the proxy is trusted', () => {
      expect(loadSettings({ cwd: dir, env: {} }).trustProxy).toBe(false);
      expect(loadSettings({ cwd: dir, env: { HERALD_TRUST_PROXY: '1' } }).trustProxy).toBe(true);
    });

    it('refuses a hub that is neither own, off nor a URL', () => {
      expect(() => loadSettings({ cwd: dir, env: { HERALD_HUB: 'mine' } })).toThrowError(/hub: must be/);
    });
  });

  it('limits unconditional polling to 1 a minute with bursts of 10, or not at all', () => {
    expect(loadSettings({ cwd: dir, env: {} }).pollLimit).toEqual({ perMinute: 1, burst: 10 });
    const off = loadSettings({ cwd: dir, env: { HERALD_POLL_LIMIT_PER_MINUTE: '0' } });
    expect(off.pollLimit.perMinute).toBe(0);
  });

  it('points links at the local server on its own port when no site URL is set', () => {
    expect(loadSettings({ cwd: dir, env: { PORT: '4010' } }).siteUrl).toBe('http://localhost:4010/');
  });

  it('adds the trailing slash a site URL needs to be a base', () => {
    expect(resolveSettings([{ siteUrl: 'https://example.org/blog' }], dir).siteUrl).toBe(
      'https://example.org/blog/',
    );
  });

  describe('when a setting is invalid', () => {
    it.each([
      [{ siteUrl: 'example.org' }, 'siteUrl: must be an absolute http(s) URL'],
      [{ siteUrl: 'ftp://example.org/' }, 'siteUrl: must be an absolute http(s) URL'],
      [{ port: 70000 }, 'port: Too big'],
      [{ timeZone: 'Mars/Olympus' }, 'timeZone: must be an IANA time zone'],
      [{ language: 'english please' }, 'language: must be a language tag'],
      [{ itemsPerFeed: 0 }, 'itemsPerFeed: Too small'],
      [{ author: { name: '' } }, 'author.name: must not be empty'],
      [{ titel: 'typo' }, '(settings): unknown setting titel'],
    ])('stops start-up naming the setting: %j', (layer, message) => {
      expect(() => resolveSettings([layer], dir, 'herald.config.json')).toThrowError(SettingsError);
      expect(() => resolveSettings([layer], dir, 'herald.config.json')).toThrowError(
        `herald.config.json: ${message}`,
      );
    });

    it('reports a config file that is not JSON', async () => {
      await writeFile(join(dir, 'herald.config.json'), '{ title: nope');
      expect(() => loadSettings({ cwd: dir, env: {} })).toThrowError(/herald\.config\.json: not valid JSON/);
    });

    it('reports a PORT that is not a number', () => {
      expect(() => loadSettings({ cwd: dir, env: { PORT: 'eighty' } })).toThrowError(/port: /);
    });

    it('reports an explicit config file that does not exist', () => {
      expect(() => loadSettings({ cwd: dir, env: {}, configFile: 'missing.json' })).toThrowError(
        /does not exist/,
      );
    });
  });
});
