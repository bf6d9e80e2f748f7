// The Debian packages the tests run for real (browser, web server, XSLT, feed readers, fonts).
// This list is the one place to name a new one: `npm test` installs what is missing before any test
// runs (see ensure-system-packages.ts), and `.ci/run` calls the same step.

export interface SystemPackage {
  /** The Debian/Ubuntu package name, as `apt-get install` takes it. */
  name: string;
  /** The package counts as installed when any of these files exists. */
  provides: readonly string[];
  /** What uses it, for whoever reads a failure. */
  usedBy: string;
}

export const SYSTEM_PACKAGES: readonly SystemPackage[] = [
  {
    name: 'chromium',
    provides: ['/usr/bin/chromium'],
    usedBy: 'browser tests (tests/helpers/headless-chromium.ts)',
  },
  {
    name: 'fonts-dejavu-core',
    provides: ['/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf'],
    usedBy: 'browser tests: a font for Chromium to lay pages out with',
  },
  // On Debian 12 `nginx-light` depends on `nginx`, which holds the binary.
  {
    name: 'nginx-light',
    provides: ['/usr/sbin/nginx'],
    usedBy: 'serving a static export with a real nginx (tests/helpers/nginx.ts)',
  },
  {
    name: 'firefox-esr',
    provides: ['/usr/bin/firefox-esr'],
    usedBy: 'browser tests in Firefox (tests/helpers/headless-firefox.ts)',
  },
  // WebKitWebDriver; it depends on libwebkit2gtk-4.1-0, which holds the MiniBrowser it drives.
  {
    name: 'webkit2gtk-driver',
    provides: ['/usr/bin/WebKitWebDriver'],
    usedBy: 'browser tests in WebKit (tests/helpers/headless-webkit.ts)',
  },
  {
    name: 'xvfb',
    provides: ['/usr/bin/Xvfb'],
    usedBy: "browser tests in WebKit: a virtual display (WebKitGTK's MiniBrowser has no headless mode)",
  },
  { name: 'xsltproc', provides: ['/usr/bin/xsltproc'], usedBy: 'the feed stylesheet tests' },
  { name: 'newsboat', provides: ['/usr/bin/newsboat'], usedBy: 'reading feeds with a real feed reader' },
  {
    name: 'python3-feedparser',
    provides: ['/usr/lib/python3/dist-packages/feedparser/__init__.py'],
    usedBy: "reading feeds with Python's feedparser (run by /usr/bin/python3)",
  },
];
