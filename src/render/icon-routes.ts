// The site's icon at the addresses browsers and feed readers ask for without being told.
import type { IconImage, Site } from '../model.ts';
import { APPLE_TOUCH_ICON_PATH, FAVICON_PATH } from '../site/paths.ts';
import type { Rendered } from './representation.ts';
import type { Route } from './route.ts';

export function iconRoutes(site: Site): Route[] {
  const image = site.settings.iconImage;
  if (!image) return [];
  // The settings are the input: a new icon means new settings and a new site.
  const inputs = {
    key: `icon ${image.kind} ${image.bytes.length} ${image.modified.getTime()}`,
    articles: [],
  };
  const routes: Route[] = [[FAVICON_PATH, () => favicon(image), inputs]];
  if (image.kind === 'png') {
    routes.push([
      APPLE_TOUCH_ICON_PATH,
      () => ({
        mediaType: 'image/png',
        body: image.bytes,
        lastModified: image.modified,
        compressible: false,
      }),
      inputs,
    ]);
  }
  return routes;
}

function favicon(image: IconImage): Rendered {
  const body = image.kind === 'ico' ? image.bytes : pngInIco(image.bytes);
  // A PNG inside is compressed already; an ICO of bitmaps gains from gzip.
  return {
    mediaType: 'image/x-icon',
    body,
    lastModified: image.modified,
    compressible: image.kind === 'ico',
  };
}

/**
 * An ICO file holding one PNG image, as Windows Vista introduced and every current browser and
 * feed reader reads: a 6-byte ICONDIR, one 16-byte ICONDIRENTRY, then the PNG as it is. Written by
 * hand: 22 bytes of header, where an image library would decode and re-encode the picture.
 */
export function pngInIco(png: Buffer): Buffer {
  // IHDR is the first chunk: width and height are big-endian at bytes 16 and 20.
  const width = png.readUInt32BE(16);
  const height = png.readUInt32BE(20);
  const header = Buffer.alloc(22);
  header.writeUInt16LE(0, 0); // reserved
  header.writeUInt16LE(1, 2); // type: icon
  header.writeUInt16LE(1, 4); // one image
  header.writeUInt8(width >= 256 ? 0 : width, 6); // 0 means 256 (or more)
  header.writeUInt8(height >= 256 ? 0 : height, 7);
  header.writeUInt8(0, 8); // no palette
  header.writeUInt8(0, 9); // reserved
  header.writeUInt16LE(1, 10); // colour planes
  header.writeUInt16LE(32, 12); // bits per pixel
  header.writeUInt32LE(png.length, 14);
  header.writeUInt32LE(22, 18); // the image follows the header
  return Buffer.concat([header, png]);
}
