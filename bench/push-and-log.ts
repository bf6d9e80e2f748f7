// Two figures of the push and logging work: polling /feed.xml with the request log on, against the
// same Herald with --quiet and a plain node:http server answering the same bytes (all in this run);
// and the own hub delivering one change to 1,000 subscribers (local stub callbacks).
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SubscriptionStore } from '../src/push/subscription-store.ts';
import { WebSubHub } from '../src/push/websub-hub.ts';
import type { RecordedPath } from './baseline-server.ts';
import { get, newAgent, waitFor, waitForOk } from './http-client.ts';
import { type Load, type MeasuredServer, measureInTurn, recordedOf, startBaseline } from './polling.ts';
import { type Child, startChild, stopChild } from './process.ts';
import { median } from './updates.ts';

export interface LoggedPollingRow {
  mode: '200 identity' | '304 If-None-Match';
  /** Medians of requests per second. */
  logged: number;
  quiet: number;
  baseline: number;
  /** Medians of requests per CPU-second of each server. */
  loggedPerCpu: number;
  quietPerCpu: number;
  baselinePerCpu: number;
  /**
   * The median over rounds of log on ÷ node:http within a round, where the two were measured seconds
   * apart: the machine's speed drifts by more than the difference measured (seen here: node:http
   * alone between 23,000 and 46,000 304s a second in one run), and a ratio of medians taken over
   * the whole run mixes fast and slow moments.
   */
  pairedRatio: number;
  /** Load average (1 min) at the first and last measure. */
  load: string;
}

export interface LoggedPollingOptions {
  /** Starts Herald pinned to one core; `logFile` set: request log on, written there. */
  startHerald: (logFile?: string) => Promise<{ child: Child; port: number }>;
  baselineScript: string;
  out: string;
  seconds: number;
  log: (line: string) => void;
}

const PATH = '/feed.xml';
/** Rounds of every (server, request) pair; the median of each is reported. */
export const LOGGED_ROUNDS = 7;

/**
 * Herald with the request log on, the same Herald with `--quiet`, and node:http answering the same
 * bytes, measured in turn (bench/polling.ts `measureInTurn`).
 */
export async function measureLoggedPolling(options: LoggedPollingOptions): Promise<LoggedPollingRow[]> {
  const logFile = join(options.out, 'request-log.jsonl');
  const children: Child[] = [];
  try {
    // The polling limit would answer this load with 429s: it is switched off through the environment
    // by the caller, so the figures are of serving and logging alone.
    const logged: MeasuredServer = { name: 'log on', ...(await options.startHerald(logFile)) };
    children.push(logged.child);
    const quiet: MeasuredServer = { name: '--quiet', ...(await options.startHerald()) };
    children.push(quiet.child);
    await waitForOk(logged.port, logged.child, { path: PATH });
    await waitForOk(quiet.port, quiet.child, { path: PATH });
    const agent = newAgent(1);
    const identity = await get(agent, logged.port, PATH);
    const gzip = await get(agent, logged.port, PATH, { 'accept-encoding': 'gzip' });
    agent.destroy();
    const etag = String(identity.headers.etag);
    const recorded: Record<string, RecordedPath> = {
      [PATH]: { identity: recordedOf(identity), gzip: recordedOf(gzip) },
    };
    const file = join(options.out, 'logged-polling-responses.json');
    await writeFile(file, JSON.stringify(recorded));
    const baseline = await startBaseline(options.baselineScript, file);
    children.push(baseline.child);
    const loads: Load[] = [
      { name: '200 identity', path: PATH, headers: {}, status: 200 },
      { name: '304 If-None-Match', path: PATH, headers: { 'if-none-match': etag }, status: 304 },
    ];
    const figures = await measureInTurn([logged, quiet, baseline], loads, {
      rounds: LOGGED_ROUNDS,
      seconds: options.seconds,
      log: options.log,
    });
    for (const child of children.splice(0)) await stopChild(child);
    options.log(`request log written: ${((await stat(logFile)).size / 1e6).toFixed(0)} MB`);
    const of = (server: MeasuredServer, load: Load) =>
      figures.get(`${server.name} ${load.name}`) ?? { rps: [], perCpu: [], load: '' };
    return loads.map((load) => ({
      mode: load.name as LoggedPollingRow['mode'],
      logged: median(of(logged, load).rps),
      quiet: median(of(quiet, load).rps),
      baseline: median(of(baseline, load).rps),
      loggedPerCpu: median(of(logged, load).perCpu),
      quietPerCpu: median(of(quiet, load).perCpu),
      baselinePerCpu: median(of(baseline, load).perCpu),
      pairedRatio: median(
        of(logged, load).rps.map((rps, round) => rps / (of(baseline, load).rps[round] ?? Number.NaN)),
      ),
      load: of(logged, load).load,
    }));
  } finally {
    for (const child of children) await stopChild(child);
    await rm(logFile, { force: true });
  }
}

export interface HubFanout {
  subscribers: number;
  bodyBytes: number;
  /** From publish to the last subscriber's 2xx answer, as the hub counts deliveries. */
  ms: number;
  delivered: number;
}

/**
 * The own hub, in this process, delivering one change to `count` subscribers with their own secrets;
 * the subscribers are stubs in another process (bench/stub-subscribers.ts), which check every
 * signature. The hub keeps at most 8 connections per callback host, and all of them share one here.
 */
