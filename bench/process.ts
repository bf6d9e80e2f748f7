// Child processes of the bench: spawned (optionally pinned to CPUs), their stderr kept, stopped cleanly.
import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';

export interface Child {
  pid: number;
  exited: Promise<number>;
  exitCode(): number | undefined;
  stdout(): string;
  stderr(): string;
  kill(signal?: NodeJS.Signals): void;
}

export function startChild(
  command: string,
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; cpus?: string; stdoutFile?: string },
): Child {
  // taskset execs the command in place: the pid stays the server's own.
  const [file, argv] = options.cpus ? ['taskset', ['-c', options.cpus, command, ...args]] : [command, args];
  // A file for stdout when the child writes a lot (the request log), as `herald serve > log` would.
  const stdoutFd = options.stdoutFile === undefined ? undefined : openSync(options.stdoutFile, 'w');
  const child = spawn(file as string, argv as string[], {
    cwd: options.cwd,
    env: options.env,
    stdio: ['ignore', stdoutFd ?? 'pipe', 'pipe'],
  });
  if (stdoutFd !== undefined) closeSync(stdoutFd);
  let out = '';
  let err = '';
  let code: number | undefined;
  child.stdout?.on('data', (chunk: Buffer) => {
    out += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    err += chunk.toString();
  });
  const exited = new Promise<number>((resolve) => {
    child.on('exit', (c, signal) => {
      code = c ?? (signal ? 128 : 1);
      resolve(code);
    });
  });
  if (child.pid === undefined) throw new Error(`could not start ${command}`);
  return {
    pid: child.pid,
    exited,
    exitCode: () => code,
    stdout: () => out,
    stderr: () => err,
    kill: (signal = 'SIGTERM') => {
      child.kill(signal);
    },
  };
}

export async function stopChild(child: Child): Promise<void> {
  if (child.exitCode() !== undefined) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await child.exited;
  clearTimeout(timer);
}

/** Peak resident set size of a running process so far (VmHWM), in MB. */
export function peakRssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/^VmHWM:\s+(\d+)\s+kB/m.exec(status)?.[1] ?? Number.NaN);
  return kb / 1024;
}
