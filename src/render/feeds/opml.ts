// OPML 2.0 (http://opml.org/spec2.opml) of every feed of the site, so a reader subscribes to all of
// them at once: the site's feed, then one outline per tag and per author, grouped.
import type { Scope, Site } from '../../model.ts';
import { absoluteUrl, feedPath, scopeFeedTitle } from '../../site/paths.ts';
import { el, serializeXmlDocument, textEl, type XmlElement } from './xml-tree.ts';

/** No type is registered for OPML; this is the one readers and hosts use. */
export const OPML_MEDIA_TYPE = 'text/x-opml; charset=utf-8';

export function renderOpml(site: Site): string {
  const { settings } = site;
  const outline = (scope: Scope): XmlElement =>
    el('outline', {
      // RSS: the format every reader that imports OPML reads (the `type` OPML 2.0 names for feeds).
      type: 'rss',
      text: scopeFeedTitle(settings, scope),
      title: scopeFeedTitle(settings, scope),
      xmlUrl: absoluteUrl(settings, feedPath(scope.basePath, 'rss')),
      htmlUrl: absoluteUrl(settings, scope.basePath),
    });
  const group = (text: string, scopes: readonly Scope[]): XmlElement[] =>
    scopes.length === 0 ? [] : [el('outline', { text, title: text }, scopes.map(outline))];
  return serializeXmlDocument(
    el('opml', { version: '2.0' }, [
      el('head', {}, [
        textEl('title', `${settings.title}: every feed`),
        textEl('ownerName', settings.author.name),
        textEl('docs', 'http://opml.org/spec2.opml'),
      ]),
      el('body', {}, [outline(site.site), ...group('Tags', site.tags), ...group('Authors', site.authors)]),
    ]),
  );
}
