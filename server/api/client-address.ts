import type { IncomingHttpHeaders } from "node:http";
import { BlockList, isIP } from "node:net";

/**
 * The address a request came from, for the sign-in limiter (docs/security-auth.md).
 *
 * Next's App Router route handlers never see the socket: `request.ip` is gone since Next 15, and Next's own server
 * only fills `X-Forwarded-For` with the socket address when the client sent none (`??=`, next/dist/server/
 * base-server.js), so a client that sends one hides its real address. Strata's server (scripts/start.ts) therefore
 * does what every reverse proxy does: it appends the socket address it accepted the connection from
 * (`appendPeerAddress`). The rightmost hop is then always one this server wrote itself, and the hops to its left
 * are claims made by whoever connected. Those claims are believed only hop by hop from configured proxies
 * (`STRATA_TRUSTED_PROXIES`): walking from the right, trusted proxies are skipped and the first address that is
 * not one of them is the client.
 */

/** Stands in for an address that cannot be known; one shared bucket, so it is never a way around a limit. */
export const UNKNOWN_ADDRESS = "unknown";

export interface TrustedProxies {
  /** Whether `address` (already normalised) is a proxy whose `X-Forwarded-For` hop may be believed. */
  trusts(address: string): boolean;
}

export const NO_TRUSTED_PROXIES: TrustedProxies = { trusts: () => false };

/**
 * Parses `STRATA_TRUSTED_PROXIES`: comma-separated IPv4/IPv6 addresses and CIDR ranges
 * (`10.0.0.0/8, 192.168.1.7, fd00::/8`). Throws with the offending entry when one is not valid.
 */
export function parseTrustedProxies(spec: string | undefined): TrustedProxies {
  const entries = (spec ?? "")
    .split(",")
    .map((entry) => entry.trim())
    .filter((entry) => entry.length > 0);
  if (entries.length === 0) return NO_TRUSTED_PROXIES;
  const list = new BlockList();
  for (const entry of entries) {
    const [address = "", prefix, ...extra] = entry.split("/");
    const family = isIP(address);
    if (family === 0 || extra.length > 0) throw new Error(`"${entry}" is not an IP address or CIDR range`);
    const type = family === 4 ? "ipv4" : "ipv6";
    if (prefix === undefined) {
      // Canonical form, so `::ffff:10.0.0.5` in the setting matches the hop `10.0.0.5`.
      const canonical = normalizeAddress(address) ?? address;
      list.addAddress(canonical, isIP(canonical) === 4 ? "ipv4" : "ipv6");
      continue;
    }
    const bits = Number(prefix);
    const maxBits = family === 4 ? 32 : 128;
    if (!/^\d{1,3}$/.test(prefix) || bits > maxBits) throw new Error(`"${entry}" has an invalid prefix length (0–${maxBits})`);
    list.addSubnet(address, bits, type);
  }
  return {
    trusts(address) {
      const family = isIP(address);
      return family !== 0 && list.check(address, family === 4 ? "ipv4" : "ipv6");
    },
  };
}

/**
 * One `X-Forwarded-For` hop → a canonical address, or null when it is not an IP address. Accepts what proxies
 * write in practice: `[v6]`, `[v6]:port`, `v4:port`; maps `::ffff:1.2.3.4` to `1.2.3.4` so one client has one key.
 */
export function normalizeAddress(hop: string): string | null {
  let candidate = hop.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(candidate);
  if (bracketed?.[1]) candidate = bracketed[1];
  else if (/^[\d.]+:\d+$/.test(candidate)) candidate = candidate.slice(0, candidate.lastIndexOf(":"));
  const family = isIP(candidate);
  if (family === 0) return null;
  if (family === 6) {
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(candidate);
    if (mapped?.[1]) return mapped[1];
    return candidate.toLowerCase();
  }
  return candidate;
}

/** Longest `X-Forwarded-For` value looked at; a longer one is a bogus claim, and only its right end matters. */
const MAX_FORWARDED_FOR_LENGTH = 4096;

/**
 * The client's address from the `X-Forwarded-For` value this server completed (see `appendPeerAddress`).
 * Without trusted proxies that is the rightmost hop, whatever the client wrote to its left.
 */
export function clientAddressFrom(forwardedFor: string | null | undefined, trusted: TrustedProxies): string {
  if (!forwardedFor) return UNKNOWN_ADDRESS;
  const hops = forwardedFor.slice(-MAX_FORWARDED_FOR_LENGTH).split(",");
  for (let index = hops.length - 1; index >= 0; index--) {
    const address = normalizeAddress(hops[index] ?? "");
    // A hop that is not an address cannot be trusted, nor used to tell clients apart.
    if (address === null) return UNKNOWN_ADDRESS;
    if (!trusted.trusts(address) || index === 0) return address;
  }
  return UNKNOWN_ADDRESS;
}

/**
 * Appends the socket's remote address to `X-Forwarded-For`, as a reverse proxy would. Called by the HTTP server
 * (scripts/start.ts) for every request before Next sees it; tests' HTTP servers call it too.
 */
export function appendPeerAddress(request: { headers: IncomingHttpHeaders; socket: { remoteAddress?: string | undefined } }): void {
  const peer = request.socket.remoteAddress ?? UNKNOWN_ADDRESS;
  const existing = request.headers["x-forwarded-for"];
  const claimed = Array.isArray(existing) ? existing.join(", ") : existing;
  request.headers["x-forwarded-for"] = claimed ? `${claimed}, ${peer}` : peer;
}
