// WebSub subscribers for the hub fan-out bench, in their own process so the hub's figure is the
// hub's work alone: every callback URL `/<secret>` answers 204 and checks the X-Hub-Signature
// (HMAC-SHA256 of the body with that secret). `GET /count` answers what was received and verified.
// Usage: node --import tsx bench/stub-subscribers.ts; prints the port when listening.
import { createHmac } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

let delivered = 0;
let signed = 0;
const server = createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/count') {
    res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ delivered, signed }));
    return;
  }
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    const secret = (req.url ?? '').slice(1);
    const expected = `sha256=${createHmac('sha256', secret).update(Buffer.concat(chunks)).digest('hex')}`;
    if (req.headers['x-hub-signature'] === expected) signed += 1;
    delivered += 1;
    res.writeHead(204).end();
  });
});
server.keepAliveTimeout = 65_000;
server.listen(0, '127.0.0.1', () => {
  console.log(`listening ${(server.address() as AddressInfo).port}`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
