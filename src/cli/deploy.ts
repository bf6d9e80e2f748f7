import { writeFile } from 'node:fs/promises';
import { formatProblem } from '../content/problem-line.ts';
import { warmUpRenderer } from '../content/render-body.ts';
import { BUCKET_MANIFEST, deploySite, readTargetManifest } from '../export/deploy-site.ts';
import { describeKinds } from '../export/plan-update.ts';
import { createS3Client, customEndpoint, parseS3Target, S3TargetError } from '../export/s3-target.ts';
import { changedTopicUrls } from '../push/feed-topics.ts';
import { pingHub } from '../push/ping-exported-feeds.ts';
import { absoluteUrl } from '../site/paths.ts';
import { thousands } from '../thousands.ts';
import { problemSummary, problemsFail } from './problem-summary.ts';
import { publishOnce } from './publish-once.ts';
import { parseCommand, UsageError } from './settings-from-args.ts';

/** Deploys of more objects than this show progress even when stderr is not a terminal (CI logs). */
const PROGRESS_ABOVE_OBJECTS = 1000;

/** Changed URLs printed on the terminal; `--changed-file` always gets all of them. */
const PRINT_AT_MOST = 100;

/**
 * `herald deploy s3://bucket/prefix [--dry-run] [--changed-file FILE] [--ping]`: publishes the site to
 * an S3-compatible bucket, uploading only objects whose bytes differ from the bucket's manifest, then
 * (`--ping`) tells the external hub about the subscription feeds among them.
 * Exit codes: 0 done, 1 content problems or a storage error (one line), 2 usage.
 */
export async function runDeploy(args: string[]): Promise<number> {
  const started = performance.now();
  const { settings, values, positionals } = parseCommand(args, {
    'dry-run': { type: 'boolean' },
    'changed-file': { type: 'string' },
    ping: { type: 'boolean' },
  });
  if (positionals.length !== 1) {
    throw new UsageError('give one target, e.g. herald deploy s3://my-bucket/site');
  }
  let target: ReturnType<typeof parseS3Target>;
  try {
    target = parseS3Target(positionals[0] as string);
  } catch (error) {
    if (error instanceof S3TargetError) throw new UsageError(error.message);
    throw error;
  }
  const dryRun = values['dry-run'] === true;
  // As for the export: Herald's own hub runs only inside `herald serve`, so a bucket advertises a hub
  // only when an external one is set.
  const published = settings.hub.mode === 'own' ? { ...settings, hub: { mode: 'off' as const } } : settings;
  if (values.ping === true && published.hub.mode !== 'external')
    throw new UsageError(
      '--ping needs an external hub: set "hub" (or HERALD_HUB) to the URL of a WebSub hub',
    );
  const client = createS3Client();
  // Asked for while the site is read: at 10,000 articles the manifest is a few megabytes, and its
  // round trip need not wait for local work. A failure is reported below, where it is awaited.
  const previous = readTargetManifest(client, target);
  previous.catch(() => {});
  // An edit renders a body (the others come from the state folder): the thread loads the Markdown
  // libraries on the other core while this one reads.
  warmUpRenderer();
  let loaded: Awaited<ReturnType<typeof publishOnce>>;
  try {
    loaded = await publishOnce(published);
  } catch (error) {
    client.destroy();
    throw error;
  }
  const { rendered, problems } = loaded;
  for (const problem of problems) console.error(formatProblem(problem));

  const where = `s3://${target.bucket}${target.prefix ? `/${target.prefix}` : ''}`;
  let shown = 0;
  let summary: Awaited<ReturnType<typeof deploySite>>;
  try {
    summary = await deploySite({
      settings: published,
      rendered,
      client,
      target,
      dryRun,
      previous,
      onProgress: (done, total) => {
        if (!(process.stderr.isTTY || total > PROGRESS_ABOVE_OBJECTS)) return;
        if (done - shown < Math.max(50, total / 20) && done !== total) return;
        shown = done;
        console.error(`herald deploy: ${done}/${total} objects`);
      },
    });
  } catch (error) {
    console.error(`herald deploy: ${describeStorageError(error, where)}`);
    return 1;
  } finally {
    client.destroy();
  }

  const { plan } = summary;
  const urls = [...plan.added, ...plan.changed, ...plan.removed].map((path) => absoluteUrl(settings, path));
  if (typeof values['changed-file'] === 'string') {
    await writeFile(values['changed-file'], urls.map((url) => `${url}\n`).join(''));
  }
  if (dryRun) {
    for (const path of plan.added) console.log(`would upload ${path} (new)`);
    for (const path of plan.changed) console.log(`would upload ${path} (changed)`);
    for (const path of plan.removed) console.log(`would delete ${path}`);
  } else {
    for (const url of urls.slice(0, PRINT_AT_MOST)) console.log(url);
    if (urls.length > PRINT_AT_MOST) {
      console.log(`… and ${urls.length - PRINT_AT_MOST} more (--changed-file FILE writes them all)`);
    }
  }
  const updated = [...plan.added, ...plan.changed];
  const kinds = describeKinds(updated, plan.next);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const verb = dryRun ? 'would upload' : 'uploaded';
  console.log(
    `${verb} ${thousands(updated.length)} object${updated.length === 1 ? '' : 's'}${kinds ? ` (${kinds})` : ''}, ${dryRun ? 'would delete' : 'deleted'} ${thousands(plan.removed.length)}, unchanged ${thousands(plan.unchanged.length)} to ${where} in ${seconds} s`,
  );
  if (values.ping === true && !dryRun && published.hub.mode === 'external') {
    // Exactly the subscription feeds uploaded now (new or with other bytes): the hub fetches them
    // from the bucket, which already holds the new bytes.
    const topics = changedTopicUrls(published, rendered, updated);
    await pingHub(published.hub.url, topics, (line) => console.error(line));
    console.log(
      `Told ${published.hub.url} about ${topics.length} changed feed${topics.length === 1 ? '' : 's'}`,
    );
  }
  // Like build: errors (an article not published as written) fail the run, warnings do not.
  const fails = problemsFail(problems, false);
  if (problems.length > 0) {
    console.log(
      problemSummary(rendered.site.site.articles.length, problems) +
        (fails ? ': fix them and deploy again' : ''),
    );
  }
  return fails ? 1 : 0;
}

