// TRUST_PROXY: which reverse proxies may say who the client is (X-Forwarded-For) and how it came (X-Forwarded-Proto).
//
// The client address is then the right-most address of X-Forwarded-For that was not written by a trusted
// proxy: a client can put anything at the left of the header, never at its right, because each proxy
// appends the address it saw.
import { isIP } from 'node:net';

/**
 * false: trust nothing (the socket's address is the client). A number: that many proxies in front of the
 * shop, the socket's peer being the nearest (hop count). A list: the proxies' addresses or CIDR ranges
 * (or proxy-addr's names loopback, linklocal, uniquelocal).
 */
export type TrustProxy = false | number | string[];

export const MAX_TRUSTED_HOPS = 10;

/** proxy-addr's named ranges, accepted as they are. */
const NAMED_RANGES = new Set(['loopback', 'linklocal', 'uniquelocal']);

export interface ParsedTrustProxy {
  value: TrustProxy;
  /** Set when the value is accepted but should be written otherwise (logged at start). */
  warning: string | null;
}

/** Why an entry of an address list is not an address or CIDR range, or null when it is one. */
function entryProblem(entry: string): string | null {
  if (NAMED_RANGES.has(entry)) return null;
  const slash = entry.indexOf('/');
  const address = slash === -1 ? entry : entry.slice(0, slash);
  const family = address.includes('%') ? 0 : isIP(address);
  if (family === 0) return `"${entry}" is not an IP address or CIDR range`;
  if (slash === -1) return null;
  const prefix = entry.slice(slash + 1);
  const max = family === 4 ? 32 : 128;
  // A /0 would trust every address (proxy-addr refuses it too).
  if (!/^\d{1,3}$/.test(prefix) || Number(prefix) < 1 || Number(prefix) > max) return `"${entry}" has a prefix length that is not 1 to ${max}`;
  return null;
}

/**
 * Reads TRUST_PROXY. Throws an Error naming the mistake for anything it cannot read exactly (the config
 * turns it into a configuration error). `true` (also yes/on) is taken as one hop, with a warning: it used
 * to trust every address, which lets any client choose its address with a header of its own.
 */
export function parseTrustProxy(raw: string | undefined): ParsedTrustProxy {
  const text = (raw ?? '').trim();
  if (text === '' || /^(false|no|off)$/i.test(text)) return { value: false, warning: null };
  if (/^(true|yes|on)$/i.test(text)) {
    return {
      value: 1,
      warning: `TRUST_PROXY=${text} is read as 1 (one proxy in front of the shop): set the number of proxies or their addresses instead`,
    };
  }
  if (/^\d+$/.test(text)) {
    const hops = Number(text);
    if (hops > MAX_TRUSTED_HOPS) throw new Error(`TRUST_PROXY must be a number of proxies from 0 to ${MAX_TRUSTED_HOPS}, got "${text}"`);
    return { value: hops === 0 ? false : hops, warning: null };
  }
  const entries = text.split(',').map((entry) => entry.trim());
  if (entries.some((entry) => entry === '')) throw new Error(`TRUST_PROXY has an empty entry in "${text}"`);
  for (const entry of entries) {
    const problem = entryProblem(entry);
    if (problem) {
      throw new Error(`TRUST_PROXY must be false, a number of proxies (1, 2) or a comma-separated list of proxy addresses/CIDR ranges: ${problem}`);
    }
  }
  return { value: entries, warning: null };
}

/**
 * The value for Fastify's trustProxy option. A hop count becomes a function: Fastify itself treats a
 * number as "trust nothing", while proxy-addr's rule is "the first n addresses from the socket are proxies".
 */
export function fastifyTrustProxy(value: TrustProxy): false | string[] | ((address: string, hop: number) => boolean) {
  if (value === false) return false;
  if (typeof value === 'number') {
    const hops = value;
    return (_address, hop) => hop < hops;
  }
  return value;
}
