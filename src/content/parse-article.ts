import { createHash, hash } from 'node:crypto';
import { attached } from '../memory.ts';
import type {
  Article,
  AttachmentSource,
  MediaReference,
  MediaSource,
  Person,
  Problem,
  Tag,
} from '../model.ts';
import type { RenderedBodies } from './body-store.ts';
import { dayInZone, parseArticleDate } from './dates.ts';
import { decodeArticleText } from './decode.ts';
import { parseFileName } from './file-name.ts';
import { removeForbiddenCharacters, removeForbiddenCharactersDeep } from './forbidden-characters.ts';
import { bodyAfterFrontMatter, parseFrontMatter } from './front-matter.ts';
import { lazy } from './lazy.ts';
import { loadedArticle } from './loaded-article.ts';
import { findMediaReferences, resolveMediaReference } from './media-references.ts';
import { renderBody } from './render-body.ts';
import { describeIssues, frontMatterSchema } from './schema.ts';
import { slugify } from './slug.ts';
import { summarize } from './summary.ts';
import { tagUri } from './tag-uri.ts';

export interface ParseOptions {
  timeZone: string;
  idAuthority: string;
  /** Absolute URL of the article page for a slug: the base for relative links in the content. */
  articleUrl: (slug: string) => string;
  /**
   * Render the body now, so a body that cannot be rendered keeps the article off the site with a
   * problem (check, build, and files changed while serving). Otherwise it is rendered on first use.
   */
  renderNow?: boolean;
  /**
   * Told when a body rendered on first use could not be rendered; the article then shows no
   * content until whoever published it leaves it out.
   */
  onRenderFailure?: (problem: Problem) => void;
  /** The clock `updated` is checked against; the current time by default. */
  now?: () => Date;
  /** Absolute URL of `/media/`, where media files named in the body are served. */
  mediaBase?: string;
  /** Bodies rendered by an earlier run, by content key: used instead of rendering them again. */
  bodies?: RenderedBodies;
}

export type ParseResult = { ok: true; article: Article } | { ok: false; problems: Problem[] };

const DATE_HINT = '(use YYYY-MM-DD or an ISO 8601 time with offset, e.g. 2022-05-23T10:00:00+08:00)';

/**
 * Turns one article file into an Article, or into the problems that keep it off the site.
 * `file` is the path shown to the user; `name` is the file's base name.
 */
export function parseArticle(
  file: string,
  name: string,
  bytes: Uint8Array,
  options: ParseOptions,
): ParseResult {
  const fail = (field: string | undefined, message: string): ParseResult => ({
    ok: false,
    problems: [{ file, severity: 'error', ...(field ? { field } : {}), message }],
  });

  const text = decodeArticleText(bytes);
  if (!text.ok) return fail(text.field, text.message);
  const frontMatter = parseFrontMatter(text.value);
  if (!frontMatter.ok) return fail(frontMatter.field, frontMatter.message);
  // The body is what follows the front matter block: the block is the rest of the text.
  const frontMatterKey = frontMatterKeyOf(
    text.value.slice(0, text.value.length - frontMatter.value.body.length),
  );

  // The characters no output may carry are removed here and nowhere else: from every parsed field
  // (after YAML, so that escapes such as "\x01" and "\uD800" are caught too), from the body, ...
  const fields = frontMatterSchema.safeParse(removeForbiddenCharactersDeep(frontMatter.value.data));
  if (!fields.success) {
    return {
      ok: false,
      problems: describeIssues(fields.error).map((issue) => ({ file, severity: 'error', ...issue })),
    };
  }
  const fm = fields.data;
  const { day: fileDay, slug } = parseFileName(name);

  const dateText = fm.date ?? fileDay;
  if (dateText === undefined) return fail('date', 'is required (or start the file name with YYYY-MM-DD-)');
  const date = parseArticleDate(dateText, options.timeZone);
  if (!date) {
    return fail('date', `"${dateText}" is not a valid date ${DATE_HINT}`);
  }
  let updated = date;
  if (fm.updated !== undefined) {
    const parsed = parseArticleDate(fm.updated, options.timeZone);
    if (!parsed) return fail('updated', `"${fm.updated}" is not a valid date ${DATE_HINT}`);
    if (parsed < date) return fail('updated', `"${fm.updated}" is before the date "${dateText}"`);
    // `updated` says when the article last changed, so it cannot be later than now (and later than
    // the date): it would become the Last-Modified of every page showing the article, and a client
    // holding a Last-Modified in the future is answered 304 until that day.
    const now = options.now?.() ?? new Date();
    if (parsed > now && parsed > date) {
      return fail('updated', `"${fm.updated}" is in the future; give the time the article last changed`);
    }
    updated = parsed;
  }

  const people = fm.authors ?? (fm.author === undefined ? [] : [fm.author]);
  // The front matter is checked now, so every problem is reported at load; the Markdown is rendered
  // on first use: Markdown itself cannot be invalid, only sanitized.
  const body = removeForbiddenCharacters(frontMatter.value.body);
  const articleUrl = options.articleUrl(slug);
  const given = fm.summary;
  const contentKey = contentKeyOf(body, articleUrl, options.mediaBase, given);
  const content = articleContent(file, body, articleUrl, options, given, contentKey);
  if (options.renderNow) {
    const result = content.rendered();
    if (!result.ok) return fail(result.field, result.message);
  }
  const article = loadedArticle(content, {
    file,
    slug,
    id: fm.id ?? tagUri(options.idAuthority, dayInZone(date, options.timeZone), slug),
    title: fm.title,
    date,
    updated,
    authors: uniqueBySlug(people.map(toPerson)),
    tags: uniqueBySlug(fm.tags?.map(toTag) ?? []),
    draft: fm.draft ?? false,
    aliases: fm.aliases ?? [],
    contentKey,
    frontMatterKey,
  });
  if (given !== undefined) givenSummaries.set(article, given);
  if (fm.image !== undefined) {
    article.image = { ...mediaSource(fm.image), ...(fm.image_alt ? { alt: fm.image_alt } : {}) };
  }
  if (fm.attachments !== undefined && fm.attachments.length > 0) {
    article.attachments = fm.attachments.map(
      (item): AttachmentSource => ({
        ...mediaSource(item.url),
        ...(item.title === undefined ? {} : { title: item.title }),
        ...(item.duration === undefined ? {} : { durationSeconds: item.duration }),
        ...(item.type === undefined ? {} : { mediaType: item.type }),
        ...(item.size === undefined ? {} : { size: item.size }),
      }),
    );
  }
  article.mediaReferences = mediaReferencesOf(article, body);
  return { ok: true, article };
}

