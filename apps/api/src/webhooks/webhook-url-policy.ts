import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { BlockList, isIP, type LookupFunction } from 'node:net';

/** Why an endpoint URL may not be called; the message says it for the organization. */
export class WebhookUrlRefused extends Error {
  constructor(
    readonly url: string,
    reason: string,
  ) {
    super(reason);
  }
}

/** Never callable: private networks, link-local (cloud metadata among them), and the like. */
const INTERNAL = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  INTERNAL.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
  ['64:ff9b::', 96],
] as const) {
  INTERNAL.addSubnet(network, prefix, 'ipv6');
}
const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');

/**
 * Which webhook URLs Loquent calls. In production only https, and never an address inside a
 * network (loopback, private, link-local, metadata): an organization must not make Loquent reach
 * its own infrastructure. Outside production loopback and http are allowed, for the demo and the
 * tests. Checked when an endpoint is saved and again at every connection, on the address DNS gives
 * then (a name that later resolves inside is refused, and is connected to by that checked address).
 */
export class WebhookUrlPolicy {
  constructor(
    private readonly production: boolean,
    private readonly resolve: (host: string) => Promise<LookupAddress[]> = resolveAll,
  ) {}

  /** The URL, parsed, when it may be called now; WebhookUrlRefused otherwise. */
  async check(text: string): Promise<URL> {
    const url = this.parse(text);
    const host = hostOf(url);
    const addresses = isIP(host)
      ? [{ address: host, family: isIP(host) }]
      : await this.addresses(text, host);
    for (const { address } of addresses) this.checkAddress(text, address);
    return url;
  }

  parse(text: string): URL {
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      throw new WebhookUrlRefused(text, 'url must be an absolute http(s) URL');
    }
    if (url.protocol !== 'https:' && (this.production || url.protocol !== 'http:')) {
      throw new WebhookUrlRefused(
        text,
        this.production ? 'url must be https' : 'url must be http or https',
      );
    }
    if (url.username || url.password) {
      throw new WebhookUrlRefused(text, 'url must not carry credentials');
    }
    return url;
  }

  /** For http.request: resolves as usual, and refuses a name that resolves inside. */
  readonly lookup: LookupFunction = (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, '', 0);
      try {
        for (const { address } of addresses) this.checkAddress(hostname, address);
      } catch (refused) {
        return callback(refused as NodeJS.ErrnoException, '', 0);
      }
      if (options.all) return (callback as (e: null, a: LookupAddress[]) => void)(null, addresses);
      const first = addresses[0]!;
      callback(null, first.address, first.family);
    });
  };

  /** Refuses an address Loquent may not call (the URL named for the message). */
  checkAddress(url: string, address: string): void {
    const family: 'ipv4' | 'ipv6' = isIP(address) === 6 ? 'ipv6' : 'ipv4';
    const mapped = family === 'ipv6' ? ipv4Mapped(address) : null;
    const [ip, kind]: [string, 'ipv4' | 'ipv6'] = mapped ? [mapped, 'ipv4'] : [address, family];
    if (INTERNAL.check(ip, kind)) {
      throw new WebhookUrlRefused(url, `url resolves to ${address}, inside a private network`);
    }
    if (this.production && LOOPBACK.check(ip, kind)) {
      throw new WebhookUrlRefused(url, `url resolves to ${address}, a loopback address`);
    }
  }

  private async addresses(url: string, host: string): Promise<LookupAddress[]> {
    try {
      return await this.resolve(host);
    } catch {
      throw new WebhookUrlRefused(url, `url's host ${host} does not resolve`);
    }
  }
}

function hostOf(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, '$1');
}

/** ::ffff:10.0.0.1 (or ::ffff:a00:1) is 10.0.0.1. */
function ipv4Mapped(address: string): string | null {
  const match = address.toLowerCase().match(/^(?:0*:)*:?ffff:(.+)$/);
  if (!match) return null;
  const rest = match[1]!;
  if (isIP(rest) === 4) return rest;
  const hex = rest.match(/^([0-9a-f]{1,4}):([0-9a-f]{1,4})$/);
  if (!hex) return null;
  const [high, low] = [parseInt(hex[1]!, 16), parseInt(hex[2]!, 16)];
  return [high >> 8, high & 255, low >> 8, low & 255].join('.');
}

function resolveAll(host: string): Promise<LookupAddress[]> {
  return new Promise((resolve, reject) =>
    dnsLookup(host, { all: true }, (error, addresses) =>
      error ? reject(error) : resolve(addresses),
    ),
  );
}
