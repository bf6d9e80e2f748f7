// Runs in a worker thread: reads the articles folder as the main thread did (from the article cache
// the main thread has just written, at the same instant), then renders and writes the ranges of
// paths the main thread hands it. See render-threads.ts.
import { parentPort, workerData } from 'node:worker_threads';
// This thread is an entry point, as the command is: it opens the article cache exactly as the
// command does.
import { openArticleCache } from '../cli/publish-once.ts';
import type { SiteSettings } from '../model.ts';
import { Publisher } from '../publish/publisher.ts';
import { addRenderedBodies, shareRenderedBodies, takeRenderedBodies } from '../publish/rendered-bodies.ts';
import { type ExportedPath, exportPath, siteDigest } from './export-path.ts';
import { failureText } from './write-siblings.ts';

export interface RenderThreadData {
  settings: SiteSettings;
  /** The clock of the site the main thread published, in ms. */
  now: number;
  temp: string;
  compress: boolean;
}

/**
 * Main thread → render thread: render paths[start] up to (not including) paths[end]; or bodies
 * another thread rendered.
 */
export type RenderThreadJob =
  | { kind: 'range'; start: number; end: number }
  | { kind: 'bodies'; bodies: [string, string][] };

/** With each range done, the bodies rendered for it, for the other threads. */
export type RenderThreadReply =
  | { kind: 'ready'; digest: string }
  | { kind: 'done'; start: number; results: ExportedPath[]; bodies: [string, string][] }
  | { kind: 'error'; error: string };

const port = parentPort;
if (port) {
  const data = workerData as RenderThreadData;
  const settings = restoreBuffers(data.settings);
  try {
    shareRenderedBodies();
    // The main thread writes the caches; threads of one process would share its temporary file.
    const articleCache = await openArticleCache(settings, { readOnly: true });
    articleCache.save = () => Promise.resolve();
    const publication = await Publisher.start({
      settings,
      renderNow: true,
      articleCache,
      now: () => new Date(data.now),
      log: () => {},
    });
    await publication.close();
    const rendered = publication.rendered;
    const paths = rendered.paths();
    // Ranges one after another, as they came: a streamed media file is copied asynchronously.
    let ranges = Promise.resolve();
    const exportRange = async (job: { start: number; end: number }) => {
      try {
        const results: ExportedPath[] = [];
        for (const path of paths.slice(job.start, job.end)) {
          results.push(await exportPath(rendered, path, data.temp, data.compress));
        }
        const bodies = takeRenderedBodies();
        port.postMessage({ kind: 'done', start: job.start, results, bodies } satisfies RenderThreadReply);
      } catch (error) {
        port.postMessage({ kind: 'error', error: failureText(error) } satisfies RenderThreadReply);
      }
    };
    port.on('message', (job: RenderThreadJob) => {
      if (job.kind === 'bodies') addRenderedBodies(job.bodies);
      else ranges = ranges.then(() => exportRange(job));
    });
    port.postMessage({ kind: 'ready', digest: siteDigest(rendered, paths) } satisfies RenderThreadReply);
  } catch (error) {
    port.postMessage({ kind: 'error', error: failureText(error) } satisfies RenderThreadReply);
  }
}

/** Settings cross threads as structured clones, in which a Buffer arrives as a plain Uint8Array. */
function restoreBuffers(settings: SiteSettings): SiteSettings {
  const icon = settings.iconImage;
  if (!icon) return settings;
  const bytes = Buffer.from(icon.bytes.buffer, icon.bytes.byteOffset, icon.bytes.byteLength);
  return { ...settings, iconImage: { ...icon, bytes } };
}
