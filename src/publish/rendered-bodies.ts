// The article bodies an export's render threads share, so that each body is rendered once although
// every thread reads the articles itself (see export/render-threads.ts). The bodies belong to the
// articles (content/); the export reaches them, as it reaches the articles, through this layer.
export {
  addRenderedBodies,
  shareRenderedBodies,
  stopSharingBodies,
  takeRenderedBodies,
} from '../content/render-body.ts';