/** The media files an article names: in the front matter first, then in its body. */
export function mediaReferencesOf(
  article: Pick<Article, 'image' | 'attachments'>,
  body: string,
): MediaReference[] {
  // The files the front matter names are checked against the media files like those of the body.
  const named: MediaReference[] = [
    ...(article.image?.name === undefined
      ? []
      : [{ ref: article.image.ref, name: article.image.name, field: 'image' }]),
    ...(article.attachments ?? []).flatMap((a) =>
      a.name === undefined ? [] : [{ ref: a.ref, name: a.name, field: 'attachments' }],
    ),
  ];
  const inBody = findMediaReferences(body);
  return named.length > 0 ? [...named, ...inBody] : inBody;
}

/** The hash of a file's front matter block, as written: the same block parses to the same fields. */
function frontMatterKeyOf(block: string): string {
  return hash('sha256', block, 'base64url').slice(0, 22);
}

/**
 * A known article's file whose body changed and whose front matter block did not (the usual edit):
 * the new body, its content and content key, found without parsing the YAML again, so the article is
 * the known one with these. Undefined when the front matter is not the known block (or the file
 * cannot be decoded): the caller parses the whole file.
 */
export function newBodyOfKnownArticle(
  file: string,
  name: string,
  bytes: Uint8Array,
  known: { frontMatterKey: string; summary?: string | undefined },
  options: ParseOptions,
): { body: string; contentKey: string; content: ArticleContent } | undefined {
  const text = decodeArticleText(bytes);
  if (!text.ok) return undefined;
  const raw = bodyAfterFrontMatter(text.value);
  if (raw === undefined) return undefined;
  if (frontMatterKeyOf(text.value.slice(0, text.value.length - raw.length)) !== known.frontMatterKey)
    return undefined;
  const body = removeForbiddenCharacters(raw);
  const articleUrl = options.articleUrl(parseFileName(name).slug);
  const contentKey = contentKeyOf(body, articleUrl, options.mediaBase, known.summary);
  return {
    body,
    contentKey,
    content: articleContent(file, body, articleUrl, options, known.summary, contentKey),
  };
}

/** An article's content: its body rendered on first use, and the summary it gives when none is set. */
export interface ArticleContent {
  rendered: () => ReturnType<typeof renderBody>;
  /** The HTML, or '' when the body cannot be rendered (reported once through onRenderFailure). */
  contentHtml: () => string;
  summary: () => string;
}

