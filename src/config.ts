// Site settings in one place: defaults < herald.config.json < environment variables < CLI flags.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { loadIcon } from './content/load-icon.ts';
import { shownFolder } from './content/shown-path.ts';
import type { HubSetting, IconImage, SiteSettings } from './model.ts';
import { APPLE_TOUCH_ICON_PATH, absoluteUrl, FAVICON_PATH } from './site/paths.ts';

export const DEFAULT_CONFIG_FILE = 'herald.config.json';

/** Settings as a user writes them (config file keys). Every key is optional. */
const settingsInput = z
  .object({
    title: z.string().trim().min(1, 'must not be empty'),
    description: z.string().trim(),
    siteUrl: z
      .url({ protocol: /^https?$/, error: 'must be an absolute http(s) URL, e.g. https://example.com/' })
      .transform((url) => (url.endsWith('/') ? url : `${url}/`)),
    language: z
      .string()
      .regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'must be a language tag such as en or en-GB'),
    author: z.object({
      name: z.string().trim().min(1, 'must not be empty'),
      email: z.email().optional(),
      url: z.url().optional(),
    }),
    timeZone: z.string().refine(isTimeZone, 'must be an IANA time zone such as UTC or Europe/Berlin'),
    idAuthority: z
      .string()
      .regex(/^[a-z0-9.-]+$|^[^@\s]+@[a-z0-9.-]+$/i, 'must be a domain name or an e-mail address (RFC 4151)'),
    itemsPerFeed: z.coerce.number().int().min(1).max(1000),
    itemsPerPage: z.coerce.number().int().min(1).max(1000),
    port: z.coerce.number().int().min(0).max(65535),
    host: z.string().min(1),
    articlesDir: z.string().min(1),
    maxArticleBytes: z.coerce.number().int().min(1024),
    maxMediaBytes: z.coerce.number().int().min(1024),
    cacheMaxAgeMinutes: z.coerce
      .number()
      .min(0)
      .max(24 * 60),
    // Up to a week: a longer wait is a schedule, which an article's date already expresses.
    feedDelayMinutes: z.coerce
      .number()
      .min(0, 'must be 0 (no delay) or more minutes')
      .max(7 * 24 * 60, 'must be at most 10080 (a week); to publish later, give the article a later date'),
    // An absolute URL, or an image file of the project (checked once the other settings are known).
    icon: z.string().trim().min(1, 'must not be empty').optional(),
    logo: z.url().optional(),
    stateDir: z.string().min(1),
    hub: z.union([
      z.enum(['own', 'off']),
      z.url({
        protocol: /^https?$/,
        error: 'must be "own", "off" or the absolute http(s) URL of a WebSub hub',
      }),
    ]),
    hubAllowPrivateCallbacks: z
      .union([z.boolean(), z.enum(['1', '0', 'true', 'false'])])
      .transform((value) => value === true || value === '1' || value === 'true'),
    trustProxy: z
      .union([z.boolean(), z.enum(['1', '0', 'true', 'false'])])
      .transform((value) => value === true || value === '1' || value === 'true'),
    hubMaxSubscriptionsPerTopic: z.coerce.number().int().min(1),
    hubMaxSubscriptionsPerHost: z.coerce.number().int().min(1),
    pollLimitPerMinute: z.coerce.number().min(0),
    pollLimitBurst: z.coerce.number().int().min(1),
  })
  .partial()
  .strict();

export type SettingsInput = z.input<typeof settingsInput>;

const DEFAULTS = {
  title: 'Herald',
  description: 'News, published as RSS, Atom and JSON Feed by Herald.',
  language: 'en',
  author: { name: 'Admin' },
  timeZone: 'UTC',
  itemsPerFeed: 20,
  itemsPerPage: 20,
  port: 3000,
  host: '0.0.0.0',
  articlesDir: 'articles',
  maxArticleBytes: 1024 * 1024,
  // A podcast episode of an hour is 50–100 MB.
  maxMediaBytes: 200 * 1024 * 1024,
  cacheMaxAgeMinutes: 5,
  feedDelayMinutes: 0,
  stateDir: '.herald',
  hub: 'own',
  hubAllowPrivateCallbacks: false,
  trustProxy: false,
  hubMaxSubscriptionsPerTopic: 10_000,
  hubMaxSubscriptionsPerHost: 1_000,
  pollLimitPerMinute: 1,
  pollLimitBurst: 10,
} satisfies SettingsInput;

