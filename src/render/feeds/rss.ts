// RSS 2.0 (https://www.rssboard.org/rss-specification), rendered by the `feed` package, with the Atom,
// content and Dublin Core namespaces for what RSS itself cannot say: paging links, full content, author
// names, update dates. feed-output.ts lists what it corrects in feed's output.
import { makeFeedInput } from './feed-input.ts';
import { correctRssOutput } from './feed-output.ts';
import type { FeedPage } from './feed-page.ts';

export function renderRss(page: FeedPage): Buffer {
  const { feed, placeholders } = makeFeedInput(page, 'rss');
  return correctRssOutput(feed.rss2(), page, placeholders);
}
