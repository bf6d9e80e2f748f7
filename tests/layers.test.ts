// Data flows one way: the consumers of the rendered site (http/, export/) never reach upstream of the
// publishing layer into the articles (content/) or the site model (site/).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from './helpers/articles-dir.ts';

function importsOf(folder: string): [file: string, imported: string][] {
  const dir = join(REPO_ROOT, 'src', folder);
  return readdirSync(dir)
    .filter((name) => name.endsWith('.ts'))
    .flatMap((name) =>
      [...readFileSync(join(dir, name), 'utf8').matchAll(/from '([^']+)'/g)].map(
        (match): [string, string] => [`src/${folder}/${name}`, match[1] as string],
      ),
    );
}

describe.each(['http', 'export'])('src/%s/', (folder) => {
  it('imports nothing from content/ or site/', () => {
    const upstream = importsOf(folder).filter(([, imported]) => /^\.\.\/(content|site)\//.test(imported));
    expect(upstream).toEqual([]);
  });
});
