// The parts of the `pubsubhubbub` package (a WebSub subscriber, no published types) the tests use.
declare module 'pubsubhubbub' {
  import type { EventEmitter } from 'node:events';

  interface SubscriberOptions {
    callbackUrl?: string;
    secret?: string;
    leaseSeconds?: number;
  }

  interface Subscriber extends EventEmitter {
    listen(port: number, host: string): void;
    subscribe(topic: string, hub: string, callback: (error: Error | null) => void): void;
    unsubscribe(topic: string, hub: string, callback: (error: Error | null) => void): void;
  }

  const pubsubhubbub: { createServer(options: SubscriberOptions): Subscriber };
  export default pubsubhubbub;
}
