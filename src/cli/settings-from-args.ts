import { parseArgs } from 'node:util';
import { loadSettings, type SettingsInput } from '../config.ts';
import type { SiteSettings } from '../model.ts';

export class UsageError extends Error {}

/** Options every command accepts; commands add their own. */
const COMMON = {
  config: { type: 'string' },
  articles: { type: 'string' },
  'site-url': { type: 'string' },
  port: { type: 'string' },
  host: { type: 'string' },
  'state-dir': { type: 'string' },
} as const;

type ExtraOptions = Parameters<typeof parseArgs>[0] extends infer C
  ? C extends { options?: infer O }
    ? O
    : never
  : never;

/** Parses the command line and loads the settings it points at. */
export function parseCommand<const O extends NonNullable<ExtraOptions>>(args: string[], extra: O) {
  let parsed: ReturnType<
    typeof parseArgs<{ args: string[]; options: typeof COMMON & O; allowPositionals: true }>
  >;
  try {
    parsed = parseArgs({ args, options: { ...COMMON, ...extra }, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const values = parsed.values as Record<string, string | boolean | undefined>;
  const flags: SettingsInput = {};
  if (typeof values.articles === 'string') flags.articlesDir = values.articles;
  if (typeof values['site-url'] === 'string') flags.siteUrl = values['site-url'];
  if (typeof values.port === 'string') flags.port = values.port as unknown as number;
  if (typeof values.host === 'string') flags.host = values.host;
  if (typeof values['state-dir'] === 'string') flags.stateDir = values['state-dir'];
  const settings: SiteSettings = loadSettings({
    cwd: process.cwd(),
    env: process.env,
    flags,
    ...(typeof values.config === 'string' ? { configFile: values.config } : {}),
  });
  return { settings, values: parsed.values, positionals: parsed.positionals };
}
