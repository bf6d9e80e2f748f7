import { formatProblem } from '../content/problem-line.ts';
import { checkExportEarly, readManifestEarly } from '../export/early-export-check.ts';
import { listInputsEarly } from '../export/early-inputs.ts';
import { checkOutputFolder, cleanStaleBuilds, OutputFolderError } from '../export/output-folder.ts';
import { recordBuild, upToDate } from '../export/up-to-date.ts';
import { thousands } from '../thousands.ts';
import { problemSummary, problemsFail } from './problem-summary.ts';
import { parseCommand, UsageError } from './settings-from-args.ts';

/** Sites with more files than this show progress even when stderr is not a terminal (CI logs). */
const PROGRESS_ABOVE_FILES = 1000;

/**
 * `herald build --out DIR [--no-compress] [--full] [--strict] [--render-threads]`: the static export. Into a folder that
 * holds an earlier export (same compression), only what changed is written; `--full` or a first build
 * writes a whole new folder and swaps it in. Problems are printed exactly as `herald check` prints
 * them; the site is still written with the good articles, and the exit code is 1 when there is an
 * error (with `--strict`, any problem) so CI notices, as with `check`. 2 for usage errors, including
 * an unsafe output folder.
 */
export async function runBuild(args: string[]): Promise<number> {
  const started = performance.now();
  const { settings, values, positionals } = parseCommand(args, {
    out: { type: 'string' },
    'no-compress': { type: 'boolean' },
    strict: { type: 'boolean' },
    ping: { type: 'boolean' },
    full: { type: 'boolean' },
    'render-threads': { type: 'boolean' },
  });
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
  if (typeof values.out !== 'string' || values.out === '') {
    throw new UsageError('give the output folder, e.g. herald build --out _site');
  }
  // Herald's own hub runs only inside `herald serve`: a static host has no /websub, so the export
  // advertises a hub only when an external one is set.
  const exported = settings.hub.mode === 'own' ? { ...settings, hub: { mode: 'off' as const } } : settings;
  if (values.ping === true && exported.hub.mode !== 'external')
    throw new UsageError(
      '--ping needs an external hub: set "hub" (or HERALD_HUB) to the URL of a WebSub hub',
    );
  // Listed before anything is read: a file written while the build reads it makes the next build work.
  const startedAt = Date.now();
  // Listed on another thread from the start, while this one loads the modules a build with work
  // needs and reads the article cache (which reads no article file before the listing is there). An
  // edit's build at 10,000 articles gains 50 ms or so; a build with nothing to do, which needs
  // neither, takes 0.41 s instead of 0.33 s: it waits for the thread, which starts from nothing.
  const listing = listInputsEarly(exported.articlesDir);
  let folder: Awaited<ReturnType<typeof checkOutputFolder>>;
  try {
    folder = await checkOutputFolder(values.out, {
      articlesDir: settings.articlesDir,
      projectRoot: process.cwd(),
    });
  } catch (error) {
    if (error instanceof OutputFolderError) throw new UsageError(`--out ${error.message}`);
    throw error;
  }

  const compress = values['no-compress'] !== true;
  const where = { out: folder.out, settings: exported, variant: compress ? 'compressed' : 'identity' };
  await cleanStaleBuilds(folder);
  // The export's manifest, read now: this thread would otherwise wait for the listing.
  const manifestRead = values.full === true ? undefined : readManifestEarly(folder.out);
  // Loaded only when there is work to do or about to be: reading, rendering and writing are most of
  // Herald's modules. The whole export and the hub pings are loaded only when used (6 and 4 ms an
  // edit would not need).
  const loading = Promise.all([
    import('../export/plan-update.ts'),
    import('../export/update-export.ts'),
    import('./publish-once.ts'),
    values.ping === true ? import('../push/ping-exported-feeds.ts') : undefined,
  ]);
  const articleCache = loading.then(([, , { openArticleCache }]) =>
    openArticleCache(exported, {
      fresh: values.full === true,
      stamps: listing.then((listed) => listed.stamps),
    }),
  );
  // Awaited below unless the build has nothing to do.
  articleCache.catch(() => {});
  const inputs = await listing;
  if (values.full !== true && values.ping !== true) {
    const last = await upToDate({ ...where, now: new Date(), articles: inputs });
    if (last) {
      const lines = last.problems.map((problem) => `${formatProblem(problem)}\n`).join('');
      if (lines) process.stderr.write(lines);
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      console.log(`updated 0 files, removed 0, unchanged ${thousands(last.urls)} in ${seconds} s`);
      const fails = problemsFail(last.problems, values.strict === true);
      console.log(problemSummary(last.articles, last.problems) + (fails ? ': fix them and build again' : ''));
      return fails ? 1 : 0;
    }
  }
  // The export's manifest is read, and its files checked, on another thread while this one reads.
  const checked = values.full === true ? undefined : checkExportEarly(folder.out, manifestRead);
  // Even an edit renders a body (most come from the state folder): the render thread is started
  // now, so it loads the Markdown libraries on the other core while this one reads, and the first
  // body does not wait for it.
  const { shareRenderedBodies, warmUpRenderer } = await import('../content/render-body.ts');
  warmUpRenderer();
  const [{ describeKinds }, { updateExport }, { publishOnce }, ping] = await loading;
  const publishedAt = new Date();
  // Bodies rendered while reading (files not in the article cache) are kept for the render threads
  // of a full export, which would otherwise render them again.
  shareRenderedBodies();
  // The same publishing layer as `herald serve`, read once: the export is what the server would serve.
  const { rendered, problems } = await publishOnce(exported, { articleCache });
  const before = ping && (await ping.readPublishedFeeds(values.out, rendered));
  for (const problem of problems) console.error(formatProblem(problem));

  const onDisk = await checked?.();
  const previous = onDisk?.manifest;
  const count = rendered.site.site.articles.length;
  if (onDisk && previous && previous.compress === compress) {
    let summary: Awaited<ReturnType<typeof updateExport>>;
    try {
      summary = await updateExport({
        settings: exported,
        rendered,
        out: folder.out,
        previous,
        compress,
        stillPublished: onDisk.stillPublished,
        ...(onDisk.marker === undefined ? {} : { marker: onDisk.marker }),
      });
    } catch (error) {
      console.error(
        `herald build: failed, ${values.out} still serves (run herald build again to complete it): ${(error as Error).message}`,
      );
      return 1;
    }
    const { plan } = summary;
    const updated = [...plan.added, ...plan.changed];
    const kinds = describeKinds(updated, plan.next);
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.log(
      `updated ${thousands(updated.length)} file${updated.length === 1 ? '' : 's'}${kinds ? ` (${kinds})` : ''}, removed ${thousands(plan.removed.length)}, unchanged ${thousands(plan.unchanged.length)} in ${seconds} s`,
    );
  } else {
    const total = rendered.paths().length * (compress ? 3 : 1);
    const showProgress = process.stderr.isTTY || total > PROGRESS_ABOVE_FILES;
    const every = Math.max(100, Math.ceil(total / 10 / 100) * 100);
    let shown = 0;
    const { exportSite } = await import('../export/export-site.ts');
    let summary: Awaited<ReturnType<typeof exportSite>>;
    try {
      summary = await exportSite({
        settings: exported,
        rendered,
        folder,
        compress,
        // Render threads read the site again as published here, so rendering uses every core. Asked
        // for: each holds its own copy of the site and its bodies (hundreds of megabytes more at
        // 10,000 articles), and it has not been shown to be faster than rendering on the main thread
        // while the other cores write.
        ...(values['render-threads'] ? { source: { settings: exported, now: publishedAt } } : {}),
        onProgress: (done, all) => {
          if (!showProgress || (done - shown < every && done !== all)) return;
          shown = done;
          console.error(`herald build: ${done}/${all} files`);
        },
      });
    } catch (error) {
      console.error(`herald build: failed, ${values.out} is unchanged: ${(error as Error).message}`);
      return 1;
    }
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    const megabytes = (summary.bytes / 1e6).toFixed(1);
    console.log(
      `Exported ${count} article${count === 1 ? '' : 's'} as ${summary.urls} URLs: ${summary.files} files, ${megabytes} MB, to ${values.out} in ${seconds} s`,
    );
  }
  await recordBuild({
    ...where,
    articles: inputs,
    startedAt,
    ...(rendered.site.nextDueAt ? { nextDueAt: rendered.site.nextDueAt } : {}),
    urls: rendered.paths().length,
    published: count,
    problems,
  }).catch((error: unknown) =>
    // The export is done; only the shortcut for the next build is lost.
    console.error(
      `herald build: could not record this build in the state folder, so the next build with no change does the work again: ${(error as Error).message}`,
    ),
  );
  const fails = problemsFail(problems, values.strict === true);
  console.log(problemSummary(count, problems) + (fails ? ': fix them and build again' : ''));
  if (ping && before && exported.hub.mode === 'external') {
    const urls = ping.changedFeedUrls(exported, rendered, before);
    await ping.pingHub(exported.hub.url, urls, (line) => console.error(line));
    console.log(`Told ${exported.hub.url} about ${urls.length} changed feed${urls.length === 1 ? '' : 's'}`);
  }
  return fails ? 1 : 0;
}
