// A real Herald server whose siteUrl is its own origin, so the absolute links in its pages lead
// back to it and a browser can follow them.
import { createServer } from 'node:net';
import { resolveSettings } from '../../src/config.ts';
import { type RunningServer, startServer } from '../../src/http/server.ts';
import { TEST_STATE_DIR } from './site-fixture.ts';

/** A port that was free a moment ago: listen on port 0, note the port, close. */
export function findFreePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, host, () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => (port ? resolve(port) : reject(new Error('no port assigned'))));
    });
  });
}

/**
 * Starts Herald on `articlesDir` at `http://127.0.0.1:<port>/`, with `siteUrl` set to that origin.
 * The port must be known before the settings are, so it is probed first; if another process takes
 * it in between, the start is retried on a new port.
 */
export async function serveAtOwnOrigin(articlesDir: string, cwd: string): Promise<RunningServer> {
  const host = '127.0.0.1';
  for (let attempt = 1; ; attempt += 1) {
    const port = await findFreePort(host);
    const settings = resolveSettings(
      [
        {
          siteUrl: `http://${host}:${port}/`,
          articlesDir,
          port,
          host,
          pollLimitPerMinute: 0,
          stateDir: TEST_STATE_DIR,
        },
      ],
      cwd,
    );
    try {
      return await startServer({ settings });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE' || attempt >= 3) throw error;
    }
  }
}
