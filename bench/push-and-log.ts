// Two figures of the push and logging work: polling /feed.xml with the request log on, against the
// same Herald with --quiet and a plain node:http server answering the same bytes (all in this run);
// and the own hub delivering one change to 1,000 subscribers (local stub callbacks).
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { SubscriptionStore } from '../src/push/subscription-store.ts';
import { WebSubHub } from '../src/push/websub-hub.ts';
import type { RecordedPath } from './baseline-server.ts';
import { get, newAgent, waitFor, waitForOk } from './http-client.ts';
import { type Child, startChild, stopChild } from './process.ts';

export interface LoggedPollingRow {
  mode: '200 identity' | '304 If-None-Match';
  logged: number;
  quiet: number;
  baseline: number;
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
const ROUNDS = 3;

type Server = 'logged' | 'quiet' | 'baseline';
type Mode = LoggedPollingRow['mode'];

async function rate(
  port: number,
  headers: Record<string, string>,
  seconds: number,
  expected: number,
): Promise<number> {
  const result = await autocannon({
    url: `http://127.0.0.1:${port}${PATH}`,
    connections: 10,
    duration: seconds,
    headers,
  });
  // A figure of other answers (errors, 429s) would measure something else.
  const other = result.non2xx - (expected === 304 ? (result.statusCodeStats?.['304']?.count ?? 0) : 0);
  if (result.errors + result.timeouts > 0 || other > 0)
    throw new Error(
      `polling ${PATH} on port ${port}: ${result.errors} errors, ${result.timeouts} timeouts, ${other} answers other than ${expected}`,
    );
  return result.requests.average;
}

async function ready(port: number, child: Child): Promise<void> {
  await waitForOk(port, child, { path: PATH });
}

/** The bench process (autocannon) on CPU 1, the servers on CPU 0, as bench/polling.ts does. */
function pin(cpus: string): void {
  try {
    execFileSync('taskset', ['-a', '-cp', cpus, String(process.pid)], { stdio: 'ignore' });
  } catch {
    // No taskset: the figures are still comparable, only noisier.
  }
}

export async function measureLoggedPolling(options: LoggedPollingOptions): Promise<LoggedPollingRow[]> {
  pin('1');
  try {
    return await measureAll(options);
  } finally {
    pin('0-1');
  }
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/**
 * The three servers run side by side (idle ones cost nothing) and are measured in turn, round after
 * round in a rotating order, so a change in the machine's load falls on all three alike.
 */
async function measureAll(options: LoggedPollingOptions): Promise<LoggedPollingRow[]> {
  const logFile = join(options.out, 'request-log.jsonl');
  const children: Child[] = [];
  try {
    // The polling limit would answer this load with 429s: it is switched off through the environment
    // by the caller, so the figures are of serving and logging alone.
    const logged = await options.startHerald(logFile);
    children.push(logged.child);
    const quiet = await options.startHerald();
    children.push(quiet.child);
    await ready(logged.port, logged.child);
    await ready(quiet.port, quiet.child);
    const agent = newAgent(1);
    const identity = await get(agent, logged.port, PATH);
    const gzip = await get(agent, logged.port, PATH, { 'accept-encoding': 'gzip' });
    agent.destroy();
    const etag = String(identity.headers.etag);
    const recorded: Record<string, RecordedPath> = {
      [PATH]: { identity: recordedOf(identity), gzip: recordedOf(gzip) },
    };
    await writeFile(join(options.out, 'logged-polling-responses.json'), JSON.stringify(recorded));
    const baseline = startChild(
      process.execPath,
      ['--import', 'tsx', options.baselineScript, join(options.out, 'logged-polling-responses.json')],
      { cwd: process.cwd(), env: process.env, cpus: '0' },
    );
    children.push(baseline);
    await waitFor(async () => /listening (\d+)/.test(baseline.stdout()), 30_000, 10, baseline);
    const ports: Record<Server, number> = {
      logged: logged.port,
      quiet: quiet.port,
      baseline: Number(/listening (\d+)/.exec(baseline.stdout())?.[1]),
    };
    const requests: [Mode, Record<string, string>, number][] = [
      ['200 identity', {}, 200],
      ['304 If-None-Match', { 'if-none-match': etag }, 304],
    ];
    const servers: Server[] = ['logged', 'quiet', 'baseline'];
    for (const server of servers) await rate(ports[server], {}, 1, 200); // warm-up
    const figures = new Map<string, number[]>();
    for (let round = 0; round < ROUNDS; round += 1) {
      for (const [mode, headers, status] of requests) {
        for (let i = 0; i < servers.length; i += 1) {
          const server = servers[(i + round) % servers.length] as Server;
          const value = await rate(ports[server], headers, options.seconds, status);
          const key = `${server} ${mode}`;
          figures.set(key, [...(figures.get(key) ?? []), value]);
          options.log(`polling ${PATH} ${mode} (${server}, round ${round + 1}): ${value.toFixed(0)} req/s`);
        }
      }
    }
    for (const child of children.splice(0)) await stopChild(child);
    options.log(`request log written: ${((await stat(logFile)).size / 1e6).toFixed(0)} MB`);
    const of = (server: Server, mode: Mode) => median(figures.get(`${server} ${mode}`) ?? []);
    return requests.map(([mode]) => ({
      mode,
      logged: of('logged', mode),
      quiet: of('quiet', mode),
      baseline: of('baseline', mode),
    }));
  } finally {
    for (const child of children) await stopChild(child);
    await rm(logFile, { force: true });
  }
}

const PER_CONNECTION = new Set(['date', 'connection', 'keep-alive', 'transfer-encoding']);

function recordedOf(response: { headers: Record<string, unknown>; body: Buffer }) {
  const headers: string[] = [];
  for (const [name, value] of Object.entries(response.headers)) {
    if (!PER_CONNECTION.has(name) && value !== undefined) headers.push(name, String(value));
  }
  return { headers, body: response.body.toString('base64'), etag: String(response.headers.etag) };
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
  const lines: string[] = [];
  if (rows.length > 0) {
    lines.push(
      '## Polling with the request log on',
      '',
      `autocannon (on CPU 1), 10 connections, ${seconds} s per measure; three servers pinned to CPU 0: Herald with the request log written to a file (\`herald serve > log\`), the same Herald with \`--quiet\`, and a plain \`node:http\` server answering the same bytes, measured in turn, ${ROUNDS} rounds in rotating order, medians shown. The polling limit is off (\`HERALD_POLL_LIMIT_PER_MINUTE=0\`).`,
      '',
      '| `/feed.xml` | log on req/s | `--quiet` req/s | node:http req/s | log on ÷ node:http | Target ≥ 0.9× | log on ÷ quiet |',
      '|---|---:|---:|---:|---:|---|---:|',
      ...rows.map(
        (r) =>
          `| ${r.mode} | ${r.logged.toFixed(0)} | ${r.quiet.toFixed(0)} | ${r.baseline.toFixed(0)} | ${(r.logged / r.baseline).toFixed(2)} | ${r.logged / r.baseline >= 0.9 ? '✅' : '❌'} | ${(r.logged / r.quiet).toFixed(2)} |`,
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
