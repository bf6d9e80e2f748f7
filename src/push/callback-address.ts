// Where the hub may send requests. A subscriber names any URL as its callback, so without a check the
// hub could be made to POST into the machine it runs on or its private network (server-side request
// forgery). The check runs when a connection is made, on the address actually connected to, so a name
// that resolves to a public address at subscription time and to 127.0.0.1 later (DNS rebinding) is
// still refused.
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { BlockList, isIP, type LookupFunction } from 'node:net';

const PRIVATE = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8], // "this network"
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8],
  ['169.254.0.0', 16], // link-local, cloud metadata services
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15], // benchmarking
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
] as const)
  PRIVATE.addSubnet(network, prefix, 'ipv4');
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['::ffff:0:0', 96], // IPv4-mapped: checked again as IPv4 below
  ['64:ff9b::', 96], // NAT64
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['ff00::', 8], // multicast
] as const)
  PRIVATE.addSubnet(network, prefix, 'ipv6');

/** Whether an IP address is loopback, private, link-local or otherwise not on the public internet. */
export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return PRIVATE.check(address, 'ipv4');
  if (family !== 6) return true;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  if (mapped) return PRIVATE.check(mapped, 'ipv4');
  return PRIVATE.check(address, 'ipv6');
}

/** Why a callback URL is refused, or undefined when it may be used (its address is checked on connect). */
export function callbackUrlProblem(callback: string, allowPrivate: boolean): string | undefined {
  let url: URL;
  try {
    url = new URL(callback);
  } catch {
    return 'hub.callback is not an absolute URL';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'hub.callback must be an http(s) URL';
  if (url.username !== '' || url.password !== '') return 'hub.callback must not carry credentials';
  if (url.hash !== '') return 'hub.callback must not have a fragment';
  if (callback.length > 2048) return 'hub.callback is longer than 2048 characters';
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (
    !allowPrivate &&
    (isIP(host) ? isPrivateAddress(host) : host === 'localhost' || host.endsWith('.localhost'))
  )
    return 'hub.callback points at a loopback or private address';
  return undefined;
}

/**
 * A `lookup` for http.request that resolves as usual and then refuses every private address, so the
 * check holds for the address connected to. Node connects to an IP literal without calling lookup:
 * `callbackUrlProblem` refuses private literals before a callback is ever stored.
 */
export function publicOnlyLookup(allowPrivate: boolean): LookupFunction | undefined {
  if (allowPrivate) return undefined;
  return ((hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, '', 0);
      const refused = addresses.find((entry) => isPrivateAddress(entry.address));
      if (refused) {
        const denied = Object.assign(
          new Error(`${hostname} resolves to a private address (${refused.address})`),
          {
            code: 'EPRIVATEADDRESS',
          },
        );
        return callback(denied, '', 0);
      }
      if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
      const first = addresses[0] as LookupAddress;
      return callback(null, first.address, first.family);
    });
  }) as LookupFunction;
}
