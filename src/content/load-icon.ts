// The site's icon when the `icon` setting names an image file in the project: read once, when the
// settings are read, like the config file itself. It is part of the settings, not of the articles.
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { resolve } from 'node:path';
import type { IconImage } from '../model.ts';

/** An icon is small: browsers ask for 16–180 px, feeds for at most 512 px. */
export const MAX_ICON_BYTES = 1024 * 1024;

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Reads the icon file, or throws an Error whose message says what is wrong and what to give. */
export function loadIcon(path: string, cwd: string): IconImage {
  const file = resolve(cwd, path);
  const kind = /\.png$/i.test(file) ? 'png' : /\.ico$/i.test(file) ? 'ico' : undefined;
  if (kind === undefined) {
    throw new Error(`"${path}" must be a .png or .ico file in the project, or an absolute http(s) URL`);
  }
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    throw new Error(`"${path}" cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  try {
    const info = fstatSync(fd);
    if (!info.isFile()) throw new Error(`"${path}" is not a regular file`);
    if (info.size > MAX_ICON_BYTES) {
      throw new Error(`"${path}" is ${info.size} bytes; an icon may have at most ${MAX_ICON_BYTES}`);
    }
    const bytes = Buffer.alloc(info.size);
    let read = 0;
    while (read < bytes.length) {
      const n = readSync(fd, bytes, read, bytes.length - read, read);
      if (n === 0) break;
      read += n;
    }
    const body = bytes.subarray(0, read);
    if (kind === 'png' && !(body.length >= 24 && body.subarray(0, 8).equals(PNG_SIGNATURE))) {
      throw new Error(`"${path}" is not a PNG image`);
    }
    if (kind === 'ico' && !(body.length >= 6 && body.readUInt16LE(0) === 0 && body.readUInt16LE(2) === 1)) {
      throw new Error(`"${path}" is not an ICO image`);
    }
    return { kind, bytes: body, modified: info.mtime };
  } finally {
    closeSync(fd);
  }
}
