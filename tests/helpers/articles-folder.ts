// Temporary articles folders for tests that need real files.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TempFolder {
  dir: string;
  write(name: string, content: string | Uint8Array): Promise<void>;
  remove(): Promise<void>;
}

export async function makeTempFolder(prefix = 'herald-articles-'): Promise<TempFolder> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  return {
    dir,
    write: (name, content) => writeFile(join(dir, name), content),
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}

export const FIXTURE_ARTICLES = new URL('../fixtures/articles/', import.meta.url).pathname;
export const SHIPPED_ARTICLES = new URL('../../articles/', import.meta.url).pathname;
export const REPO_ROOT = new URL('../../', import.meta.url).pathname;
