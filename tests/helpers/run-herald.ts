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
    if (/^(HERALD_|SITE_URL$|PORT$|HOST$|ARTICLES_DIR$)/.test(name)) delete env[name];
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

export function collect(child: ChildProcess): Promise<HeraldRun> {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  return new Promise((resolve) => {
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

export function runHerald(args: string[], cwd: string, env: Record<string, string> = {}): Promise<HeraldRun> {
  return collect(spawnHerald(args, cwd, env));
}
