import type { Site } from '../../model.ts';
import type { Route } from '../render-site.ts';

/** Every feed page of every scope, and the XSL stylesheet. (Placeholder until the feeds land.) */
export function feedRoutes(_site: Site): Route[] {
  return [];
}
