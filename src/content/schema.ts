import { z } from 'zod';

/**
 * What one article may list. Every tag and author has its own pages and feeds holding the article's
 * full content, so one article with thousands of tags multiplies the site's size (5,000 tags made a
 * 51-article export write over 600 MB).
 */
export const ARTICLE_LIMITS = { tags: 50, authors: 50, nameCharacters: 200 } as const;

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

/** Dates stay text here: they are read in the site's time zone once the settings are known. */
const dateText = z
  .union([z.string(), z.number()], {
    error: (issue) => (issue.input === undefined ? 'is required' : 'must be a date such as 2022-05-23'),
  })
  .transform(String);

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
  })
  .strict()
  .refine((fm) => !(fm.author !== undefined && fm.authors !== undefined), {
    path: ['authors'],
    message: 'give either author or authors, not both',
  });

export type FrontMatterFields = z.output<typeof frontMatterSchema>;

/** One `field: message` per problem; unknown fields name themselves. */
export function describeIssues(error: z.ZodError): { field: string; message: string }[] {
  return error.issues.flatMap((issue) => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        field: key,
        message: 'is not a known field (title, date, updated, author, authors, tags, summary, id, draft)',
      }));
    }
    return [{ field: issue.path.join('.') || 'front matter', message: issue.message }];
  });
}
