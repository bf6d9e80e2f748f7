import { writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { format } from 'date-fns/format';
import { stringify } from 'yaml';
import { zonedDate } from '../content/dates.ts';
import { slugify } from '../content/slug.ts';
import { tagUri } from '../content/tag-uri.ts';
import { parseCommand, UsageError } from './settings-from-args.ts';

/**
 * `herald new "Title"`: creates `articles/<today>-<slug>.md` as a draft. The id is written into the
 * front matter once and for all, so later changes to the title, slug or domain never change it.
 * Refuses to overwrite an existing file.
 */
export async function runNew(args: string[]): Promise<number> {
  const { settings, positionals } = parseCommand(args, {});
  const title = positionals.join(' ').trim();
  if (title === '') throw new UsageError('give the title, e.g. herald new "Leica and Xiaomi"');
  const now = zonedDate(settings.timeZone, Date.now());
  const day = format(now, 'yyyy-MM-dd');
  const slug = slugify(title);
  const path = join(settings.articlesDir, `${day}-${slug}.md`);
  const frontMatter = stringify({
    title,
    date: format(now, "yyyy-MM-dd'T'HH:mm:ssxxx"),
    author: settings.author.name,
    tags: [],
    id: tagUri(settings.idAuthority, day, slug),
    draft: true,
  });
  const text = `---\n${frontMatter}---\n\nWrite the article here in Markdown. Remove \`draft: true\` to publish it.\n`;
  try {
    await writeFile(path, text, { flag: 'wx' });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') {
      console.error(`herald new: ${relative(process.cwd(), path)} already exists; choose another title`);
      return 1;
    }
    if (code === 'ENOENT') {
      console.error(`herald new: the articles folder ${settings.articlesDir} does not exist`);
      return 1;
    }
    throw error;
  }
  console.log(`Created ${relative(process.cwd(), path)} (a draft: remove "draft: true" to publish)`);
  return 0;
}
