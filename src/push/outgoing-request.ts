// One HTTP request from the hub or the publisher to another server: bounded in time and in the bytes
// read back, over keep-alive connections, with the caller's address check on every connection.
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';

export interface OutgoingRequest {
  method: 'GET' | 'POST';
  url: string;
  headers?: Record<string, string>;
  body?: Buffer | string;
  timeoutMs: number;
  lookup?: LookupFunction;
  /** Bytes of the answer kept; the rest is read and dropped. */
  maxAnswerBytes?: number;
}

export interface OutgoingAnswer {
  status: number;
  body: string;
}

export class Connections {
  readonly http: HttpAgent;
  readonly https: HttpsAgent;

  constructor(maxSockets: number) {
    const options = {
      keepAlive: true,
      maxSockets: 8,
      maxTotalSockets: maxSockets,
      scheduling: 'fifo' as const,
    };
    this.http = new HttpAgent(options);
    this.https = new HttpsAgent(options);
  }

  destroy(): void {
    this.http.destroy();
    this.https.destroy();
  }
}

export function sendRequest(connections: Connections, request: OutgoingRequest): Promise<OutgoingAnswer> {
  return new Promise((resolve, reject) => {
    const url = new URL(request.url);
    const secure = url.protocol === 'https:';
    const headers: Record<string, string> = { ...request.headers };
    if (request.body !== undefined) headers['Content-Length'] = String(Buffer.byteLength(request.body));
    const req = (secure ? httpsRequest : httpRequest)(url, {
      method: request.method,
      headers,
      agent: secure ? connections.https : connections.http,
      timeout: request.timeoutMs,
      ...(request.lookup ? { lookup: request.lookup } : {}),
    });
    const timer = setTimeout(
      () => req.destroy(new Error(`no answer within ${request.timeoutMs} ms`)),
      request.timeoutMs,
    );
    req.on('timeout', () => req.destroy(new Error(`no answer within ${request.timeoutMs} ms`)));
    req.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    req.on('response', (res: IncomingMessage) => {
      const limit = request.maxAnswerBytes ?? 4096;
      const chunks: Buffer[] = [];
      let kept = 0;
      res.on('data', (chunk: Buffer) => {
        if (kept < limit) {
          chunks.push(chunk.subarray(0, limit - kept));
          kept += Math.min(chunk.length, limit - kept);
        }
      });
      res.on('end', () => {
        clearTimeout(timer);
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') });
      });
      res.on('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
    });
    req.end(request.body);
  });
}
