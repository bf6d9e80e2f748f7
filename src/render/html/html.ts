// Escape by default: every interpolation in `html` is escaped unless it is
// already `Html`, and the only way to make `Html` from a string is the explicit `raw()`.

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for use in element content and in quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

/** A fragment of markup that is safe to insert as is. */
export class Html {
  readonly #markup: string;
  constructor(markup: string) {
    this.#markup = markup;
  }
  toString(): string {
    return this.#markup;
  }
}

/**
 * What may be interpolated: text (escaped), numbers, markup, lists of these, and nothing
 * (`null`, `undefined`, `false` render as empty, so `cond && html\`…\`` works). `true` is left out
 * on purpose: printing "true" is always a mistake.
 */
export type HtmlValue = Html | string | number | null | undefined | false | readonly HtmlValue[];

/** Trusted markup, inserted without escaping: only for sanitized article content. */
export function raw(trusted: string): Html {
  return new Html(trusted);
}

export function html(strings: TemplateStringsArray, ...values: readonly HtmlValue[]): Html {
  let out = strings[0] ?? '';
  for (let i = 0; i < values.length; i++) {
    out += render(values[i]) + (strings[i + 1] ?? '');
  }
  return new Html(out);
}

function render(value: HtmlValue): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof Html) return value.toString();
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value)) return value.map(render).join('');
  // Strings, and anything that slipped past the types (a Date, a look-alike object), are text.
  return escapeHtml(String(value));
}
