import type { SiteSettings } from '../../model.ts';
import { html } from './html.ts';

/**
 * The page at an article's old address. `herald serve` sends it with a 301; a static host that cannot
 * send a 301 itself serves it as a page: browsers follow the meta refresh at once, and search engines
 * take `rel=canonical` as the move.
 */
export function renderRedirectPage(settings: SiteSettings, url: string): string {
  return html`<!DOCTYPE html>
<html lang="${settings.language}">
<head>
<meta charset="utf-8">
<title>Moved — ${settings.title}</title>
<link rel="canonical" href="${url}">
<meta http-equiv="refresh" content="0; url=${url}">
<meta name="robots" content="noindex">
</head>
<body>
<p>This article has moved to <a href="${url}">${url}</a>.</p>
</body>
</html>
`.toString();
}
