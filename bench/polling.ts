// Polling throughput: Herald against a plain node:http server answering the same bytes, one core each.
// Shared by the polling table and the request-log figures (bench/push-and-log.ts): how a set of
// servers is measured so that their figures can be compared within one run on a busy machine.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { ensureSystemPackages } from '../tests/setup/ensure-system-packages.ts';
import type { RecordedPath, RecordedResponse } from './baseline-server.ts';
import { get, newAgent, waitFor, waitForOk } from './http-client.ts';
import { type Child, startChild, stopChild } from './process.ts';
import { median } from './updates.ts';

export const POLLED_PATHS = ['/feed.xml', '/atom.xml', '/feed.json'];
type Mode = '200 identity' | '200 gzip' | '304 If-None-Match';
const MODES: Mode[] = ['200 identity', '200 gzip', '304 If-None-Match'];
/** Rounds of every (server, request) pair in the polling table; medians are reported. */
export const POLLING_ROUNDS = 3;

export interface PollingRow {
  path: string;
  mode: Mode;
  bytes: number;
  herald: number;
  baseline: number;
  /** Requests answered per second of the server's own CPU time (user + system). */
  heraldPerCpu: number;
  baselinePerCpu: number;
  /** Load average (1 min) at the first and last measure. */
  load: string;
}

/** Headers node:http writes itself on every response; the baseline server adds its own. */
const PER_CONNECTION = new Set(['date', 'connection', 'keep-alive', 'transfer-encoding']);

export function recordedOf(response: { headers: Record<string, unknown>; body: Buffer }): RecordedResponse {
  const headers: string[] = [];
  for (const [name, value] of Object.entries(response.headers)) {
    if (!PER_CONNECTION.has(name) && value !== undefined) headers.push(name, String(value));
  }
  return { headers, body: response.body.toString('base64'), etag: String(response.headers.etag) };
}

async function record(port: number, paths: readonly string[]): Promise<Record<string, RecordedPath>> {
  const agent = newAgent(1);
  const recorded: Record<string, RecordedPath> = {};
  for (const path of paths) {
    const variant = async (headers: Record<string, string>): Promise<RecordedResponse> => {
      const got = await get(agent, port, path, headers);
      if (got.status !== 200) throw new Error(`${path} answered ${got.status}`);
      return recordedOf(got);
    };
    recorded[path] = { identity: await variant({}), gzip: await variant({ 'accept-encoding': 'gzip' }) };
  }
  agent.destroy();
  return recorded;
}

/** A server under measure: a child process pinned to CPU 0, listening on `port`. */
export interface MeasuredServer {
  name: string;
  child: Child;
  port: number;
}

/** One kind of request: GET `path` with `headers`, every answer expected to have `status`. */
export interface Load {
  name: string;
  path: string;
  headers: Record<string, string>;
  status: number;
}

export interface Figures {
  /** Load average (1 min) when the first and the last measure of the set began. */
  load: string;
  /** Requests per second, one per round. */
  rps: number[];
  /** Requests per second of the server's CPU time, one per round. */
  perCpu: number[];
}

export interface MeasureOptions {
  rounds: number;
  seconds: number;
  log: (line: string) => void;
}

/** CPU seconds (user + system) a process has used so far, from /proc (clock ticks of 10 ms). */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** The load generator: wrk (C, far faster than the servers) when installed, else autocannon. */
export function loadGenerator(log: (line: string) => void): 'wrk' | 'autocannon' {
  if (!existsSync('/usr/bin/wrk')) {
    const problem = ensureSystemPackages(
      [{ name: 'wrk', provides: ['/usr/bin/wrk'], usedBy: 'npm run bench: the polling load' }],
      log,
    );
    if (problem) log(`${problem}; polling is measured with autocannon instead`);
  }
  return existsSync('/usr/bin/wrk') ? 'wrk' : 'autocannon';
}

interface Shot {
  total: number;
  rps: number;
  problem?: string;
}

