import { Marked } from 'marked';
import sanitizeHtml from 'sanitize-html';
import { resolveMediaReference } from './media-references.ts';

// One Marked instance for Herald, so no other code can change its options by accident.
const marked = new Marked({ gfm: true, breaks: false, async: false });

/** Attributes that carry a URL, by tag; each is made absolute against the article's URL. */
const URL_ATTRIBUTES: Record<string, readonly string[]> = {
  a: ['href'],
  img: ['src'],
  source: ['src'],
  video: ['src', 'poster'],
  audio: ['src'],
  blockquote: ['cite'],
  q: ['cite'],
  del: ['cite'],
  ins: ['cite'],
};

const SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: [
    ...sanitizeHtml.defaults.allowedTags,
    'img',
    'picture',
    'source',
    'video',
    'audio',
    'figure',
    'figcaption',
    'del',
    'ins',
    'sup',
    'sub',
    'details',
    'summary',
    'h1',
    'h2',
  ],
  allowedAttributes: {
    a: ['href', 'title', 'hreflang', 'rel'],
    img: ['src', 'srcset', 'alt', 'title', 'width', 'height', 'loading'],
    source: ['src', 'srcset', 'type', 'media'],
    video: ['src', 'poster', 'controls', 'width', 'height'],
    audio: ['src', 'controls'],
    blockquote: ['cite'],
    q: ['cite'],
    del: ['cite', 'datetime'],
    ins: ['cite', 'datetime'],
    code: ['class'],
    ol: ['start', 'reversed'],
    td: ['align', 'colspan', 'rowspan'],
    th: ['align', 'colspan', 'rowspan', 'scope'],
    '*': ['id', 'lang', 'dir'],
  },
  allowedClasses: { code: [/^language-[\w-]+$/] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesAppliedToAttributes: ['href', 'src', 'cite', 'poster', 'srcset'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
};

/**
 * Renders an article's Markdown to sanitized HTML in which every link, image and media source is
 * an absolute URL, because feed readers show content away from the article's page and cannot
 * resolve relative URLs. Raw HTML in the Markdown is allowed but passes the same sanitizer: no
 * scripts, styles, event handlers, iframes, forms or `javascript:` URLs survive.
 */
export function renderMarkdown(markdown: string, articleUrl: string, mediaBase?: string): string {
  const html = marked.parse(markdown) as string;
  const resolve = (value: string) => {
    const name = mediaBase === undefined ? undefined : resolveMediaReference(value)?.name;
    return mediaBase !== undefined && name !== undefined
      ? mediaUrl(mediaBase, name)
      : absolutize(value, articleUrl);
  };
  return sanitizeHtml(html, { ...SANITIZE, transformTags: absolutizeTransforms(resolve) }).trim();
}

/**
 * A relative reference to a media file (`photo.jpg`, resolved against the article file's folder)
 * becomes the file's published URL; every other URL is resolved against the article's own URL.
 */
function absolutizeTransforms(resolve: (value: string) => string): Record<string, sanitizeHtml.Transformer> {
  const transforms: Record<string, sanitizeHtml.Transformer> = {};
  for (const [tag, names] of Object.entries(URL_ATTRIBUTES)) {
    transforms[tag] = (tagName, attribs) => {
      const next = { ...attribs };
      for (const name of names) {
        const value = next[name];
        if (value !== undefined) next[name] = resolve(value);
      }
      if (next.srcset !== undefined) next.srcset = absolutizeSrcset(next.srcset, resolve);
      return { tagName, attribs: next };
    };
  }
  return transforms;
}

/** The URL of a media file, by its name in the articles folder, under the URL of `/media/`. */
export function mediaUrl(mediaBase: string, name: string): string {
  return new URL(name.split('/').map(encodeURIComponent).join('/'), mediaBase).href;
}

/** Resolves a URL against `base`; leaves a value that cannot be parsed untouched (fail soft). */
export function absolutize(value: string, base: string): string {
  const trimmed = value.trim();
  if (trimmed === '') return value;
  try {
    return new URL(trimmed, base).href;
  } catch {
    return value;
  }
}

function absolutizeSrcset(srcset: string, resolve: (value: string) => string): string {
  return srcset
    .split(',')
    .map((candidate) => {
      const [url, ...descriptor] = candidate.trim().split(/\s+/);
      return url ? [resolve(url), ...descriptor].join(' ') : candidate;
    })
    .join(', ');
}
