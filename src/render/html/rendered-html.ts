import type { Rendered } from '../representation.ts';

export const HTML_MEDIA_TYPE = 'text/html; charset=utf-8';

export function renderedHtml(body: string, lastModified: Date, status?: number): Rendered {
  return status === undefined
    ? { mediaType: HTML_MEDIA_TYPE, body, lastModified }
    : { mediaType: HTML_MEDIA_TYPE, body, lastModified, status };
}
