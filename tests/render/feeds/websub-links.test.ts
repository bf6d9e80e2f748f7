// Every subscription feed names its WebSub hub (WebSub §4), in each format's own way.
import { describe, expect, it } from 'vitest';
import type { HubSetting } from '../../../src/model.ts';
import { makeArticles, makeSite } from '../../helpers/site-fixture.ts';
import { allElements, parseXmlStrict } from '../../helpers/xml.ts';
import { renderFeed } from './read-feed.ts';

const EXTERNAL: HubSetting = { mode: 'external', url: 'https://hub.example.net/' };

function hubLinks(site: ReturnType<typeof makeSite>, path: string): string[] {
  const body = renderFeed(site, path);
  if (path.endsWith('.json'))
    return (JSON.parse(body).hubs ?? []).map((h: { type: string; url: string }) => `${h.type} ${h.url}`);
  return allElements(parseXmlStrict(body).root)
    .filter((e) => (e.name === 'link' || e.name === 'atom:link') && e.attributes.rel === 'hub')
    .map((e) => e.attributes.href as string);
}

describe('websub hub links in feeds', () => {
  describe("with Herald's own hub (the default)", () => {
    const site = makeSite(makeArticles(3));
    it.each(['/feed.xml', '/atom.xml', '/tags/all/feed.xml', '/tags/all/atom.xml'])(
      '%s links rel="hub" to /websub once',
      (path) => {
        expect(hubLinks(site, path)).toEqual(['https://news.example.org/websub']);
      },
    );

    it.each(['/feed.json', '/tags/all/feed.json'])('%s lists it in "hubs" as WebSub', (path) => {
      expect(hubLinks(site, path)).toEqual(['WebSub https://news.example.org/websub']);
    });
  });

  it('names an external hub when one is set', () => {
    const site = makeSite(makeArticles(2), { hub: EXTERNAL });
    expect(hubLinks(site, '/feed.xml')).toEqual(['https://hub.example.net/']);
    expect(hubLinks(site, '/atom.xml')).toEqual(['https://hub.example.net/']);
    expect(hubLinks(site, '/feed.json')).toEqual(['WebSub https://hub.example.net/']);
  });

  it('names none when the hub is off', () => {
    const site = makeSite(makeArticles(2), { hub: { mode: 'off' } });
    for (const path of ['/feed.xml', '/atom.xml', '/feed.json']) expect(hubLinks(site, path)).toEqual([]);
  });

  it('names none in archives, which are never pushed', () => {
    const site = makeSite(makeArticles(5), { itemsPerFeed: 2, hub: EXTERNAL });
    for (const path of ['/archive/1/feed.xml', '/archive/1/atom.xml', '/archive/1/feed.json'])
      expect(hubLinks(site, path)).toEqual([]);
  });
});
