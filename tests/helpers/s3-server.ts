// A real S3-protocol server (s3rver) on 127.0.0.1, port chosen by the OS, with one bucket, and the
// environment that points the official AWS client (and `herald deploy`) at it.
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';

interface S3rverInstance {
  run(): Promise<AddressInfo>;
  close(): Promise<void>;
}
type S3rverClass = new (options: Record<string, unknown>) => S3rverInstance;
// The test's own client: no notice about the SDK's future Node requirement in the output.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
// s3rver is CommonJS without type declarations.
const S3rver = createRequire(import.meta.url)('s3rver') as S3rverClass;

/** The credentials s3rver accepts (its documented defaults). */
export const S3_ACCESS_KEY = 'S3RVER';

export interface S3Server {
  endpoint: string;
  bucket: string;
  /** AWS_* variables for a client of this server. */
  env: Record<string, string>;
  /** The object at `key` as an anonymous HTTP GET sees it. */
  get(key: string): Promise<Response>;
  /** A client of this server, with its credentials, for the tests' own look at the bucket. */
  client(): S3Client;
  close(): Promise<void>;
}

export async function startS3Server(bucket = 'site'): Promise<S3Server> {
  const directory = await mkdtemp(join(tmpdir(), 'herald-s3-'));
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
    configureBuckets: [{ name: bucket, configs: [] }],
  });
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  return {
    endpoint,
    bucket,
    env: {
      AWS_ENDPOINT_URL: endpoint,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: S3_ACCESS_KEY,
      AWS_SECRET_ACCESS_KEY: S3_ACCESS_KEY,
      // Never read the machine's own profiles and credentials.
      AWS_CONFIG_FILE: join(directory, 'no-config'),
      AWS_SHARED_CREDENTIALS_FILE: join(directory, 'no-credentials'),
    },
    get: (key) => fetch(`${endpoint}/${bucket}/${key}`),
    client: () =>
      new S3Client({
        endpoint,
        region: 'us-east-1',
        forcePathStyle: true,
        credentials: { accessKeyId: S3_ACCESS_KEY, secretAccessKey: S3_ACCESS_KEY },
      }),
    async close() {
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
