// One file of the export and, when asked, its .gz and .br siblings, compressed with the very function
// the server uses, so the bytes are exactly what `herald serve` sends.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Encoding } from '../model.ts';
import { compress } from '../render/representation.ts';
import { writeFileWithTime } from './write-file.ts';

export const SIBLINGS: readonly (readonly [Exclude<Encoding, 'identity'>, string])[] = [
  ['gzip', '.gz'],
  ['br', '.br'],
];

/** Bytes and files written. */
export interface Written {
  bytes: number;
  files: number;
}

export function writeWithSiblings(
  target: string,
  body: Buffer,
  lastModified: Date,
  siblings: boolean,
): Written {
  // Recursive mkdir is safe when two threads make the same folder at once.
  mkdirSync(dirname(target), { recursive: true });
  writeFileWithTime(target, body, lastModified);
  if (!siblings) return { bytes: body.length, files: 1 };
  let bytes = body.length;
  for (const [encoding, suffix] of SIBLINGS) {
    const encoded = compress(body, encoding);
    writeFileWithTime(`${target}${suffix}`, encoded, lastModified);
    bytes += encoded.length;
  }
  return { bytes, files: 1 + SIBLINGS.length };
}

/**
 * An I/O error (a full disk, a folder removed underneath) is the operator's to fix and says enough in
 * its message; only a bug needs the stack.
 */
export function failureText(error: unknown): string {
  const expected = typeof (error as NodeJS.ErrnoException).code === 'string';
  return expected ? (error as Error).message : ((error as Error).stack ?? String(error));
}
