import type { Article } from '../../model.ts';

/** Stands in when a page shows no article: fixed, so the same site renders the same response. */
export const NO_ARTICLES_DATE = new Date(0);

/** Newest `updated` among the articles a page shows. */
export function newestUpdate(articles: readonly Article[]): Date {
  let newest = NO_ARTICLES_DATE;
  for (const article of articles) {
    if (article.updated.getTime() > newest.getTime()) newest = article.updated;
  }
  return newest;
}