function wrk(port: number, load: Load, seconds: number): Shot {
  const args = ['-t1', '-c10', `-d${seconds}s`];
  for (const [name, value] of Object.entries(load.headers)) args.push('-H', `${name}: ${value}`);
  const out = execFileSync('/usr/bin/wrk', [...args, `http://127.0.0.1:${port}${load.path}`], {
    encoding: 'utf8',
  });
  const total = Number(/(\d+) requests in/.exec(out)?.[1] ?? Number.NaN);
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? Number.NaN);
  const errors = /Socket errors: (.*)/.exec(out)?.[1];
  const other = /Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1];
  const problem = [errors && `socket errors ${errors}`, other && `${other} answers not 2xx/3xx`]
    .filter(Boolean)
    .join(', ');
  return { total, rps, ...(problem ? { problem } : {}) };
}

async function cannon(port: number, load: Load, seconds: number): Promise<Shot> {
  const result = await autocannon({
    url: `http://127.0.0.1:${port}${load.path}`,
    connections: 10,
    duration: seconds,
    headers: load.headers,
  });
  const expected = result.statusCodeStats?.[String(load.status) as '200']?.count ?? 0;
  const other = result.requests.total - expected;
  const problems = [
    result.errors + result.timeouts > 0 && `${result.errors} errors, ${result.timeouts} timeouts`,
    other > 0 && `${other} answers other than ${load.status}`,
  ].filter(Boolean);
  return {
    total: result.requests.total,
    rps: result.requests.average,
    ...(problems.length > 0 ? { problem: problems.join(', ') } : {}),
  };
}

/**
 * Measures every server under every load, round after round, the servers in a rotating order, so a
 * change in the machine's load falls on all of them alike. Only the server being measured runs: the
 * others are stopped (SIGSTOP), so an idle server's timers and garbage collection never take CPU 0
 * from the measured one. Each measure gives requests per second and, from the server's CPU time,
 * requests per CPU-second: what the server would answer on a core of its own, which other work on
 * the machine disturbs far less. A measure with errors or unexpected statuses is refused.
 */
