import { fstatSync, writeSync } from 'node:fs';
import type { LogOutput } from '../http/request-log.ts';

/**
 * Where `herald serve` writes its request log: standard output. When that is a regular file
 * (`herald serve > log`), each batch goes to it with one synchronous write of the string, which is
 * what process.stdout does for a file too, without the stream first making a Buffer of the batch
 * (a pass over it for its UTF-8 length, then the copy: about 460 of the 2,600 instructions a
 * logged request cost there, valgrind). Both write the same bytes, in the order of the calls.
 * Pipes and terminals keep process.stdout.
 */
export function requestLogOutput(): LogOutput {
  const fd = process.stdout.fd;
  let file = false;
  try {
    file = fstatSync(fd).isFile();
  } catch {
    // Whatever standard output is, process.stdout knows how to write to it.
  }
  return file ? { write: (text) => writeSync(fd, text) } : process.stdout;
}
