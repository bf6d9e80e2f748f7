// Python's feedparser (Debian's python3-feedparser, run by /usr/bin/python3, not a pyenv python on
// PATH), the parser behind many feed readers and services: what it reads is what they show.
import { spawn } from 'node:child_process';

export const SYSTEM_PYTHON = '/usr/bin/python3';

export interface PythonFeedEntry {
  title: string;
  link: string;
  enclosures: { href: string; length?: string; type?: string }[];
  media_content: { url: string; medium?: string; type?: string; filesize?: string; duration?: string }[];
  media_thumbnail: { url: string }[];
}

export interface PythonFeed {
  bozo: boolean;
  bozo_exception?: string;
  version: string;
  feed: { title: string; image?: { href?: string; url?: string }; icon?: string; logo?: string };
  entries: PythonFeedEntry[];
}

const SCRIPT = `
import json, sys, feedparser
d = feedparser.parse(sys.stdin.buffer.read())
def clean(value):
    if isinstance(value, dict):
        return {k: clean(v) for k, v in value.items()}
    if isinstance(value, list):
        return [clean(v) for v in value]
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return str(value)
print(json.dumps({
    'bozo': bool(d.bozo),
    'bozo_exception': str(d.get('bozo_exception')) if d.bozo else None,
    'version': d.version,
    'feed': clean(dict(d.feed)),
    'entries': [clean({
        'title': e.get('title'), 'link': e.get('link'),
        'enclosures': e.get('enclosures', []),
        'media_content': e.get('media_content', []),
        'media_thumbnail': e.get('media_thumbnail', []),
    }) for e in d.entries],
}))
`;

/** Parses an RSS or Atom document with Python's feedparser. */
export function parseWithPythonFeedparser(xml: string | Buffer): Promise<PythonFeed> {
  return new Promise((resolve, reject) => {
    const child = spawn(SYSTEM_PYTHON, ['-c', SCRIPT], { stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`feedparser exited ${code}: ${Buffer.concat(err).toString()}`));
      else resolve(JSON.parse(Buffer.concat(out).toString()) as PythonFeed);
    });
    child.stdin.end(xml);
  });
}