function articleContent(
  file: string,
  body: string,
  articleUrl: string,
  options: Pick<ParseOptions, 'mediaBase' | 'onRenderFailure' | 'bodies'>,
  given: string | undefined,
  contentKey: string,
): ArticleContent {
  const rendered = lazy(renderLater(body, articleUrl, options, contentKey));
  let reported = false;
  const contentHtml = () => {
    const result = rendered();
    if (result.ok) return result.value;
    if (!reported) {
      reported = true;
      options.onRenderFailure?.({
        file,
        severity: 'error',
        ...(result.field ? { field: result.field } : {}),
        message: result.message,
      });
    }
    return '';
  };
  const summary = given === undefined ? lazy(() => summarize(contentHtml())) : () => given;
  return { rendered, contentHtml, summary };
}

/**
 * Renders `body` when called. Made apart from `articleContent`, whose closures live as long as the
 * article: V8 keeps one context per function for all of its closures, so a body named there stayed
 * in memory after its HTML was made (the whole file, as the body is a slice of it), 63 MB at 10,000
 * articles; this closure, and the body with it, is dropped once used (see lazy.ts).
 */
function renderLater(
  body: string,
  articleUrl: string,
  { mediaBase, bodies }: Pick<ParseOptions, 'mediaBase' | 'bodies'>,
  contentKey: string,
): () => ReturnType<typeof renderBody> {
  return () => {
    // The content key covers everything the HTML is made of, so a body stored under it is the one
    // rendering would give; a body that failed is never stored, so its problem is found again.
    const stored = bodies?.get(contentKey);
    if (stored !== undefined) return { ok: true, value: stored };
    const result = renderBody(body, articleUrl, mediaBase);
    if (!result.ok) return result;
    // ... and from the HTML, where the sanitizer decodes a character reference in the Markdown
    // (`&#1;`, `&#xFFFE;`) into the character itself.
    const html = removeForbiddenCharacters(result.value);
    bodies?.put(contentKey, html);
    return { ok: true, value: html };
  };
}

/**
 * The content of a file whose article is known already (from the article cache): the body is split
 * off without parsing the YAML, and used only if it is the very body the article was made from (same
 * content key); otherwise undefined, and the caller parses the whole file.
 */
export function contentOfKnownArticle(
  file: string,
  name: string,
  bytes: Uint8Array,
  known: { contentKey?: string | undefined; summary?: string | undefined },
  options: ParseOptions,
): ArticleContent | undefined {
  const text = decodeArticleText(bytes);
  if (!text.ok) return undefined;
  const raw = bodyAfterFrontMatter(text.value);
  if (raw === undefined) return undefined;
  const body = removeForbiddenCharacters(raw);
  const articleUrl = options.articleUrl(parseFileName(name).slug);
  const contentKey = contentKeyOf(body, articleUrl, options.mediaBase, known.summary);
  if (contentKey !== known.contentKey) return undefined;
  return articleContent(file, body, articleUrl, options, known.summary, contentKey);
}

/** The schema let through only absolute http(s) URLs and paths that stay in the articles folder. */
function mediaSource(ref: string): MediaSource {
  if (/^[a-z][a-z0-9+.-]*:/i.test(ref)) return { ref, url: new URL(ref).href };
  const name = resolveMediaReference(ref)?.name;
  return name === undefined ? { ref } : { ref, name };
}

/** The summary the front matter gave, for the article cache (reading `summary` may render the body). */
export function givenSummaryOf(article: Article): string | undefined {
  return givenSummaries.get(article);
}

const givenSummaries = attached<Article, string>(
  'given summaries',
  'the summary the front matter gave, for the article cache',
);

export function contentKeyOf(
  body: string,
  articleUrl: string,
  mediaBase: string | undefined,
  summary: string | undefined,
): string {
  // Each part with its length before it, so no two lists of parts hash the same text; fed to the
  // hash one by one instead of written out as JSON first (escaping every body cost more than hashing it).
  const hash = createHash('sha256');
  for (const part of [body, articleUrl, mediaBase, summary]) {
    hash.update(part === undefined ? '-;' : `${part.length};`).update(part ?? '');
  }
  return hash.digest('base64url').slice(0, 22);
}

function toPerson(
  person: string | { name: string; email?: string | undefined; url?: string | undefined },
): Person {
  const { name, email, url } =
    typeof person === 'string' ? { name: person, email: undefined, url: undefined } : person;
  return { name, slug: slugify(name), ...(email ? { email } : {}), ...(url ? { url } : {}) };
}

/** Tags are normalized: "Smart Phones", "smart phones" and "Smart-Phones" are one tag. */
function toTag(name: string): Tag {
  return { name: name.replace(/\s+/g, ' '), slug: slugify(name) };
}

function uniqueBySlug<T extends { slug: string }>(items: T[]): T[] {
  const seen = new Set<string>();
  return items.filter((item) => !seen.has(item.slug) && seen.add(item.slug));
}
