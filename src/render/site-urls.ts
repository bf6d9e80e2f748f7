// The URL conventions of the site that the consumers of the rendered site (the export recipes, the
// export summary) need. They reach them here, through the rendering layer, never the site model.
export { absoluteUrl, FEED_ARCHIVE_PREFIX, isFeedArchivePath, NOT_FOUND_PATH } from '../site/paths.ts';
