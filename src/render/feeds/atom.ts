// Atom 1.0 (RFC 4287), rendered by the `feed` package, with RFC 5005 paging links. feed-output.ts lists
// what it corrects in feed's output.
import { makeFeedInput } from './feed-input.ts';
import { correctAtomOutput } from './feed-output.ts';
import type { FeedPage } from './feed-page.ts';

export function renderAtom(page: FeedPage): Buffer {
  const { feed, placeholders } = makeFeedInput(page, 'atom');
  return correctAtomOutput(feed.atom1(), page, placeholders);
}