/** Environment variables and the setting each one overrides. */
export const ENVIRONMENT: Readonly<Record<string, keyof SettingsInput>> = {
  SITE_URL: 'siteUrl',
  PORT: 'port',
  HOST: 'host',
  ARTICLES_DIR: 'articlesDir',
  HERALD_TITLE: 'title',
  HERALD_DESCRIPTION: 'description',
  HERALD_LANGUAGE: 'language',
  HERALD_TIME_ZONE: 'timeZone',
  HERALD_ID_AUTHORITY: 'idAuthority',
  HERALD_ITEMS_PER_FEED: 'itemsPerFeed',
  HERALD_ITEMS_PER_PAGE: 'itemsPerPage',
  HERALD_MAX_ARTICLE_BYTES: 'maxArticleBytes',
  HERALD_MAX_MEDIA_BYTES: 'maxMediaBytes',
  HERALD_CACHE_MAX_AGE_MINUTES: 'cacheMaxAgeMinutes',
  HERALD_FEED_DELAY_MINUTES: 'feedDelayMinutes',
  HERALD_STATE_DIR: 'stateDir',
  HERALD_HUB: 'hub',
  HERALD_HUB_ALLOW_PRIVATE_CALLBACKS: 'hubAllowPrivateCallbacks',
  HERALD_TRUST_PROXY: 'trustProxy',
  HERALD_HUB_MAX_SUBSCRIPTIONS_PER_TOPIC: 'hubMaxSubscriptionsPerTopic',
  HERALD_HUB_MAX_SUBSCRIPTIONS_PER_HOST: 'hubMaxSubscriptionsPerHost',
  HERALD_POLL_LIMIT_PER_MINUTE: 'pollLimitPerMinute',
  HERALD_POLL_LIMIT_BURST: 'pollLimitBurst',
};

export class SettingsError extends Error {}

export interface SettingsSources {
  /** Directory the config file and relative paths are resolved against. */
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
  /** Overrides from command-line flags. */
  flags?: SettingsInput;
  /** Explicit config file; when absent, `herald.config.json` in cwd is read if it exists. */
  configFile?: string;
}

/** Reads and validates the settings. Throws SettingsError with one line per problem. */
export function loadSettings({ cwd, env, flags = {}, configFile }: SettingsSources): SiteSettings {
  const file = resolve(cwd, configFile ?? env.HERALD_CONFIG ?? DEFAULT_CONFIG_FILE);
  const fromFile = readConfigFile(file, configFile !== undefined || env.HERALD_CONFIG !== undefined);
  const fromEnv: Record<string, unknown> = {};
  for (const [variable, key] of Object.entries(ENVIRONMENT)) {
    const value = env[variable];
    if (value !== undefined && value !== '') fromEnv[key] = value;
  }
  if (env.HERALD_AUTHOR) fromEnv.author = { name: env.HERALD_AUTHOR };
  return resolveSettings([fromFile, fromEnv, flags], cwd, file);
}

