// The one stylesheet, inlined in every page: small enough that a separate request would cost more.
// System fonts, a readable measure, and a dark scheme that follows the reader's setting.
export const STYLES = `
:root{color-scheme:light dark;--fg:#1d1d1f;--bg:#fdfdfc;--muted:#5c5c66;--link:#0b57d0;--rule:#e2e2e6}
@media (prefers-color-scheme:dark){:root{--fg:#e8e8ea;--bg:#141417;--muted:#a2a2ad;--link:#8ab4f8;--rule:#2e2e35}}
*{box-sizing:border-box}
body{margin:0 auto;max-width:42rem;padding:1rem 1.25rem 3rem;font:1.0625rem/1.6 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg);overflow-wrap:break-word}
a{color:var(--link)}
h1,h2{line-height:1.25}
h1{font-size:1.75rem;margin:.5rem 0}
h2{font-size:1.25rem;margin:0 0 .25rem}
.site{display:flex;flex-wrap:wrap;gap:.25rem 1rem;align-items:baseline;border-bottom:1px solid var(--rule);padding-bottom:.5rem}
.site-name{font-weight:700;text-decoration:none;color:var(--fg);margin-right:auto}
.lead,.meta,.pages,.purpose{color:var(--muted)}
.meta{font-size:.9rem;margin:.25rem 0}
.list{list-style:none;padding:0}
.list>li{padding:1rem 0;border-bottom:1px solid var(--rule)}
.list p{margin:.25rem 0}
.tags{display:flex;flex-wrap:wrap;gap:.25rem .75rem;list-style:none;padding:0;margin:.25rem 0;font-size:.9rem}
.tags a::before{content:"#"}
.pages{display:flex;justify-content:space-between;gap:1rem;margin:1.5rem 0}
.featured{margin:1rem 0}
.featured img,.content img,.content video{max-width:100%;height:auto}
.content pre{overflow-x:auto;padding:.75rem;border:1px solid var(--rule)}
code{font-size:.9em}
dd{margin:0 0 1rem}
.feed-url{word-break:break-all}
.purpose{display:block;font-size:.9rem}
`.trim();