export async function measureInTurn(
  servers: readonly MeasuredServer[],
  loads: readonly Load[],
  options: MeasureOptions,
): Promise<Map<string, Figures>> {
  const generator = loadGenerator(options.log);
  const shoot = (port: number, load: Load, seconds: number) =>
    generator === 'wrk' ? Promise.resolve(wrk(port, load, seconds)) : cannon(port, load, seconds);
  const only = (running: MeasuredServer | undefined) => {
    for (const server of servers) {
      if (server.child.exitCode() === undefined)
        process.kill(server.child.pid, server === running ? 'SIGCONT' : 'SIGSTOP');
    }
  };
  const figures = new Map<string, Figures>();
  const load1 = () => (loadavg()[0] ?? 0).toFixed(2);
  let loadFirst = '';
  pin('1');
  try {
    options.log(
      `polling load: ${generator} (10 connections), load average ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    );
    for (const server of servers) {
      only(server);
      await shoot(server.port, { name: 'warm-up', path: loads[0]?.path ?? '/', headers: {}, status: 200 }, 1);
    }
    for (let round = 0; round < options.rounds; round += 1) {
      for (const load of loads) {
        for (let i = 0; i < servers.length; i += 1) {
          const server = servers[(i + round) % servers.length] as MeasuredServer;
          only(server);
          const cpuBefore = cpuSeconds(server.child.pid);
          const shot = await shoot(server.port, load, options.seconds);
          const cpu = cpuSeconds(server.child.pid) - cpuBefore;
          // The polling table's load names already start with the path.
          const what = load.name.startsWith(load.path) ? load.name : `${load.path} ${load.name}`;
          if (shot.problem) throw new Error(`polling ${what} on ${server.name}: ${shot.problem}`);
          const key = `${server.name} ${load.name}`;
          loadFirst ||= load1();
          const f = figures.get(key) ?? { rps: [], perCpu: [], load: '' };
          f.rps.push(shot.rps);
          f.perCpu.push(shot.total / cpu);
          figures.set(key, f);
          options.log(
            `polling ${what} (${server.name}, round ${round + 1}): ${shot.rps.toFixed(0)} req/s, ${(shot.total / cpu).toFixed(0)} per CPU-second`,
          );
        }
      }
    }
    const load = `${loadFirst} → ${load1()}`;
    for (const f of figures.values()) f.load = load;
    options.log(`polling done, load average (1 min) ${load}`);
  } finally {
    for (const server of servers) {
      if (server.child.exitCode() === undefined) process.kill(server.child.pid, 'SIGCONT');
    }
    pin('0-1');
  }
  return figures;
}

/** The bench process (the load generator) on CPU 1, the servers on CPU 0. */
function pin(cpus: string): void {
  try {
    execFileSync('taskset', ['-a', '-cp', cpus, String(process.pid)], { stdio: 'ignore' });
  } catch {
    // No taskset: the figures are still comparable, only noisier.
  }
}

/** Starts the baseline server on the recorded responses in `file`, pinned to CPU 0. */
export async function startBaseline(script: string, file: string): Promise<MeasuredServer> {
  const child = startChild(process.execPath, ['--import', 'tsx', script, file], {
    cwd: process.cwd(),
    env: process.env,
    cpus: '0',
  });
  await waitFor(async () => /listening (\d+)/.test(child.stdout()), 30_000, 10, child);
  return { name: 'node:http', child, port: Number(/listening (\d+)/.exec(child.stdout())?.[1]) };
}

export interface PollingOptions {
  startHerald: () => Promise<{ child: Child; port: number }>;
  baselineScript: string;
  out: string;
  seconds: number;
  log: (line: string) => void;
}

export async function measurePolling(options: PollingOptions): Promise<PollingRow[]> {
  const started = await options.startHerald();
  const herald: MeasuredServer = { name: 'herald', ...started };
  const children = [herald.child];
  try {
    await waitForOk(herald.port, herald.child);
    const recorded = await record(herald.port, POLLED_PATHS);
    const file = join(options.out, 'polling-responses.json');
    await writeFile(file, JSON.stringify(recorded));
    const baseline = await startBaseline(options.baselineScript, file);
    children.push(baseline.child);
    const loads: Load[] = POLLED_PATHS.flatMap((path) =>
      MODES.map((mode): Load => {
        const headers: Record<string, string> = {};
        if (mode === '200 gzip') headers['accept-encoding'] = 'gzip';
        if (mode === '304 If-None-Match')
          headers['if-none-match'] = (recorded[path] as RecordedPath).identity.etag;
        return { name: `${path} ${mode}`, path, headers, status: Number(mode.slice(0, 3)) };
      }),
    );
    const figures = await measureInTurn([herald, baseline], loads, {
      rounds: POLLING_ROUNDS,
      seconds: options.seconds,
      log: options.log,
    });
    const of = (server: string, load: string) =>
      figures.get(`${server} ${load}`) ?? { rps: [], perCpu: [], load: '' };
    return POLLED_PATHS.flatMap((path) =>
      MODES.map((mode) => {
        const variants = recorded[path] as RecordedPath;
        const body =
          mode === '200 gzip' ? variants.gzip.body : mode === '200 identity' ? variants.identity.body : '';
        const name = `${path} ${mode}`;
        return {
          path,
          mode,
          bytes: Buffer.from(body, 'base64').length,
          herald: median(of('herald', name).rps),
          baseline: median(of('node:http', name).rps),
          heraldPerCpu: median(of('herald', name).perCpu),
          baselinePerCpu: median(of('node:http', name).perCpu),
          load: of('herald', name).load,
        };
      }),
    );
  } finally {
    for (const child of children) await stopChild(child);
  }
}
