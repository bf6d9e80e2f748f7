import { z } from 'zod';
import { resolveMediaReference } from './media-references.ts';
import { mediaTypeOf } from './media-types.ts';

/**
 * What one article may list. Every tag and author has its own pages and feeds holding the article's
 * full content, so one article with thousands of tags multiplies the site's size (5,000 tags made a
 * 51-article export write over 600 MB).
 */
export const ARTICLE_LIMITS = { tags: 50, authors: 50, nameCharacters: 200, attachments: 20 } as const;

const text = (what: string) =>
  z.string({ error: (issue) => (issue.input === undefined ? 'is required' : `must be ${what}`) });

const name = () =>
  text('a name')
    .trim()
    .min(1, 'must not be empty')
    .max(ARTICLE_LIMITS.nameCharacters, `must be at most ${ARTICLE_LIMITS.nameCharacters} characters`);

const person = z.union(
  [
    name(),
    z
      .object({
        name: name(),
        email: z.email('must be an e-mail address').optional(),
        url: z.url({ protocol: /^https?$/, error: 'must be an absolute http(s) URL' }).optional(),
      })
      .strict(),
  ],
  { error: 'must be a name, or { name, email, url }' },
);

/**
 * An old address of the article on this site (`/2019/05/old-name/`, `/old-name.html`), answered with a
 * redirect. Only plain path characters, the ones a static host maps to a file, no segment starting
 * with a dot (so no `.` or `..`), and a folder (`/`) or an
 * `.html` page, so a static host serves the redirect page as HTML: `/old-name` is read as `/old-name/`.
 */
const aliasPath = text('a path')
  .trim()
  .regex(
    // Every segment but the last ends with its slash, so a long bad path cannot backtrack.
    /^\/(?:[A-Za-z0-9_~-][A-Za-z0-9._~-]*\/)*(?:[A-Za-z0-9_~-][A-Za-z0-9._~-]*)?$/,
    'must be a path on this site such as /2019/05/old-name/ (letters, digits, . _ ~ - and /)',
  )
  .transform((path) => (path.endsWith('/') || /\.html?$/.test(path) ? path : `${path}/`));

/** Dates stay text here: they are read in the site's time zone once the settings are known. */
const dateText = z
  .union([z.string(), z.number()], {
    error: (issue) => (issue.input === undefined ? 'is required' : 'must be a date such as 2022-05-23'),
  })
  .transform(String);

