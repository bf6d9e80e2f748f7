// A minimal keep-alive HTTP client for the bench: status, headers and body of one GET.
import { Agent, type IncomingHttpHeaders, request } from 'node:http';
import { createServer } from 'node:net';
import type { Child } from './process.ts';

export type HttpAgent = Agent;

export function newAgent(sockets: number): Agent {
  return new Agent({ keepAlive: true, maxSockets: sockets });
}

export interface Got {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export function get(
  agent: Agent,
  port: number,
  path: string,
  headers: Record<string, string> = {},
): Promise<Got> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, agent, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Calls `check` every `everyMs` until it is true; fails after `timeoutMs` or when `child` exits. */
export async function waitFor(
  check: () => Promise<boolean>,
  timeoutMs: number,
  everyMs: number,
  child?: Child,
): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (child?.exitCode() !== undefined) throw new Error(`the server exited: ${child.stderr()}`);
    if (performance.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms`);
    await sleep(everyMs);
  }
}

/** A port nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Waits until `path` on `port` answers 200, polling every `everyMs`; fails when `child` exits. */
export async function waitForOk(
  port: number,
  child: Child,
  {
    path = '/feed.xml',
    timeoutMs = 60_000,
    everyMs = 5,
  }: { path?: string; timeoutMs?: number; everyMs?: number } = {},
): Promise<void> {
  const agent = newAgent(1);
  try {
    await waitFor(
      async () => (await get(agent, port, path).catch(() => undefined))?.status === 200,
      timeoutMs,
      everyMs,
      child,
    );
  } finally {
    agent.destroy();
  }
}
