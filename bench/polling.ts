// Polling throughput: Herald against a plain node:http server answering the same bytes, one core each.
import { execFileSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import autocannon from 'autocannon';
import type { RecordedPath, RecordedResponse } from './baseline-server.ts';
import { get, newAgent, waitFor, waitForOk } from './http-client.ts';
import { type Child, startChild, stopChild } from './process.ts';

export const POLLED_PATHS = ['/feed.xml', '/atom.xml', '/feed.json'];
type Mode = '200 identity' | '200 gzip' | '304 If-None-Match';
const MODES: Mode[] = ['200 identity', '200 gzip', '304 If-None-Match'];

export interface PollingRow {
  path: string;
  mode: Mode;
  bytes: number;
  herald: number;
  baseline: number;
}

/** Headers node:http writes itself on every response; the baseline server adds its own. */
const PER_CONNECTION = new Set(['date', 'connection', 'keep-alive', 'transfer-encoding']);

async function record(port: number): Promise<Record<string, RecordedPath>> {
  const agent = newAgent(1);
  const recorded: Record<string, RecordedPath> = {};
  for (const path of POLLED_PATHS) {
    const variant = async (headers: Record<string, string>): Promise<RecordedResponse> => {
      const got = await get(agent, port, path, headers);
      if (got.status !== 200) throw new Error(`${path} answered ${got.status}`);
      const raw: string[] = [];
      for (const [name, value] of Object.entries(got.headers)) {
        if (!PER_CONNECTION.has(name) && value !== undefined) raw.push(name, String(value));
      }
      return { headers: raw, body: got.body.toString('base64'), etag: String(got.headers.etag) };
    };
    recorded[path] = { identity: await variant({}), gzip: await variant({ 'accept-encoding': 'gzip' }) };
  }
  agent.destroy();
  return recorded;
}

async function cannon(port: number, path: string, headers: Record<string, string>, seconds: number) {
  const result = await autocannon({
    url: `http://127.0.0.1:${port}${path}`,
    connections: 10,
    duration: seconds,
    headers,
  });
  return {
    rps: result.requests.average,
    errors: result.errors + result.timeouts,
    statuses: result.statusCodeStats,
  };
}

function pin(cpus: string): void {
  try {
    execFileSync('taskset', ['-a', '-cp', cpus, String(process.pid)], { stdio: 'ignore' });
  } catch {
    // No taskset: the figures are still comparable, only noisier.
  }
}

export interface PollingOptions {
  startHerald: () => Promise<{ child: Child; port: number }>;
  baselineScript: string;
  out: string;
  seconds: number;
  log: (line: string) => void;
}

export async function measurePolling(options: PollingOptions): Promise<PollingRow[]> {
  const herald = await options.startHerald();
  await waitForOk(herald.port, herald.child);
  const recorded = await record(herald.port);
  const file = join(options.out, 'polling-responses.json');
  await writeFile(file, JSON.stringify(recorded));

  const requests = (path: string, mode: Mode): Record<string, string> => {
    const variants = recorded[path] as RecordedPath;
    if (mode === '200 gzip') return { 'accept-encoding': 'gzip' };
    if (mode === '304 If-None-Match') return { 'if-none-match': variants.identity.etag };
    return {};
  };
  const run = async (port: number, label: string) => {
    const rates = new Map<string, number>();
    await cannon(port, '/feed.xml', {}, 1); // warm-up: JIT, sockets
    for (const path of POLLED_PATHS) {
      for (const mode of MODES) {
        const { rps, errors, statuses } = await cannon(port, path, requests(path, mode), options.seconds);
        const expected = mode.slice(0, 3);
        const other = Object.keys(statuses ?? {}).filter((s) => s !== expected);
        if (errors > 0 || other.length > 0)
          options.log(`${label} ${path} ${mode}: ${errors} errors, statuses ${Object.keys(statuses ?? {})}`);
        rates.set(`${path} ${mode}`, rps);
        options.log(`${label} ${path} ${mode}: ${rps.toFixed(0)} req/s`);
      }
    }
    return rates;
  };

  pin('1');
  try {
    const heraldRates = await run(herald.port, 'herald');
    await stopChild(herald.child);
    const baseline = startChild(process.execPath, ['--import', 'tsx', options.baselineScript, file], {
      cwd: process.cwd(),
      env: process.env,
      cpus: '0',
    });
    await waitFor(async () => /listening (\d+)/.test(baseline.stdout()), 30_000, 10, baseline);
    const port = Number(/listening (\d+)/.exec(baseline.stdout())?.[1]);
    const baselineRates = await run(port, 'node:http');
    await stopChild(baseline);
    return POLLED_PATHS.flatMap((path) =>
      MODES.map((mode) => {
        const variants = recorded[path] as RecordedPath;
        const body =
          mode === '200 gzip' ? variants.gzip.body : mode === '200 identity' ? variants.identity.body : '';
        return {
          path,
          mode,
          bytes: Buffer.from(body, 'base64').length,
          herald: heraldRates.get(`${path} ${mode}`) ?? Number.NaN,
          baseline: baselineRates.get(`${path} ${mode}`) ?? Number.NaN,
        };
      }),
    );
  } finally {
    await stopChild(herald.child);
    pin('0-1');
  }
}
