// Runs a CommonJS bundle with a V8 code cache: a command's second run skips parsing and compiling
// Herald and its libraries (with the bundle, about 0.2 s of an edit build of 10,000 articles on a
// 2-core machine, in builds taken turn about with the modules of dist/). Node 22 does
// this itself (`module.enableCompileCache`); Node 20, which Herald supports, does not. Written by
// hand because the library that does it for Node (v8-compile-cache) makes the cache as the code is
// compiled, before it runs, so it holds only the code that runs as modules load; here the cache is
// made after the command did its work, so it holds every function the command compiled.
//
// The cache is code V8 runs without checking it, so it lives in a folder only this user can write:
// NODE_COMPILE_CACHE (Node's own setting) if set, else the user's cache folder ($XDG_CACHE_HOME or
// ~/.cache). NODE_DISABLE_COMPILE_CACHE=1 turns it off. A cache V8 rejects (another Node, other V8
// flags, a changed bundle) is only slower: it is made again.
import { createHash } from 'node:crypto';
import {
  closeSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { constants, Script } from 'node:vm';

/** A long-running command (serve) writes its cache this long after it started, not only at exit. */
const WRITE_AFTER_MS = 10_000;
/**
 * Making the cache data costs a run 10 ms or so at 10,000 articles, so a used cache is made again
 * only on the runs whose count is a power of two, up to this many: runs that take other paths
 * (a full build, then edits) add the functions they compiled, and after a few dozen runs the cache
 * holds what the command compiles and costs nothing more. The count is kept in the file's first bytes.
 */
const LAST_REMAKE = 64;
/** Bytes before V8's data: the number of runs that used this cache. */
const HEADER = 4;
/**
 * Caches kept per kind of run: one per bundle (each build of Herald, each copy installed), so several
 * projects on one machine keep theirs while the caches of old builds go.
 */
const KEEP_PER_KIND = 8;
/** A temporary file this old was left by a run that stopped while writing it. */
const STALE_TEMP_MS = 60 * 60 * 1000;

export interface CodeCacheOptions {
  /** The bundle: a CommonJS file. */
  file: string;
  /** Runs of different kinds (commands) compile different code, so each keeps its own cache. */
  kind: string;
  env?: NodeJS.ProcessEnv;
}

export type CacheOutcome = 'off' | 'none' | 'used' | 'rejected';

/**
 * Runs `file` as the main CommonJS module would run, with the cache of runs of the same kind. Returns
 * what happened to the cache (for tests and HERALD_DEBUG_COMPILE_CACHE).
 */
export function runWithCodeCache(options: CodeCacheOptions): CacheOutcome {
  const { file, kind } = options;
  const env = options.env ?? process.env;
  const source = readFileSync(file, 'utf8');
  const folder = env.NODE_DISABLE_COMPILE_CACHE ? undefined : cacheFolder(env);
  const prefix = `herald-${kind.replace(/[^a-z0-9-]/gi, '_')}-`;
  const cacheFile = folder && join(folder, `${prefix}${cacheKey(file)}.v8`);
  let cachedData: Buffer | undefined;
  let runs = 0;
  if (cacheFile) {
    try {
      const bytes = readFileSync(cacheFile);
      if (bytes.length > HEADER) {
        runs = bytes.readUInt32LE(0);
        cachedData = bytes.subarray(HEADER);
      }
    } catch {
      // none yet
    }
  }
  // The module wrapper Node itself uses, so the bundle sees exports, require, module and its paths.
  const script = new Script(wrap(source), {
    filename: file,
    ...(cachedData ? { cachedData } : {}),
    importModuleDynamically: constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
  const outcome: CacheOutcome = !cacheFile
    ? 'off'
    : !cachedData
      ? 'none'
      : script.cachedDataRejected
        ? 'rejected'
        : 'used';
  if (cacheFile) {
    const kept = outcome === 'used' ? (cachedData?.length ?? 0) : 0;
    const count = outcome === 'used' ? runs + 1 : 1;
    const remake = outcome !== 'used' || (count <= LAST_REMAKE && (count & (count - 1)) === 0);
    let written = false;
    const write = () => {
      if (written) return;
      written = true;
      try {
        const data = remake ? script.createCachedData() : undefined;
        if (!data || data.length < kept) {
          // Only the count changes: four bytes written in place.
          if (count <= LAST_REMAKE) countRun(cacheFile, count);
          return;
        }
        const header = Buffer.alloc(HEADER);
        header.writeUInt32LE(count, 0);
        const temp = `${cacheFile}.${process.pid}.tmp`;
        writeFileSync(temp, Buffer.concat([header, data]), { mode: 0o600 });
        renameSync(temp, cacheFile);
        if (outcome !== 'used') pruneCaches(folder as string, prefix);
      } catch {
        // A cache that cannot be written only makes the next run slower.
      }
    };
    process.once('exit', write);
    setTimeout(write, WRITE_AFTER_MS).unref();
  }
  const module = { exports: {}, filename: file, id: '.', loaded: false };
  const run = script.runInThisContext() as (...args: unknown[]) => void;
  run.call(module.exports, module.exports, createRequire(file), module, file, dirname(file));
  return outcome;
}

/**
 * Removes the caches of the bundles of this kind run least recently, beyond KEEP_PER_KIND, and
 * temporary files a run left behind. Each rebuilt or upgraded bundle gets a cache of its own, and
 * nothing else removes the old ones: a machine that had built Herald a hundred times kept 140 MB
 * of them.
 */
function pruneCaches(folder: string, prefix: string): void {
  const caches: { path: string; usedMs: number }[] = [];
  const now = Date.now();
  for (const name of readdirSync(folder)) {
    if (!name.startsWith(prefix)) continue;
    const path = join(folder, name);
    const info = lstatSync(path, { throwIfNoEntry: false });
    if (!info?.isFile()) continue;
    if (name.endsWith('.tmp')) {
      if (now - info.mtimeMs > STALE_TEMP_MS) rmSync(path, { force: true });
    } else if (name.endsWith('.v8')) {
      // A run that uses a cache writes its count into it: the time of the last write is the last use
      // that counted, close enough to choose which to keep.
      caches.push({ path, usedMs: info.mtimeMs });
    }
  }
  caches.sort((a, b) => b.usedMs - a.usedMs);
  for (const { path } of caches.slice(KEEP_PER_KIND)) rmSync(path, { force: true });
}

function countRun(file: string, count: number): void {
  const fd = openSync(file, 'r+');
  try {
    const header = Buffer.alloc(HEADER);
    header.writeUInt32LE(count, 0);
    writeSync(fd, header, 0, HEADER, 0);
  } finally {
    closeSync(fd);
  }
}

function wrap(source: string): string {
  // A #! line is not JavaScript inside a function.
  const body = source.startsWith('#!') ? `//${source.slice(2)}` : source;
  return `(function (exports, require, module, __filename, __dirname) { ${body}\n});`;
}

/**
 * The bundle as built (path, inode, size, time) and the Node that runs it: a rebuilt bundle or
 * another Node gets a cache of its own instead of one V8 would reject.
 */
function cacheKey(file: string): string {
  const info = statSync(file);
  return createHash('sha256')
    .update(
      [
        file,
        info.ino,
        info.size,
        info.mtimeMs,
        process.version,
        process.arch,
        process.execArgv.join(' '),
      ].join('\0'),
    )
    .digest('hex')
    .slice(0, 16);
}

/** The folder for caches, made if missing; undefined when it is not this user's alone. */
function cacheFolder(env: NodeJS.ProcessEnv): string | undefined {
  let folder = env.NODE_COMPILE_CACHE;
  if (!folder) {
    const home = homeOf(env);
    const base = env.XDG_CACHE_HOME || (home && join(home, '.cache'));
    if (!base) return undefined;
    folder = join(base, 'herald');
  }
  try {
    mkdirSync(folder, { recursive: true, mode: 0o700 });
    const info = lstatSync(folder);
    const uid = process.getuid?.();
    if (!info.isDirectory()) return undefined;
    if (uid !== undefined && info.uid !== uid) return undefined;
    // Group or others could write a cache this process would run.
    if ((info.mode & 0o022) !== 0) return undefined;
    return folder;
  } catch {
    return undefined;
  }
}

function homeOf(env: NodeJS.ProcessEnv): string | undefined {
  if (env.HOME) return env.HOME;
  try {
    return homedir();
  } catch {
    return undefined;
  }
}
