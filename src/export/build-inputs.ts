// Everything outside Herald's code that an export's bytes are made of, as one digest: the entries
// of the articles folder (articles and media, by their file identity, not their bytes), the
// settings, the state files that decide ids and Last-Modified, and which Herald and Node render.
// Two builds whose inputs have the same digest, made before the next article falls due, write the
// same folder, so a build can tell it has nothing to do without reading or rendering anything.
import { createHash } from 'node:crypto';
import { type Dirent, lstatSync, readdirSync, realpathSync, type Stats, statSync } from 'node:fs';
import { join, sep } from 'node:path';
import { type FileStamp, stampOf } from '../entry-stamp.ts';
import type { SiteSettings } from '../model.ts';
import { rendererStamp } from './renderer-stamp.ts';

/**
 * State files that do not change what a build writes: the article cache (what each file held, read
 * again whenever its stamp differs), the rendered bodies (found by what they are made of) and the
 * hub's subscriptions. Every other file of the state folder counts, so a state file added later is
 * an input until said otherwise.
 */
const NOT_INPUTS = [/^article-cache\.json(\.journal)?$/, /^bodies\.sqlite/, /^hub\.sqlite/, /\.tmp$/];

/** In the state folder: the last build into each output folder (see up-to-date.ts); not an input. */
export const LAST_BUILDS_FILE = 'last-builds.json';

export interface InputsOptions {
  settings: SiteSettings;
  /** Anything else that changes the output (e.g. whether .gz/.br siblings are written). */
  variant: string;
}

export interface FolderInputs {
  /** The articles folder's entries, written out. */
  text: string;
  /** The latest modification or change time among them (ms): how recently the folder was written. */
  newestMs: number;
  /**
   * The stamp of each entry of the folder itself as listed: the article cache takes these instead of
   * examining every article file a second time (they were taken before anything was read, as it
   * requires).
   */
  stamps: Map<string, FileStamp>;
}

/**
 * The articles folder as a build sees it, written out entry by entry (path, type and identity:
 * device, inode, size, modification and change times), sorted, skipping what the readers skip:
 * hidden entries and editor backups. Folders are listed to any depth (deeper than the media reader
 * goes is only more cautious). A symlink counts with what it points at, so a change to its target
 * counts; a symlinked folder is not followed (the media reader does not follow one either).
 */
export function articlesFolderInputs(articlesDir: string): FolderInputs {
  const lines: string[] = [];
  const stamps = new Map<string, FileStamp>();
  let newestMs = 0;
  const note = (label: string, info: Stats): FileStamp => {
    const stamp = stampOf(info);
    lines.push(`${label}\t${info.mode}:${stamp}`);
    newestMs = Math.max(newestMs, info.mtimeMs, info.ctimeMs);
    return stamp;
  };
  const visit = (dir: string, prefix: string) => {
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      lines.push(`${prefix}\tunreadable`);
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    // Joined by hand: path.join normalized each of 10,000 paths again.
    const parent = dir.endsWith(sep) ? dir : `${dir}${sep}`;
    for (const entry of entries) {
      const { name } = entry;
      if (name.startsWith('.') || name.startsWith('#') || name.endsWith('~')) continue;
      const path = `${parent}${name}`;
      const label = `${prefix}${name}`;
      if (entry.isDirectory()) {
        visit(path, `${label}/`);
        continue;
      }
      const info = lstatSync(path, { throwIfNoEntry: false });
      if (!info) continue;
      const stamp = note(label, info);
      if (prefix === '') stamps.set(name, stamp);
      if (info.isSymbolicLink()) {
        const target = statSync(path, { throwIfNoEntry: false });
        let real = '';
        try {
          real = realpathSync(path);
        } catch {
          // broken: counted as such
        }
        if (target) note(`${label} -> ${real}`, target);
        else lines.push(`${label} -> broken`);
      }
    }
  };
  visit(articlesDir, '');
  return { text: lines.join('\n'), newestMs, stamps };
}

/** The state folder's files that are inputs (see NOT_INPUTS), written out like the articles'. */
export function stateFolderInputs(stateDir: string): string {
  let names: string[];
  try {
    names = readdirSync(stateDir).sort();
  } catch {
    return 'none';
  }
  const lines: string[] = [];
  for (const name of names) {
    if (name === LAST_BUILDS_FILE || NOT_INPUTS.some((pattern) => pattern.test(name))) continue;
    const info = lstatSync(join(stateDir, name), { throwIfNoEntry: false });
    if (info) lines.push(`${name}\t${info.dev}:${info.ino}:${info.size}:${info.mtimeMs}:${info.ctimeMs}`);
  }
  return lines.join('\n');
}

/** The digest of a build's inputs: the articles folder as listed before reading it, the state after. */
export function inputsDigest(options: InputsOptions, articles: FolderInputs, state: string): string {
  return createHash('sha256')
    .update(
      JSON.stringify([
        rendererStamp(),
        process.version,
        options.variant,
        options.settings,
        articles.text,
        state,
      ]),
    )
    .digest('base64url');
}
