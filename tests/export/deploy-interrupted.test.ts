// A deploy that fails after it uploaded a new article's page, then the article deleted before the
// next deploy: the next deploy deletes the page, because the failed one recorded what it was
// uploading as pending beside the manifest. Also for a first deploy, which has no manifest yet.
import { rm, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deploySite } from '../../src/export/deploy-site.ts';
import { parseS3Target } from '../../src/export/s3-target.ts';
import { loadSite } from '../../src/load-site.ts';
import { articleText } from '../helpers/articles-dir.ts';
import { type S3Server, startS3Server } from '../helpers/s3-server.ts';
import { type FixtureFolder, makeFixtureFolder } from './site-fixture-folder.ts';

const PAGE = 'articles/added-then-deleted/index.html';

describe('a deploy that fails while uploading', () => {
  let fixture: FixtureFolder;
  let s3: S3Server;
  let client: S3Client;
  beforeAll(async () => {
    fixture = await makeFixtureFolder(4);
    s3 = await startS3Server();
    client = s3.client();
  });
  afterAll(async () => {
    client?.destroy();
    await s3?.close();
    await rm(fixture.root, { recursive: true, force: true });
  });

  async function keys(prefix: string): Promise<string[]> {
    const page = await client.send(new ListObjectsV2Command({ Bucket: s3.bucket, Prefix: `${prefix}/` }));
    return (page.Contents ?? []).map((object) => (object.Key as string).slice(prefix.length + 1)).sort();
  }

  /** A client whose every request fails once the article's page is in the bucket. */
  function failingAfterPage(): S3Client {
    let failing = false;
    return new Proxy(client, {
      get(target, name, receiver) {
        if (name !== 'send') return Reflect.get(target, name, receiver);
        return async (command: { input?: { Key?: string } }) => {
          if (failing) throw new Error('the connection was lost');
          const result = await target.send(command as PutObjectCommand);
          if (command instanceof PutObjectCommand && command.input.Key?.endsWith(PAGE)) failing = true;
          return result;
        };
      },
    });
  }

  const deploy = async (prefix: string, using = client) => {
    const { rendered } = await loadSite(fixture.settings, new Date(), fixture.root);
    return deploySite({
      settings: fixture.settings,
      rendered,
      client: using,
      target: parseS3Target(`s3://${s3.bucket}/${prefix}`),
    });
  };

  it.each([
    ['a first deploy', false],
    ['a deploy over an earlier one', true],
  ])(
    '%s: the next deploy deletes the new page once its article is gone',
    async (_name, earlier) => {
      const prefix = earlier ? 'over' : 'first';
      if (earlier) await deploy(prefix);
      const added = join(fixture.articlesDir, '2030-01-01-added-then-deleted.md');
      await writeFile(
        added,
        articleText({ title: 'Added then deleted', date: '2024-06-01', tags: ['Gone'] }),
      );
      await expect(deploy(prefix, failingAfterPage())).rejects.toThrow('the connection was lost');
      expect(await keys(prefix)).toContain(PAGE);

      await unlink(added);
      await deploy(prefix);
      await deploy('reference');
      expect(await keys(prefix)).not.toContain(PAGE);
      expect(await keys(prefix)).toEqual(await keys('reference'));
    },
    60_000,
  );
});
