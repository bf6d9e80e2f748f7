// Edit → new feed served: how long after a write to the articles folder a reader polling /feed.xml
// gets the new bytes, for an edited, an added and a deleted article.
import { unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CorpusWriter } from './corpus.ts';
import { get, type HttpAgent, newAgent, sleep, waitFor } from './http-client.ts';

export interface UpdateFigures {
  editMs: number[];
  addMs: number[];
  deleteMs: number[];
}

/** Pause after each change, so one change's follow-up work is not charged to the next. */
const SETTLE_MS = 150;

/** Writes, then polls /feed.xml until `done(body)`; the time from the write's end to that response. */
async function timeUntilFeed(
  port: number,
  agent: HttpAgent,
  act: () => Promise<void>,
  done: (body: string) => boolean,
) {
  // Poll the way a feed reader does, with the current ETag: 304s are cheap, so the polling itself
  // does not slow down the server it measures (a 160 KB 200 every millisecond would).
  const etag = String((await get(agent, port, '/feed.xml')).headers.etag ?? '');
  await act();
  const started = performance.now();
  await waitFor(
    async () => {
      const response = await get(agent, port, '/feed.xml', { 'if-none-match': etag });
      return response.status === 200 && done(response.body.toString('utf8'));
    },
    10_000,
    1,
  );
  return performance.now() - started;
}

/**
 * `rounds` times: retitle the newest article of the corpus (written by bench/corpus.ts with `count`
 * articles), add an article, delete it; each timed until /feed.xml on `port` shows it. The newest
 * article's file is restored at the end. Figures are appended to `into`.
 */
export async function measureUpdates(
  port: number,
  corpus: string,
  count: number,
  rounds: number,
  into: UpdateFigures,
): Promise<void> {
  const agent = newAgent(1);
  const newest = new CorpusWriter().article(count - 1, count);
  const file = join(corpus, newest.name);
  const original = newest.text;
  for (let i = 0; i < rounds; i += 1) {
    const stamp = `${i} ${Date.now()}`;
    const title = `Edited title ${stamp}`;
    const edited = original.replace(/^title: .*$/m, `title: ${JSON.stringify(title)}`);
    into.editMs.push(
      await timeUntilFeed(
        port,
        agent,
        () => writeFile(file, edited),
        (body) => body.includes(title),
      ),
    );
    await sleep(SETTLE_MS);
    const added = join(corpus, `2024-06-01-bench-added-${i}.md`);
    const addedTitle = `Added article ${stamp}`;
    into.addMs.push(
      await timeUntilFeed(
        port,
        agent,
        () =>
          writeFile(
            added,
            `---\ntitle: ${JSON.stringify(addedTitle)}\ndate: 2024-06-01T12:00:00Z\ntags: [Bench]\n---\n${original.split('\n---\n')[1]}`,
          ),
        (body) => body.includes(addedTitle),
      ),
    );
    await sleep(SETTLE_MS);
    into.deleteMs.push(
      await timeUntilFeed(
        port,
        agent,
        () => unlink(added),
        (body) => !body.includes(addedTitle),
      ),
    );
    await sleep(SETTLE_MS);
  }
  await writeFile(file, original);
  await sleep(SETTLE_MS);
  agent.destroy();
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}