export async function measureHubFanout(
  stubScript: string,
  count = 1000,
  bodyBytes = 50_000,
): Promise<HubFanout> {
  const dir = await mkdtemp(join(tmpdir(), 'herald-bench-hub-'));
  const body = Buffer.from(`<rss>${randomBytes(bodyBytes / 2).toString('hex')}</rss>`);
  const stub = startChild(process.execPath, ['--import', 'tsx', stubScript], {
    cwd: process.cwd(),
    env: process.env,
  });
  try {
    await waitFor(async () => /listening (\d+)/.test(stub.stdout()), 30_000, 10, stub);
    const base = `http://127.0.0.1:${/listening (\d+)/.exec(stub.stdout())?.[1]}`;
    const topic = 'https://bench.example.org/feed.xml';
    const store = SubscriptionStore.open(join(dir, 'hub.sqlite'));
    const expiresAt = Date.now() + 3600_000;
    for (let i = 0; i < count; i++) {
      const secret = `secret${i}`;
      store.save({
        topic,
        callback: `${base}/${secret}`,
        callbackHost: '127.0.0.1',
        secret,
        leaseSeconds: 3600,
        expiresAt,
      });
    }
    let delivered = 0;
    let done: () => void = () => {};
    const all = new Promise<void>((resolve) => {
      done = resolve;
    });
    const hub = new WebSubHub({
      store,
      hubUrl: 'https://bench.example.org/websub',
      topic: (url) => (url === topic ? { body, mediaType: 'application/rss+xml; charset=utf-8' } : undefined),
      allowPrivateCallbacks: true,
      maxPerTopic: count,
      maxPerHost: count,
      onDelivery: (outcome) => {
        if (outcome === 'delivered' && ++delivered === count) done();
      },
    });
    const started = performance.now();
    hub.publish([topic]);
    await Promise.race([all, new Promise((resolve) => setTimeout(resolve, 60_000))]);
    const ms = performance.now() - started;
    await hub.close();
    store.close();
    const counted = (await (await fetch(`${base}/count`)).json()) as { delivered: number; signed: number };
    if (counted.signed !== counted.delivered)
      throw new Error(`${counted.delivered - counted.signed} deliveries had a bad signature`);
    return { subscribers: count, bodyBytes: body.length, ms, delivered };
  } finally {
    await stopChild(stub);
    await rm(dir, { recursive: true, force: true });
  }
}

export function formatPushAndLog(
  rows: readonly LoggedPollingRow[],
  fanout: HubFanout | undefined,
  seconds: number,
): string[] {
  const load = rows[0]?.load;
  const lines: string[] = [];
  const x = (a: number, b: number) => (a / b).toFixed(2);
  const target = (a: number, b: number) => (a / b >= 0.9 ? '✅' : '❌');
  if (rows.length > 0) {
    lines.push(
      '## Polling with the request log on',
      '',
      `The load generator (wrk when installed, else autocannon; 10 connections, ${seconds} s per measure) on CPU 1; three servers pinned to CPU 0: Herald with the request log written to a file (\`herald serve > log\`), the same Herald with \`--quiet\`, and a plain \`node:http\` server answering the same bytes (bench/baseline-server.ts). They are measured in turn, ${LOGGED_ROUNDS} rounds in rotating order, only the measured one running (the others stopped with SIGSTOP); medians shown. "Per round" is the median of the rounds' own ratios (log on ÷ node:http measured seconds apart), which the machine's drift over the run disturbs least. "Per CPU-second" is requests answered per second of the server's own CPU time: what it answers on a core of its own, the figure other work on the machine disturbs least. The polling limit is off (\`HERALD_POLL_LIMIT_PER_MINUTE=0\`).${load ? ` Load average during the measures: ${load}.` : ''}`,
      '',
      '| `/feed.xml` | log on req/s | `--quiet` req/s | node:http req/s | log on ÷ node:http | per round | per CPU-second: log on ÷ node:http | Target ≥ 0.9× | log on ÷ `--quiet` (per CPU-second) |',
      '|---|---:|---:|---:|---:|---:|---:|---|---:|',
      ...rows.map(
        (r) =>
          `| ${r.mode} | ${r.logged.toFixed(0)} | ${r.quiet.toFixed(0)} | ${r.baseline.toFixed(0)} | ${x(r.logged, r.baseline)} | ${r.pairedRatio.toFixed(2)} | ${x(r.loggedPerCpu, r.baselinePerCpu)} | ${target(r.logged, r.baseline)} req/s, ${target(r.pairedRatio, 1)} per round, ${target(r.loggedPerCpu, r.baselinePerCpu)} per CPU-second | ${x(r.loggedPerCpu, r.quietPerCpu)} |`,
      ),
      '',
    );
  }
  if (fanout) {
    lines.push(
      '## WebSub hub fan-out',
      '',
      `One change of a ${fanout.bodyBytes.toLocaleString('en')}-byte feed delivered by the own hub (in the bench process) to ${fanout.subscribers.toLocaleString('en')} local stub subscribers in another process (bench/stub-subscribers.ts), each with its own secret (HMAC-SHA256 checked by the stub), all on one callback host (so at most 8 connections at once): ${fanout.delivered.toLocaleString('en')} delivered in ${fanout.ms.toFixed(0)} ms (target ≤ 2,000 ms ${fanout.ms <= 2000 && fanout.delivered === fanout.subscribers ? '✅' : '❌'}).`,
      '',
    );
  }
  return lines;
}
