// Request targets in absolute form (RFC 9112 §3.2.2), as proxies send them.
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/http/server.ts';
import { type ArticlesDir, makeArticlesDir } from '../helpers/articles-dir.ts';
import { serve } from '../helpers/server.ts';

const LEICA = '/articles/leica-ends-huawei-partnership-and-signs-with-xiaomi';

/** Sends one request as written and returns the status line and headers of the answer. */
function rawRequest(
  port: number,
  target: string,
): Promise<{ status: number; headers: Record<string, string> }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let text = '';
    socket.on('data', (chunk) => {
      text += chunk.toString('latin1');
      const end = text.indexOf('\r\n\r\n');
      if (end === -1) return;
      const [statusLine = '', ...lines] = text.slice(0, end).split('\r\n');
      const headers: Record<string, string> = {};
      for (const line of lines) {
        const colon = line.indexOf(':');
        headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
      }
      socket.destroy();
      resolve({ status: Number(statusLine.split(' ')[1]), headers });
    });
    socket.on('error', reject);
    socket.write(`GET ${target} HTTP/1.1\r\nHost: news.example.org\r\nConnection: close\r\n\r\n`);
  });
}

describe('an absolute-form request target', () => {
  let articles: ArticlesDir;
  let server: RunningServer;
  beforeAll(async () => {
    articles = await makeArticlesDir();
    server = await serve(articles.path);
  });
  afterAll(async () => {
    await server.close();
    await articles.dispose();
  });

  it('is answered like its origin form', async () => {
    expect((await rawRequest(server.port, 'http://news.example.org/feed.xml')).status).toBe(200);
    expect((await rawRequest(server.port, `http://news.example.org${LEICA}/`)).status).toBe(200);
  });

  it.each([
    [`http://news.example.org${LEICA}`, `${LEICA}/`],
    [`http://news.example.org${LEICA}?utm=x`, `${LEICA}/?utm=x`],
    [`http://other.example${LEICA}`, `${LEICA}/`],
  ])('%s redirects to the canonical path %s', async (target, location) => {
    const answer = await rawRequest(server.port, target);
    expect(answer.status).toBe(301);
    expect(answer.headers.location).toBe(location);
  });
});
