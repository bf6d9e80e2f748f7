import { fstatSync, writeSync } from 'node:fs';
import type { LogOutput } from '../http/request-log.ts';

/**
 * Where `herald serve` writes its request log: standard output. When that is a regular file
 * (`herald serve > log`), each batch's bytes go to it with synchronous writes straight from the
 * log's buffer, which is what process.stdout does for a file too, without the stream first copying
 * them. Both write the same bytes, in the order of the calls. Pipes and terminals keep
 * process.stdout, given a copy of each batch (the stream may still hold it when the log's buffer is
 * reused).
 */
export function requestLogOutput(): LogOutput {
  const fd = process.stdout.fd;
  let file = false;
  try {
    file = fstatSync(fd).isFile();
  } catch {
    // Whatever standard output is, process.stdout knows how to write to it.
  }
  if (!file) {
    return {
      write: (text) => process.stdout.write(text),
      writeBytes: (bytes) => process.stdout.write(Buffer.from(bytes)),
    };
  }
  return {
    write: (text) => writeSync(fd, text),
    writeBytes(bytes) {
      // A write to a regular file may take fewer bytes than given (a signal, a full disk).
      for (let at = 0; at < bytes.length; ) at += writeSync(fd, bytes, at, bytes.length - at);
    },
  };
}
