// Every file of a folder with its bytes and mtime, to prove a folder was left exactly as it was.
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';

export async function folderDigest(root: string): Promise<Map<string, string>> {
  const result = new Map<string, string>();
  const walk = async (dir: string, prefix: string) => {
    for (const entry of (await readdir(dir, { withFileTypes: true })).sort((a, b) =>
      a.name.localeCompare(b.name),
    )) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) await walk(path, `${prefix}${entry.name}/`);
      else {
        const [bytes, info] = await Promise.all([readFile(path), stat(path)]);
        result.set(`${prefix}${entry.name}`, `${bytes.toString('base64')}@${info.mtimeMs}`);
      }
    }
  };
  await walk(root, '');
  return result;
}
