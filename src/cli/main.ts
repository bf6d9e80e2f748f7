#!/usr/bin/env node
// herald <command> [options]: the command-line entry point. Exit codes: 0 ok (warnings allowed), 1 errors
// in articles (or warnings with --strict), 2 usage.
import { SettingsError } from '../config.ts';
import { UsageError } from './settings-from-args.ts';

const USAGE = `Usage: herald <command> [options]

Commands:
  serve                 Serve the site, feeds and pages on http://localhost:3000 (live-reloads articles)
  check                 Report every problem in the articles folder; exit 1 if there is an error
  new "Title"           Create articles/<today>-<slug>.md with its front matter filled in
  build --out DIR       Export the site as static files (for nginx, a CDN or any static host); into an
                        earlier export only what changed is written (--full: write everything);
                        --ping tells the external WebSub hub which feeds changed
  deploy s3://BUCKET/PREFIX
                        Upload the site to S3-compatible storage, only objects that changed
                        (--dry-run: list only; --changed-file FILE: the changed URLs, for CDN purges;
                        --ping: tell the external WebSub hub which feeds changed)
  readers [--json] LOG… Estimate each feed's subscribers from request logs (Herald's or nginx combined)

Options of check and build:
  --strict              Warnings fail too (exit 1), not only errors

Options (every command):
  --config FILE         Settings file (default: herald.config.json, if present)
  --articles DIR        Articles folder (env ARTICLES_DIR; default: articles)
  --site-url URL        Base of every absolute URL (env SITE_URL)
  --port N, --host H    Where serve listens (env PORT, HOST)
  --state-dir DIR       Where Herald keeps state between runs (env HERALD_STATE_DIR; default: .herald)
  -h, --help            Show this help`;

// Each command's modules are loaded only when it runs: `herald build` need not load Express or the
// AWS SDK (about 0.3 s of a one-second incremental build).
const commands: Record<string, (args: string[]) => Promise<number>> = {
  serve: async (args) => (await import('./serve.ts')).runServe(args),
  check: async (args) => (await import('./check.ts')).runCheck(args),
  new: async (args) => (await import('./new.ts')).runNew(args),
  build: async (args) => (await import('./build.ts')).runBuild(args),
  readers: async (args) => (await import('./readers.ts')).runReaders(args),
  deploy: async (args) => (await import('./deploy.ts')).runDeploy(args),
};

async function main(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  if (command === undefined || command === '-h' || command === '--help' || command === 'help') {
    console.log(USAGE);
    return command === undefined ? 2 : 0;
  }
  const run = commands[command];
  if (!run) {
    console.error(`herald: unknown command "${command}"\n\n${USAGE}`);
    return 2;
  }
  try {
    return await run(args);
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`herald ${command}: ${error.message}\n\n${USAGE}`);
      return 2;
    }
    if (error instanceof SettingsError) {
      console.error(`herald: invalid settings\n${error.message}`);
      return 2;
    }
    throw error;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code !== 0 || process.argv[2] !== 'serve') process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
