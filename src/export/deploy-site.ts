// RenderedSite → objects in an S3-compatible bucket, uploading only what differs from what the
// bucket's manifest says it holds. The manifest is one object beside the site; the site itself is
// never downloaded. Same decision as the incremental build (plan-update.ts); the sink differs.
import {
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  NoSuchKey,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import type { RenderedSite, Representation, SiteSettings } from '../model.ts';
import { cacheControl } from '../render/response-headers.ts';
import { openStreamed } from './copy-streamed.ts';
import {
  MANIFEST_VERSION,
  type PublishedEntry,
  type PublishedManifest,
  pendingText,
  usableManifest,
  withPending,
} from './export-manifest.ts';
import { filePathFor } from './file-paths.ts';
import { pendingEntries, planUpdate, type UpdatePlan } from './plan-update.ts';
import { rendererStamp } from './renderer-stamp.ts';
import { objectKey, type S3Target } from './s3-target.ts';

/** The manifest's key under the prefix: a dot file, like the export's marker. */
export const BUCKET_MANIFEST = '.herald-manifest.json';
/**
 * Beside the manifest while a deploy uploads: the entries of the objects it is about to write, each
 * pending (see PENDING_FILE for the export). Deleted once the manifest is written with the result.
 */
export const BUCKET_PENDING = '.herald-manifest-pending.json';

/** Uploads in flight at once: enough to hide round trips, few enough for a small server. */
const CONCURRENCY = 8;
/** Rendered bodies kept from the plan for the upload, instead of rendering them again. */
const KEEP_BYTES = 64 * 1024 * 1024;

export interface DeployOptions {
  settings: SiteSettings;
  rendered: RenderedSite;
  client: S3Client;
  target: S3Target;
  /** Plan only: nothing is uploaded or deleted. */
  dryRun?: boolean;
  /** Called as objects are uploaded or deleted. */
  onProgress?: (done: number, total: number) => void;
  /** The bucket's manifest, when the caller fetched it already (see `readTargetManifest`). */
  previous?: Promise<PublishedManifest | undefined>;
}

export interface DeploySummary {
  plan: UpdatePlan;
  /** Bytes uploaded (zero on a dry run). */
  bytes: number;
}

/** What the deploy keeps per object besides what the export keeps: the headers it was sent with. */
type DeployedEntry = PublishedEntry & { cacheControl?: string };

export async function deploySite(options: DeployOptions): Promise<DeploySummary> {
  const { settings, rendered, client, target } = options;
  const manifestKey = objectKey(target, BUCKET_MANIFEST);
  const pendingKey = objectKey(target, BUCKET_PENDING);
  const previous = await (options.previous ?? readTargetManifest(client, target));
  const kept = new Map<string, Representation>();
  let keptBytes = 0;
  const plan = await planUpdate(rendered, previous?.entries ?? {}, {
    trustFingerprints: previous?.renderer === rendererStamp(),
    onWrite: (path, representation) => {
      if (keptBytes + representation.body.length > KEEP_BYTES) return;
      kept.set(path, representation);
      keptBytes += representation.body.length;
    },
  });
  // Same bytes but other headers (the cache lifetime setting changed): upload again.
  const next = plan.next as Record<string, DeployedEntry>;
  const before = (previous?.entries ?? {}) as Record<string, DeployedEntry>;
  plan.unchanged = plan.unchanged.filter((path) => {
    const entry = next[path] as DeployedEntry;
    entry.cacheControl = cacheControl(settings, { status: entry.status, path });
    if (before[path]?.cacheControl === entry.cacheControl) return true;
    plan.changed.push(path);
    return false;
  });
  for (const path of [...plan.added, ...plan.changed]) {
    const entry = next[path] as DeployedEntry;
    entry.cacheControl = cacheControl(settings, { status: entry.status, path });
  }
  if (options.dryRun) return { plan, bytes: 0 };

  const manifest = (entries: Record<string, PublishedEntry>): PublishedManifest => ({
    version: MANIFEST_VERSION,
    renderer: rendererStamp(),
    compress: false,
    entries,
  });
  /** The manifest and the pending record: JSON for Herald, never cached. */
  const putRecord = (key: string, body: string) =>
    client.send(
      new PutObjectCommand({
        Bucket: target.bucket,
        Key: key,
        Body: body,
        ContentType: 'application/json; charset=utf-8',
        CacheControl: 'no-store',
      }),
    );
  const putManifest = (entries: Record<string, PublishedEntry>) =>
    putRecord(manifestKey, JSON.stringify(manifest(entries)));

  const uploads = [...plan.added, ...plan.changed];
  const total = uploads.length + plan.removed.length;
  let done = 0;
  let bytes = 0;
  if (total === 0) {
    if (JSON.stringify(previous?.entries) !== JSON.stringify(plan.next)) await putManifest(plan.next);
    return { plan, bytes };
  }
  // Before any object changes: what is about to be written is pending, so a deploy interrupted
  // from here on is completed by the next one (pending objects are uploaded again or deleted).
  if (uploads.length > 0) await putRecord(pendingKey, pendingText(pendingEntries(plan)));
  const upload = async (path: string) => {
    const representation = kept.get(path) ?? rendered.get(path);
    if (!representation) throw new Error(`${path} is listed but has no representation`);
    const entry = next[path] as DeployedEntry;
    // A media file too large to keep in memory is uploaded as a stream of its file, with its length
    // given (S3 needs it up front for a stream).
    const streamed = representation.streamed && (await openStreamed(representation.streamed));
    await client
      .send(
        new PutObjectCommand({
          Bucket: target.bucket,
          Key: objectKey(target, filePathFor(path)),
          Body: streamed ? streamed.body : representation.body,
          ...(representation.streamed ? { ContentLength: representation.streamed.size } : {}),
          ContentType: representation.mediaType,
          CacheControl: entry.cacheControl,
          // A redirect (an old address of a moved article) becomes a redirect object: S3 website
          // hosting answers it with a 301 to the new URL; other hosts serve its body, a page that
          // redirects by itself.
          ...(locationOf(representation) === undefined
            ? {}
            : { WebsiteRedirectLocation: locationOf(representation) }),
          // S3 makes its own ETag and Last-Modified; Herald's are kept as metadata for the record.
          Metadata: {
            'herald-etag': representation.etag,
            'herald-last-modified': representation.lastModified.toUTCString(),
          },
        }),
      )
      .finally(() => streamed?.done());
    kept.delete(path);
    bytes += representation.streamed?.size ?? representation.body.length;
    done += 1;
    options.onProgress?.(done, total);
  };
  // New objects before changed ones (which may link them); removals only once both are in place.
  await inParallel(plan.added, upload);
  await inParallel(plan.changed, upload);
  for (let i = 0; i < plan.removed.length; i += 1000) {
    const batch = plan.removed.slice(i, i + 1000);
    const result = await client.send(
      new DeleteObjectsCommand({
        Bucket: target.bucket,
        Delete: {
          Objects: batch.map((path) => ({ Key: objectKey(target, filePathFor(path)) })),
          Quiet: true,
        },
      }),
    );
    const failed = result.Errors?.[0];
    if (failed)
      throw new Error(`could not delete ${failed.Key}: ${failed.Code} ${failed.Message ?? ''}`.trim());
    done += batch.length;
    options.onProgress?.(done, total);
  }
  await putManifest(plan.next);
  await client.send(new DeleteObjectCommand({ Bucket: target.bucket, Key: pendingKey }));
  return { plan, bytes };
}

/**
 * What the bucket's manifest says is under `target`'s prefix, with the objects a deploy that did not
 * finish was writing marked pending; undefined when there is none.
 */
export async function readTargetManifest(
  client: S3Client,
  target: S3Target,
): Promise<PublishedManifest | undefined> {
  const [manifest, pending] = await Promise.all([
    readJson(client, target.bucket, objectKey(target, BUCKET_MANIFEST)),
    readJson(client, target.bucket, objectKey(target, BUCKET_PENDING)),
  ]);
  if (manifest === DAMAGED) return undefined;
  const usable = usableManifest(manifest);
  if (pending === undefined) return usable;
  // A first deploy that did not finish left no manifest: what it was writing is all there is.
  const base =
    usable ??
    (manifest === undefined
      ? { version: MANIFEST_VERSION, renderer: rendererStamp(), compress: false, entries: {} }
      : undefined);
  return base && withPending(base, pending === DAMAGED ? undefined : pending);
}

/** What readJson gives for an object that is not JSON. */
const DAMAGED = Symbol('not JSON');

/** An object's JSON; undefined when there is no such object. */
async function readJson(client: S3Client, bucket: string, key: string): Promise<unknown> {
  try {
    const response = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    const text = await response.Body?.transformToString('utf8');
    return text === undefined ? undefined : JSON.parse(text);
  } catch (error) {
    if (error instanceof NoSuchKey || (error as { name?: string }).name === 'NoSuchKey') return undefined;
    if (error instanceof SyntaxError) return DAMAGED;
    throw error;
  }
}

async function inParallel(items: readonly string[], work: (item: string) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const item = items[next++] as string;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, items.length) }, lane));
}

/** Where a redirect leads (status 301 with a location), if `representation` is one. */
function locationOf(representation: Representation): string | undefined {
  const { location } = representation as Representation & { location?: string };
  return representation.status === 301 && typeof location === 'string' ? location : undefined;
}
