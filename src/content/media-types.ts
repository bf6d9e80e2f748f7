// The media files Herald publishes, by extension. Anything else in the articles folder is never
// published: an unknown type could be anything (a script, a private note), and a host would guess.

/** Extension (lower case, no dot) → media type. */
export const MEDIA_TYPES: Readonly<Record<string, string>> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  avif: 'image/avif',
  svg: 'image/svg+xml',
  ico: 'image/x-icon',
  mp3: 'audio/mpeg',
  m4a: 'audio/mp4',
  ogg: 'audio/ogg',
  oga: 'audio/ogg',
  opus: 'audio/ogg',
  wav: 'audio/wav',
  flac: 'audio/flac',
  mp4: 'video/mp4',
  m4v: 'video/mp4',
  webm: 'video/webm',
  pdf: 'application/pdf',
};

/** The media type of a file name, or undefined when Herald does not publish that kind of file. */
export function mediaTypeOf(name: string): string | undefined {
  const dot = name.lastIndexOf('.');
  if (dot <= 0 || dot < name.lastIndexOf('/')) return undefined;
  return MEDIA_TYPES[name.slice(dot + 1).toLowerCase()];
}

/** Whether bytes of this type gain from gzip/brotli: images, audio and video are compressed already. */
export function isCompressible(mediaType: string): boolean {
  return mediaType === 'image/svg+xml' || mediaType === 'image/x-icon';
}
