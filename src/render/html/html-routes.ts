import type { Site } from '../../model.ts';
import type { Route } from '../render-site.ts';

/** Every HTML page: index pages, article pages, tag and author pages, the 404 page. (Placeholder.) */
export function htmlRoutes(_site: Site): Route[] {
  return [];
}
