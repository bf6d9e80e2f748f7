// Every memory Herald keeps for as long as the process runs is made here: bounded, named, and
// listed, so what a long-running server holds is written down in one place (and in the README,
// which a test keeps in step with this list). Per-request and per-build data lives with its code.

import { thousands } from './thousands.ts';

/** One long-lived memory: what it is called, what it holds, and what bounds it. */
export interface LongLived {
  name: string;
  holds: string;
  bound: string;
  /** How many entries it holds now (undefined for memories held weakly, which cannot be counted). */
  entries(): number | undefined;
}

const everyMemory: LongLived[] = [];

/** The long-lived memories of the modules loaded so far. */
export function longLived(): readonly LongLived[] {
  return everyMemory;
}

/**
 * Computed values by key, at most `limit` of them: when full, the oldest entry is dropped. For
 * results that are cheap to compute again but asked for thousands of times (slugs of tag names,
 * formatted dates, negotiated encodings).
 */
export class BoundedMemo<K, V> {
  readonly #values = new Map<K, V>();
  readonly limit: number;

  constructor(limit: number) {
    this.limit = limit;
  }

  get size(): number {
    return this.#values.size;
  }

  has(key: K): boolean {
    return this.#values.has(key);
  }

  get(key: K): V | undefined {
    return this.#values.get(key);
  }

  set(key: K, value: V): void {
    if (!this.#values.has(key) && this.#values.size >= this.limit) {
      this.#values.delete(this.#values.keys().next().value as K);
    }
    this.#values.set(key, value);
  }
}

/** A bounded memo, registered under `name`. */
export function memo<K, V>(name: string, holds: string, limit: number): BoundedMemo<K, V> {
  const memory = new BoundedMemo<K, V>(limit);
  everyMemory.push({
    name,
    holds,
    bound: `${thousands(limit)} entries`,
    entries: () => memory.size,
  });
  return memory;
}

/**
 * Data attached to objects (a scope's routes, an article's place on the site, a representation's
 * header lists), registered under `name`: held weakly, so it goes with the object it belongs to
 * and is bounded by what is alive.
 */
export function attached<K extends object, V>(name: string, holds: string): WeakMap<K, V> {
  everyMemory.push({ name, holds, bound: 'one per object alive', entries: () => undefined });
  return new WeakMap<K, V>();
}

/** One buffer reused by every read, grown to the largest size asked for. */
export class ScratchBuffer {
  #buffer: Buffer;

  constructor(initialBytes: number) {
    this.#buffer = Buffer.allocUnsafe(initialBytes);
  }

  get bytes(): number {
    return this.#buffer.length;
  }

  /** The buffer, at least `size` bytes long; its contents are whatever the last user left. */
  atLeast(size: number): Buffer {
    if (this.#buffer.length < size) {
      this.#buffer = Buffer.allocUnsafe(Math.max(size, this.#buffer.length * 2));
    }
    return this.#buffer;
  }
}

/** A scratch buffer, registered under `name`; bounded by the largest size its user allows. */
export function scratchBuffer(
  name: string,
  holds: string,
  bound: string,
  initialBytes: number,
): ScratchBuffer {
  const buffer = new ScratchBuffer(initialBytes);
  everyMemory.push({ name, holds, bound, entries: () => buffer.bytes });
  return buffer;
}
