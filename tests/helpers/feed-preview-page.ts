// What a person sees when a browser opens a feed's address: read from the laid-out page, the same way
// in every browser the tests drive, and what that page must show to be readable.
import { expect } from 'vitest';

export interface PreviewSeen {
  url: string;
  contentType: string;
  siteTitle: string;
  heading: string;
  preview: string;
  address: string;
  addressWidth: number;
  items: string[];
}

/** A function expression to evaluate in the page; `innerText` is the text as rendered. */
export const READ_PREVIEW = `() => ({
  url: location.href,
  contentType: document.contentType,
  siteTitle: document.querySelector('h1')?.innerText ?? '',
  heading: document.querySelector('#feed-heading')?.innerText ?? '',
  preview: document.querySelector('.feed-preview')?.innerText ?? '',
  address: document.querySelector('#feed-address')?.innerText ?? '',
  addressWidth: document.querySelector('#feed-address')?.getBoundingClientRect().width ?? 0,
  items: [...document.querySelectorAll('ol.list h2')].map((h) => h.innerText),
})`;

/**
 * The site's title, what a feed is and its format (`label`), the address to copy (`address`), laid
 * out for reading rather than shown as source, and the latest items (`titles`, newest first).
 */
export function expectReadablePreview(
  seen: PreviewSeen,
  label: string,
  address: string,
  titles: readonly string[],
): void {
  expect(seen.contentType).toBe('text/html');
  expect(seen.siteTitle).toBe('Herald');
  expect(seen.heading).toBe('This is a feed');
  expect(seen.preview).toContain(label);
  expect(seen.preview).toContain('Copy it into a feed reader');
  expect(seen.address).toBe(address);
  expect(seen.addressWidth).toBeGreaterThan(100);
  expect(seen.items).toEqual(titles);
}
