import { formatProblem } from '../content/problem-line.ts';
import { warmUpRenderer } from '../content/render-body.ts';
import type { startServer } from '../http/server.ts';
import { stampArticleFiles } from '../publish/early-stamps.ts';
import { requestLogOutput } from './request-log-output.ts';
import { parseCommand } from './settings-from-args.ts';

/** `herald serve`: serves the site and keeps it up to date until SIGTERM or SIGINT. */
export async function runServe(args: string[]): Promise<number> {
  const { settings, values } = parseCommand(args, { quiet: { type: 'boolean' } });
  const log = (line: string) => console.log(line);
  // The first feed waits for its newest bodies: the render thread starts now, while the folder is read.
  warmUpRenderer();
  // The article files are stamped now too, on another thread, while this one loads the server's
  // modules (imported here, once both threads are on their way).
  const stamped = stampArticleFiles(settings.articlesDir);
  const [{ startServer: start }, { openArticleCache }] = await Promise.all([
    import('../http/server.ts'),
    import('./publish-once.ts'),
  ]);
  let running: Awaited<ReturnType<typeof startServer>>;
  try {
    const stamps = await stamped;
    // --quiet silences request lines only: problems and failed updates are always said.
    running = await start({
      settings,
      watch: true,
      log,
      requestLog: requestLogOutput(),
      logRequests: values.quiet !== true,
      articleCache: await openArticleCache(settings, stamps ? { stamps } : {}),
    });
    // Those of files gone before the folder was read were not used: a file of the same name made
    // later must be examined afresh, not taken for the one stamped at start-up.
    stamps?.clear();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE' || code === 'EACCES') {
      const why = code === 'EADDRINUSE' ? 'is already in use' : 'needs more privileges';
      console.error(
        `herald serve: port ${settings.port} on ${settings.host} ${why}; stop the other server or pick another port with --port or PORT`,
      );
      return 1;
    }
    if (code === 'ENOENT' && (error as NodeJS.ErrnoException).path === settings.articlesDir) {
      console.error(
        `herald serve: the articles folder ${settings.articlesDir} does not exist; create it or point --articles or ARTICLES_DIR at it`,
      );
      return 1;
    }
    throw error;
  }
  const shutdown = (signal: string) => {
    console.log(`Received ${signal}, closing…`);
    const force = setTimeout(() => process.exit(0), 5000);
    force.unref();
    running.close().then(() => process.exit(0));
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
  // A closed terminal or a process manager's "reload" must not take the site down: settings are
  // read once at start-up, and the articles folder is watched anyway.
  process.on('SIGHUP', () => {
    console.log(
      'Received SIGHUP: still serving (articles are reloaded as they change; restart to apply new settings)',
    );
  });
  // Said only once the signals are handled: whoever reads the address may signal at once, and a
  // SIGHUP before its handler would end the process (its default action).
  // In one write: line by line, 10,000 problems kept the first requests waiting for 0.1 s.
  const problems = running.live.problems;
  if (problems.length > 0) console.error(problems.map(formatProblem).join('\n'));
  const count = running.live.rendered.site.site.articles.length;
  console.log(
    `Herald is serving ${count} article${count === 1 ? '' : 's'} on ${running.url}/ (Ctrl+C to stop)`,
  );
  console.log(`Feeds: ${running.url}/feed.xml  ${running.url}/atom.xml  ${running.url}/feed.json`);
  return 0;
}