const ABSOLUTE_URL = /^https?:\/\/[^\s/?#]+[^\s]*$/i;

/**
 * A media file beside the article (resolved like a reference in the body) or an absolute http(s)
 * URL. `image: true` also requires an image type: a featured image must be one.
 */
const mediaLocation = (image: boolean) =>
  text('a media path or an absolute URL')
    .trim()
    .min(1, 'must not be empty')
    .superRefine((value, ctx) => {
      if (/^[a-z][a-z0-9+.-]*:/i.test(value)) {
        if (!ABSOLUTE_URL.test(value) || !URL.canParse(value))
          ctx.addIssue({
            code: 'custom',
            message: `"${value}" must be an absolute http(s) URL or a media path`,
          });
        return;
      }
      const kinds = image ? 'an image (png, jpg, jpeg, gif, webp, avif or svg)' : 'a media file';
      const type = mediaTypeOf(value.replace(/[?#].*$/s, ''));
      if (type === undefined || (image && !type.startsWith('image/')) || type === 'image/x-icon') {
        ctx.addIssue({
          code: 'custom',
          message: `"${value}" must be ${kinds} in the articles folder, relative to the article, or an absolute http(s) URL`,
        });
        return;
      }
      const resolved = resolveMediaReference(value);
      if (resolved?.name === undefined)
        ctx.addIssue({ code: 'custom', message: `"${value}" points outside the articles folder` });
    });

/** Seconds, or `H:MM:SS` / `M:SS` as podcasts write a length. */
const duration = z
  .union([z.number(), z.string()], { error: 'must be a number of seconds or H:MM:SS' })
  .transform((value, ctx) => {
    const seconds = typeof value === 'number' ? value : parseClock(value.trim());
    if (seconds === undefined || !Number.isFinite(seconds) || seconds < 0) {
      ctx.addIssue({ code: 'custom', message: `"${value}" must be a number of seconds or H:MM:SS` });
      return z.NEVER;
    }
    return Math.round(seconds);
  });

function parseClock(value: string): number | undefined {
  const match = /^(?:(\d+):)?([0-5]?\d):([0-5]\d(?:\.\d+)?)$|^(\d+(?:\.\d+)?)$/.exec(value);
  if (!match) return undefined;
  if (match[4] !== undefined) return Number(match[4]);
  return Number(match[1] ?? 0) * 3600 + Number(match[2]) * 60 + Number(match[3]);
}

/** `episode.mp3` is short for `{ url: episode.mp3 }`. */
const attachment = z.preprocess(
  (value) => (typeof value === 'string' ? { url: value } : value),
  z
    .object(
      {
        url: mediaLocation(false),
        title: text('text').trim().min(1, 'must not be empty').optional(),
        duration: duration.optional(),
        // Only for an absolute URL: a media file's own type and size are used.
        type: text('a media type')
          .trim()
          .regex(/^[a-z]+\/[a-z0-9][a-z0-9.+-]*$/i, 'must be a media type such as audio/mpeg')
          .optional(),
        size: z
          .number({ error: 'must be a number of bytes' })
          .int('must be a whole number of bytes')
          .nonnegative('must not be negative')
          .optional(),
      },
      { error: 'must be a media path or an absolute URL, or { url, title, duration, type, size }' },
    )
    .strict(),
);

/**
 * The front matter fields an article may have. Unknown fields are an error rather than ignored:
 * a misspelt `draft:` must never publish a draft.
 */
export const frontMatterSchema = z
  .object({
    title: text('text').trim().min(1, 'must not be empty'),
    date: dateText.optional(),
    updated: dateText.optional(),
    author: person.optional(),
    authors: z
      .array(person, { error: 'must be a list of names' })
      .max(ARTICLE_LIMITS.authors, `must list at most ${ARTICLE_LIMITS.authors} authors`)
      .optional(),
    tags: z
      .union([z.array(z.union([z.string(), z.number()]).transform(String)), z.string()], {
        error: 'must be a list of tags, e.g. [Xiaomi, Leica]',
      })
      .transform((tags) => (typeof tags === 'string' ? tags.split(',') : tags))
      .transform((tags) => tags.map((t) => t.trim()).filter((t) => t !== ''))
      .refine((tags) => tags.length <= ARTICLE_LIMITS.tags, `must list at most ${ARTICLE_LIMITS.tags} tags`)
      .refine(
        (tags) => tags.every((tag) => tag.length <= ARTICLE_LIMITS.nameCharacters),
        `must each be at most ${ARTICLE_LIMITS.nameCharacters} characters`,
      )
      .optional(),
    summary: text('text').trim().optional(),
    id: text('text')
      .trim()
      .regex(/^[a-z][a-z0-9+.-]*:[^\s]+$/i, 'must be an absolute URI such as tag:example.com,2022-05-23:slug')
      .optional(),
    draft: z.boolean({ error: 'must be true or false' }).optional(),
    image: mediaLocation(true).optional(),
    image_alt: text('text').trim().optional(),
    attachments: z
      .array(attachment, { error: 'must be a list of media paths or URLs, e.g. [episode.mp3]' })
      .max(ARTICLE_LIMITS.attachments, `must list at most ${ARTICLE_LIMITS.attachments} attachments`)
      .optional(),
    aliases: z
      .union([z.array(aliasPath), aliasPath], { error: 'must be a list of paths, e.g. [/2019/05/old-name/]' })
      .transform((paths) => (typeof paths === 'string' ? [paths] : paths))
      .optional(),
  })
  .strict()
  .refine((fm) => !(fm.author !== undefined && fm.authors !== undefined), {
    path: ['authors'],
    message: 'give either author or authors, not both',
  })
  .refine((fm) => fm.image_alt === undefined || fm.image !== undefined, {
    path: ['image_alt'],
    message: 'describes the featured image, so it needs an image field',
  })
  .superRefine((fm, ctx) => {
    fm.attachments?.forEach((item, i) => {
      const local = !/^[a-z][a-z0-9+.-]*:/i.test(item.url);
      for (const field of ['type', 'size'] as const) {
        if (local && item[field] !== undefined)
          ctx.addIssue({
            code: 'custom',
            path: ['attachments', i, field],
            message: `is only for an absolute URL: a media file's own ${field} is used`,
          });
      }
      if (!local && item.type === undefined && mediaTypeOf(new URL(item.url).pathname) === undefined)
        ctx.addIssue({
          code: 'custom',
          path: ['attachments', i, 'type'],
          message: `is required: "${item.url}" does not end in a known media extension (give e.g. type: audio/mpeg)`,
        });
    });
  });

export type FrontMatterFields = z.output<typeof frontMatterSchema>;

/** One `field: message` per problem; unknown fields name themselves. */
export function describeIssues(error: z.ZodError): { field: string; message: string }[] {
  return error.issues.flatMap((issue) => {
    if (issue.code === 'unrecognized_keys' && issue.path.length > 0) {
      return issue.keys.map((key) => ({
        field: [...issue.path, key].join('.'),
        message: 'is not a known field of an attachment (url, title, duration, type, size)',
      }));
    }
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        field: key,
        message:
          'is not a known field (title, date, updated, author, authors, tags, summary, id, draft, image, image_alt, attachments, aliases)',
      }));
    }
    return [{ field: issue.path.join('.') || 'front matter', message: issue.message }];
  });
}