/** One line that says what went wrong and what to check; never a stack trace. */
export function describeStorageError(error: unknown, where: string): string {
  const e = error as {
    name?: string;
    Code?: string;
    code?: string;
    message?: string;
    $metadata?: { httpStatusCode?: number };
  };
  const code = e.Code ?? e.name ?? e.code ?? '';
  const endpoint = customEndpoint(process.env) ?? 'AWS S3';
  if (
    /InvalidAccessKeyId|SignatureDoesNotMatch|AccessDenied|InvalidToken|ExpiredToken|CredentialsProviderError|Forbidden/.test(
      code,
    ) ||
    e.$metadata?.httpStatusCode === 403
  ) {
    return `${where}: access denied by ${endpoint} (${code || 'HTTP 403'}): check AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY or AWS_PROFILE`;
  }
  if (code === 'NoSuchBucket') return `${where}: the bucket does not exist at ${endpoint}`;
  if (
    /ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|ECONNRESET|EHOSTUNREACH|TimeoutError/.test(
      `${code} ${e.message ?? ''}`,
    )
  ) {
    return `${where}: cannot reach ${endpoint} (${(e.message ?? code).split('\n')[0]}): check AWS_ENDPOINT_URL and the network`;
  }
  if (/Region is missing/i.test(e.message ?? ''))
    return `${where}: no region: set AWS_REGION or a region in your AWS profile`;
  return `${where}: ${code ? `${code}: ` : ''}${(e.message ?? String(error)).split('\n')[0]} (${BUCKET_MANIFEST} and objects unchanged where not yet written; run again to complete)`;
}
