// Where `herald deploy` publishes: `s3://bucket/prefix`, and an S3 client configured the standard
// way (AWS_ENDPOINT_URL, AWS_REGION, AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, AWS_PROFILE and the
// shared config files), which the official SDK reads itself.
import { S3Client } from '@aws-sdk/client-s3';

export interface S3Target {
  bucket: string;
  /** Key prefix without slashes at either end; empty for the bucket's root. */
  prefix: string;
}

export class S3TargetError extends Error {}

/** `s3://bucket/some/prefix/` → `{ bucket: 'bucket', prefix: 'some/prefix' }`. */
export function parseS3Target(text: string): S3Target {
  const match = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(?:\/(.*))?$/.exec(text);
  if (!match) {
    throw new S3TargetError(
      `"${text}" is not an S3 target: write s3://bucket or s3://bucket/prefix (bucket names are lower-case)`,
    );
  }
  const prefix = (match[2] ?? '').replace(/^\/+|\/+$/g, '');
  if (prefix.split('/').some((part) => part === '.' || part === '..')) {
    throw new S3TargetError(`"${text}": the prefix must not contain . or .. segments`);
  }
  return { bucket: match[1] as string, prefix };
}

/** The object key of a file of the export under the target's prefix. */
export function objectKey(target: S3Target, file: string): string {
  return target.prefix === '' ? file : `${target.prefix}/${file}`;
}

/** The endpoint from the environment, when one replaces AWS's (MinIO, R2, B2, a local server). */
export function customEndpoint(env: NodeJS.ProcessEnv): string | undefined {
  return env.AWS_ENDPOINT_URL_S3 || env.AWS_ENDPOINT_URL || undefined;
}

export function createS3Client(env: NodeJS.ProcessEnv = process.env): S3Client {
  // Herald supports Node 20; the SDK's multi-line notice about its future Node 22 requirement would
  // break the one-line output of every deploy.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const endpoint = customEndpoint(env);
  const region = env.AWS_REGION || env.AWS_DEFAULT_REGION;
  return new S3Client({
    // S3-compatible servers mostly address buckets by path (host/bucket/key), not by host name.
    ...(endpoint ? { forcePathStyle: true } : {}),
    // Other servers need some region to sign with; AWS itself takes it from the profile if unset.
    ...(region ? { region } : endpoint ? { region: 'us-east-1' } : {}),
    // The newer default checksums (CRC32 on every request) are refused by several S3-compatible
    // servers; send them only where the API requires them.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    maxAttempts: 3,
  });
}
