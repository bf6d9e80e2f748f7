// Runs the herald CLI as a separate process, the way a user or CI does, in a chosen folder.
import { type ChildProcess, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

const MAIN = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

/** The environment without the variables that would override a test's settings. */
function cleanEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of Object.keys(env)) {
    if (/^(HERALD_|AWS_|SITE_URL$|PORT$|HOST$|ARTICLES_DIR$)/.test(name)) delete env[name];
  }
  return env;
}

export function spawnHerald(args: string[], cwd: string, env: Record<string, string> = {}): ChildProcess {
  return spawn(process.execPath, ['--import', TSX, MAIN, ...args], {
    cwd,
    env: { ...cleanEnv(), ...env },
    stdio: 'pipe',
  });
}

export interface HeraldRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** A running herald process whose output can be read while it runs. */
export interface RunningHerald {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  exited: Promise<HeraldRun>;
}

export function watchHerald(child: ChildProcess): RunningHerald {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<HeraldRun>((resolve) => {
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return { child, stdout: () => stdout, stderr: () => stderr, exited };
}

export function collect(child: ChildProcess): Promise<HeraldRun> {
  return watchHerald(child).exited;
}

export function runHerald(args: string[], cwd: string, env: Record<string, string> = {}): Promise<HeraldRun> {
  return collect(spawnHerald(args, cwd, env));
}

/** A `herald serve` process on 127.0.0.1 and the address it said it listens on. */
export interface ServingHerald extends RunningHerald {
  url: string;
}

/**
 * Starts `herald serve --quiet` on a port the OS picks, with `args` after it, and resolves once it
 * says where it listens (waiting by condition, with room for a loaded machine).
 */
export async function serveHerald(
  args: string[],
  cwd: string,
  env: Record<string, string> = {},
  timeoutMs = 60_000,
): Promise<ServingHerald> {
  const herald = watchHerald(
    spawnHerald(['serve', '--quiet', '--port', '0', '--host', '127.0.0.1', ...args], cwd, env),
  );
  const listening = /on (http:\/\/127\.0\.0\.1:\d+)\//;
  const deadline = Date.now() + timeoutMs;
  while (!listening.test(herald.stdout())) {
    if (herald.child.exitCode !== null) throw new Error(`herald serve exited: ${herald.stderr()}`);
    if (Date.now() > deadline) throw new Error(`herald serve did not start within ${timeoutMs} ms`);
    await new Promise((done) => setTimeout(done, 50));
  }
  return { ...herald, url: listening.exec(herald.stdout())?.[1] as string };
}
