// `npx tsx bench/updates-versus.ts --against DIR [--size 10000] [--rounds 7]`: edit → new feed
// served, this checkout against another checkout of Herald (DIR, compiled with `npm run compile`),
// on identical corpora, both servers running, measured turn about so that load from other work on
// the machine falls on both alike. Prints medians and the ratio this / other. Use it to check that
// a change to the live pipeline does not make updates slower than the code it replaces.
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ensureCompiled } from '../tests/setup/compiled-javascript.ts';
import { writeBenchConfig, writeCorpus } from './corpus.ts';
import { freePort, waitForOk } from './http-client.ts';
import { type Child, startChild, stopChild } from './process.ts';
import { measureUpdates, median, type UpdateFigures } from './updates.ts';

const ROOT = resolve(import.meta.dirname, '..');
const OUT = join(ROOT, 'bench', 'out');
const log = (line: string) => console.error(`[versus] ${line}`);

const { values: flags } = parseArgs({
  options: {
    against: { type: 'string' },
    size: { type: 'string', default: '10000' },
    rounds: { type: 'string', default: '7' },
  },
});
if (!flags.against) throw new Error('--against DIR: another Herald checkout, compiled (npm run compile)');
const OTHER = resolve(flags.against);
const SIZE = Number(flags.size);
const ROUNDS = Number(flags.rounds);

interface Contender {
  name: string;
  root: string;
  corpus: string;
  child?: Child;
  port?: number;
  figures: UpdateFigures;
}

async function start(contender: Contender): Promise<void> {
  const main = join(contender.root, 'dist', 'cli', 'main.js');
  if (!existsSync(main)) throw new Error(`${main} is missing: run npm run compile in ${contender.root}`);
  const port = await freePort();
  contender.port = port;
  contender.child = startChild(process.execPath, [main, 'serve', '--port', String(port), '--quiet'], {
    cwd: contender.root,
    env: {
      ...process.env,
      ARTICLES_DIR: contender.corpus,
      SITE_URL: 'https://bench.example.org/',
      HOST: '127.0.0.1',
      HERALD_CONFIG: join(OUT, 'herald.config.json'),
      HERALD_STATE_DIR: `${contender.corpus}-state`,
    },
  });
  await waitForOk(port, contender.child, { timeoutMs: 120_000, everyMs: 20 });
}

async function main() {
  ensureCompiled(log);
  await mkdir(OUT, { recursive: true });
  await writeBenchConfig(OUT);
  const contenders: Contender[] = [
    { name: 'this checkout', root: ROOT, corpus: join(OUT, `versus-this-${SIZE}`), figures: empty() },
    { name: OTHER, root: OTHER, corpus: join(OUT, `versus-other-${SIZE}`), figures: empty() },
  ];
  for (const contender of contenders) {
    log(`writing ${SIZE} articles for ${contender.name}`);
    await writeCorpus(contender.corpus, SIZE);
    await start(contender);
  }
  try {
    for (let round = 0; round < ROUNDS; round += 1) {
      // Turn about, and the other way round every second round.
      const order = round % 2 === 0 ? contenders : [...contenders].reverse();
      for (const contender of order) {
        await measureUpdates(contender.port as number, contender.corpus, SIZE, 1, contender.figures);
      }
      log(`round ${round + 1} of ${ROUNDS} done`);
    }
  } finally {
    for (const contender of contenders) if (contender.child) await stopChild(contender.child);
  }
  const [mine, other] = contenders as [Contender, Contender];
  const rows = (['editMs', 'addMs', 'deleteMs'] as const).map((key) => {
    const a = median(mine.figures[key]);
    const b = median(other.figures[key]);
    return `| ${key.replace('Ms', '')} | ${a.toFixed(1)} ms | ${b.toFixed(1)} ms | ${(a / b).toFixed(2)}× |`;
  });
  console.log(
    [
      `Edit → new /feed.xml at ${SIZE} articles, medians of ${ROUNDS} rounds taken turn about:`,
      '',
      `| change | this checkout | ${OTHER} | ratio |`,
      '|---|---:|---:|---:|',
      ...rows,
      '',
      'Every run, sorted (ms):',
      ...contenders.flatMap((contender) =>
        (['editMs', 'addMs', 'deleteMs'] as const).map(
          (key) =>
            `- ${contender.name}, ${key.replace('Ms', '')}: ${[...contender.figures[key]]
              .sort((a, b) => a - b)
              .map((ms) => ms.toFixed(0))
              .join(' ')}`,
        ),
      ),
    ].join('\n'),
  );
}

function empty(): UpdateFigures {
  return { editMs: [], addMs: [], deleteMs: [] };
}

await main();
