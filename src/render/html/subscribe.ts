import type { FeedLink } from './feed-links.ts';
import { type Html, html } from './html.ts';

/**
 * The feed addresses written out in full, so a reader can copy one into a feed reader: no
 * JavaScript "copy" button needed.
 */
export function renderSubscribe(
  feeds: readonly FeedLink[],
  heading = 'Subscribe',
  directory?: { page: string; opml: string },
): Html {
  return html`<section id="subscribe" aria-labelledby="subscribe-heading">
<h2 id="subscribe-heading">${heading}</h2>
<p>Copy an address into your feed reader to get new articles as they are published.</p>
<dl>
${feeds.map(
  (feed) => html`<dt>${feed.label}</dt>
<dd><a class="feed-url" href="${feed.url}" type="${feed.mediaType}">${feed.url}</a><span class="purpose">${feed.purpose}</span></dd>
`,
)}</dl>
${directory && html`<p>Only a tag or an author? <a href="${directory.page}">Every feed of this site</a>, also as <a href="${directory.opml}" type="text/x-opml">one OPML file</a> to subscribe to all at once.</p>\n`}</section>`;
}