/** Merges layers of settings input (later wins) over the defaults and validates the result. */
export function resolveSettings(layers: readonly unknown[], cwd: string, origin = 'settings'): SiteSettings {
  const merged: Record<string, unknown> = { ...DEFAULTS };
  for (const layer of layers) {
    const parsed = settingsInput.safeParse(layer);
    if (!parsed.success) throw new SettingsError(formatIssues(parsed.error, origin));
    for (const [key, value] of Object.entries(layer as Record<string, unknown>)) {
      if (value !== undefined) merged[key] = value;
    }
  }
  const parsed = settingsInput.required({ title: true }).safeParse(merged);
  if (!parsed.success) throw new SettingsError(formatIssues(parsed.error, origin));
  const s = parsed.data;
  // Without a configured site URL, links point at the local server, on whatever port it listens.
  const siteUrl = s.siteUrl ?? `http://localhost:${s.port ?? DEFAULTS.port}/`;
  return {
    title: s.title,
    description: s.description ?? '',
    siteUrl,
    language: s.language ?? DEFAULTS.language,
    author: s.author ?? DEFAULTS.author,
    timeZone: s.timeZone ?? DEFAULTS.timeZone,
    idAuthority: s.idAuthority ?? new URL(siteUrl).hostname,
    itemsPerFeed: s.itemsPerFeed ?? DEFAULTS.itemsPerFeed,
    itemsPerPage: s.itemsPerPage ?? DEFAULTS.itemsPerPage,
    port: s.port ?? DEFAULTS.port,
    host: s.host ?? DEFAULTS.host,
    articlesDir: resolve(cwd, s.articlesDir ?? DEFAULTS.articlesDir),
    articlesDirShown: shownFolder(s.articlesDir ?? DEFAULTS.articlesDir, cwd),
    maxArticleBytes: s.maxArticleBytes ?? DEFAULTS.maxArticleBytes,
    maxMediaBytes: s.maxMediaBytes ?? DEFAULTS.maxMediaBytes,
    cacheMaxAgeSeconds: Math.round((s.cacheMaxAgeMinutes ?? DEFAULTS.cacheMaxAgeMinutes) * 60),
    feedDelayMinutes: s.feedDelayMinutes ?? DEFAULTS.feedDelayMinutes,
    ...resolveIcon(s.icon, siteUrl, cwd, origin),
    ...(s.logo ? { logo: s.logo } : {}),
    stateDir: resolve(cwd, s.stateDir ?? DEFAULTS.stateDir),
    hub: resolveHub(s.hub ?? DEFAULTS.hub, siteUrl),
    hubAllowPrivateCallbacks: s.hubAllowPrivateCallbacks ?? DEFAULTS.hubAllowPrivateCallbacks,
    trustProxy: s.trustProxy ?? DEFAULTS.trustProxy,
    hubMaxSubscriptionsPerTopic: s.hubMaxSubscriptionsPerTopic ?? DEFAULTS.hubMaxSubscriptionsPerTopic,
    hubMaxSubscriptionsPerHost: s.hubMaxSubscriptionsPerHost ?? DEFAULTS.hubMaxSubscriptionsPerHost,
    pollLimit: {
      perMinute: s.pollLimitPerMinute ?? DEFAULTS.pollLimitPerMinute,
      burst: s.pollLimitBurst ?? DEFAULTS.pollLimitBurst,
    },
  };
}

/**
 * `icon` as a URL is used as given. As a file, it is read now and served at /favicon.ico (a PNG
 * wrapped in an ICO container, which every browser and reader reads) and, for a PNG, at
 * /apple-touch-icon.png, the larger image feeds then name.
 */
function resolveIcon(
  icon: string | undefined,
  siteUrl: string,
  cwd: string,
  origin: string,
): Pick<SiteSettings, 'icon' | 'favicon' | 'iconImage'> {
  if (icon === undefined) return {};
  if (/^[a-z][a-z0-9+.-]*:/i.test(icon)) {
    if (!/^https?:\/\//i.test(icon) || !URL.canParse(icon)) {
      throw new SettingsError(`${origin}: icon: must be an absolute http(s) URL or a .png or .ico file`);
    }
    return { icon };
  }
  let iconImage: IconImage;
  try {
    iconImage = loadIcon(icon, cwd);
  } catch (error) {
    throw new SettingsError(`${origin}: icon: ${(error as Error).message}`);
  }
  const favicon = absoluteUrl({ siteUrl }, FAVICON_PATH);
  const large = iconImage.kind === 'png' ? absoluteUrl({ siteUrl }, APPLE_TOUCH_ICON_PATH) : favicon;
  return { icon: large, favicon, iconImage };
}

/** Herald's own hub lives at `/websub` on the site's origin and path; an external hub is used as given. */
function resolveHub(hub: string, siteUrl: string): HubSetting {
  if (hub === 'off') return { mode: 'off' };
  if (hub === 'own') return { mode: 'own', url: `${siteUrl}websub` };
  return { mode: 'external', url: hub };
}

function readConfigFile(file: string, required: boolean): unknown {
  if (!existsSync(file)) {
    if (required) throw new SettingsError(`${file}: the config file does not exist`);
    return {};
  }
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new SettingsError(`${file}: not valid JSON (${(error as Error).message})`);
  }
}

function formatIssues(error: z.ZodError, origin: string): string {
  return error.issues
    .map((issue) => {
      const field = issue.path.join('.') || '(settings)';
      const message =
        issue.code === 'unrecognized_keys' ? `unknown setting ${issue.keys.join(', ')}` : issue.message;
      return `${origin}: ${field}: ${message}`;
    })
    .join('\n');
}

function isTimeZone(zone: string): boolean {
  // The default needs no check: asking Intl loads the ICU time zone data, 10–15 ms of every command.
  if (zone === 'UTC') return true;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
