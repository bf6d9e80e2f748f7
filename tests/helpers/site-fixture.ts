// Builders for in-memory articles and settings, so renderer tests need no files.

import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { slugify } from '../../src/content/slug.ts';
import type { Article, SiteSettings } from '../../src/model.ts';
import { buildSite } from '../../src/site/build-site.ts';

/** One state folder per test process, outside the repository (the Last-Modified ledger lives there). */
export const TEST_STATE_DIR = join(tmpdir(), `herald-test-state-${process.pid}`);

export function makeSettings(overrides: Partial<SiteSettings> = {}): SiteSettings {
  const siteUrl = overrides.siteUrl ?? 'https://news.example.org/';
  return {
    title: 'Herald Test Site',
    description: 'Articles for testing Herald',
    siteUrl: 'https://news.example.org/',
    language: 'en',
    author: { name: 'Site Author', email: 'editor@news.example.org' },
    timeZone: 'UTC',
    idAuthority: 'news.example.org',
    itemsPerFeed: 20,
    itemsPerPage: 20,
    port: 0,
    host: '127.0.0.1',
    articlesDir: 'articles',
    articlesDirShown: 'articles',
    maxArticleBytes: 1024 * 1024,
    maxMediaBytes: 10 * 1024 * 1024,
    cacheMaxAgeSeconds: 300,
    feedDelayMinutes: 0,
    stateDir: TEST_STATE_DIR,
    hub: { mode: 'own', url: `${siteUrl}websub` },
    hubAllowPrivateCallbacks: false,
    trustProxy: false,
    hubMaxSubscriptionsPerTopic: 10_000,
    hubMaxSubscriptionsPerHost: 1_000,
    pollLimit: { perMinute: 1, burst: 10 },
    ...overrides,
  };
}

let counter = 0;

/** A valid article; every field can be overridden. Dates default to distinct days in 2022. */
export function makeArticle(
  overrides: Partial<Article> & { authorNames?: string[]; tagNames?: string[] } = {},
): Article {
  counter += 1;
  const { authorNames, tagNames, ...rest } = overrides;
  const slug = rest.slug ?? `article-${counter}`;
  const date = rest.date ?? new Date(Date.UTC(2022, 0, 1 + (counter % 300), 12, 0, 0));
  return {
    file: `articles/${slug}.md`,
    slug,
    id: `tag:news.example.org,2022-01-01:${slug}`,
    title: `Article ${counter}`,
    date,
    updated: rest.updated ?? date,
    authors: (authorNames ?? []).map((name) => ({ name, slug: slugify(name) })),
    tags: (tagNames ?? []).map((name) => ({ name, slug: slugify(name) })),
    summary: `Summary of article ${counter}.`,
    contentHtml: `<p>Body of article ${counter}.</p>`,
    draft: false,
    ...rest,
  };
}

/** `count` articles, one per day from 2022-01-01, alternating two tags and two authors. */
export function makeArticles(count: number): Article[] {
  return Array.from({ length: count }, (_, i) =>
    makeArticle({
      slug: `post-${String(i + 1).padStart(3, '0')}`,
      title: `Post number ${i + 1}`,
      date: new Date(Date.UTC(2022, 0, 1 + i, 9, 30, 0)),
      tagNames: i % 2 === 0 ? ['Even Days', 'All'] : ['Odd Days', 'All'],
      authorNames: i % 3 === 0 ? ['Ada Lovelace'] : [],
    }),
  );
}

export const LATER_THAN_EVERYTHING = new Date(Date.UTC(2030, 0, 1));

export function makeSite(articles: Article[], settings: Partial<SiteSettings> = {}) {
  return buildSite(makeSettings(settings), articles, LATER_THAN_EVERYTHING);
}
