import { createRequire } from 'node:module';
import type * as Yaml from 'yaml';
import type { Checked } from './decode.ts';

// The `yaml` package is 72 CommonJS modules, loaded and compiled in 35–100 ms.
// A start whose every article comes from the article cache parses no YAML, so it is loaded on the
// first file that needs it (synchronously, through require, as parsing is synchronous).
let yaml: typeof Yaml | undefined;
const loadYaml = (): typeof Yaml => {
  yaml ??= createRequire(import.meta.url)('yaml') as typeof Yaml;
  return yaml;
};

export interface FrontMatter {
  data: Record<string, unknown>;
  body: string;
}

const MAX_ALIASES = 50;

const FENCE = /^---[ \t]*\n([\s\S]*?)\n?^(?:---|\.\.\.)[ \t]*$\n?/m;

/**
 * Splits `---` YAML front matter from the Markdown body. The YAML is parsed as data only: the core
 * schema (no custom tags, no timestamps, no code), and a small alias budget so a "billion laughs"
 * file cannot exhaust memory.
 */
export function parseFrontMatter(text: string): Checked<FrontMatter> {
  if (!text.startsWith('---')) {
    return {
      ok: false,
      field: 'front matter',
      message:
        'missing, so this is not an article (an article starts with a `---` line, YAML fields, and `---`)',
    };
  }
  const match = FENCE.exec(text);
  if (match?.index !== 0) {
    return {
      ok: false,
      field: 'front matter',
      message: 'not closed: add a `---` line after the YAML fields',
    };
  }
  const doc = loadYaml().parseDocument(match[1] ?? '', {
    schema: 'core',
    uniqueKeys: true,
    prettyErrors: true,
  });
  const error = doc.errors[0];
  if (error) {
    const line = error.linePos?.[0].line;
    return {
      ok: false,
      field: 'front matter',
      message: `is not valid YAML${line ? ` (line ${line + 1} of the file)` : ''}: ${firstLine(error.message)}`,
    };
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIASES });
  } catch (e) {
    const message = (e as Error).message;
    return {
      ok: false,
      field: 'front matter',
      message: /alias/i.test(message)
        ? `expands too many YAML aliases (over ${MAX_ALIASES}); refused so it cannot exhaust memory`
        : `is not usable: ${firstLine(message)}`,
    };
  }
  if (data === null || data === undefined) data = {};
  if (typeof data !== 'object' || Array.isArray(data)) {
    return { ok: false, field: 'front matter', message: 'must be a list of `field: value` lines' };
  }
  return { ok: true, value: { data: data as Record<string, unknown>, body: text.slice(match[0].length) } };
}

/**
 * The Markdown body after the front matter, found without parsing the YAML (for a file whose front
 * matter is known already); undefined when the file has no front matter fences.
 */
export function bodyAfterFrontMatter(text: string): string | undefined {
  if (!text.startsWith('---')) return undefined;
  const match = FENCE.exec(text);
  return match?.index === 0 ? text.slice(match[0].length) : undefined;
}

function firstLine(message: string): string {
  return (message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '');
}
