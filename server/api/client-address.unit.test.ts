import type { IncomingHttpHeaders } from "node:http";
import { describe, expect, it } from "vitest";
import { appendPeerAddress, clientAddressFrom, NO_TRUSTED_PROXIES, normalizeAddress, parseTrustedProxies, UNKNOWN_ADDRESS } from "./client-address";

describe("clientAddressFrom without trusted proxies", () => {
  it("takes the rightmost hop, the one Strata's server appended, whatever the client wrote before it", () => {
    expect(clientAddressFrom("203.0.113.9", NO_TRUSTED_PROXIES)).toBe("203.0.113.9");
    expect(clientAddressFrom("1.2.3.4, 203.0.113.9", NO_TRUSTED_PROXIES)).toBe("203.0.113.9");
    expect(clientAddressFrom("127.0.0.1, 10.0.0.1,203.0.113.9", NO_TRUSTED_PROXIES)).toBe("203.0.113.9");
  });

  it("gives one shared key when nothing is known", () => {
    expect(clientAddressFrom(null, NO_TRUSTED_PROXIES)).toBe(UNKNOWN_ADDRESS);
    expect(clientAddressFrom("", NO_TRUSTED_PROXIES)).toBe(UNKNOWN_ADDRESS);
    expect(clientAddressFrom("1.2.3.4, not-an-address", NO_TRUSTED_PROXIES)).toBe(UNKNOWN_ADDRESS);
  });

  it("maps IPv4-mapped IPv6 sockets to the IPv4 address", () => {
    expect(clientAddressFrom("::ffff:198.51.100.7", NO_TRUSTED_PROXIES)).toBe("198.51.100.7");
  });
});

describe("clientAddressFrom with trusted proxies", () => {
  const trusted = parseTrustedProxies("10.0.0.0/8, 192.168.1.7, fd00::/8");

  it("skips trusted proxies from the right and stops at the first address that is not one", () => {
    expect(clientAddressFrom("203.0.113.9, 10.1.2.3", trusted)).toBe("203.0.113.9");
    expect(clientAddressFrom("203.0.113.9, 192.168.1.7, 10.1.2.3", trusted)).toBe("203.0.113.9");
  });

  it("never reaches past an untrusted hop to what the client claimed", () => {
    // The client sent "X-Forwarded-For: 1.1.1.1"; the proxy appended the client's real address.
    expect(clientAddressFrom("1.1.1.1, 198.51.100.20, 10.1.2.3", trusted)).toBe("198.51.100.20");
    // A client connecting directly (not through the proxy) is itself the rightmost hop.
    expect(clientAddressFrom("10.9.9.9, 198.51.100.20", trusted)).toBe("198.51.100.20");
  });

  it("falls back to the leftmost hop when every hop is a trusted proxy", () => {
    expect(clientAddressFrom("10.0.0.5, 10.1.2.3", trusted)).toBe("10.0.0.5");
  });

  it("matches IPv6 ranges and bracketed or ported hops", () => {
    expect(clientAddressFrom("2001:db8::1, [fd12::1]:4431", trusted)).toBe("2001:db8::1");
    expect(clientAddressFrom("203.0.113.9:5555, 10.1.2.3:80", trusted)).toBe("203.0.113.9");
    expect(clientAddressFrom("203.0.113.9, ::ffff:10.1.2.3", trusted)).toBe("203.0.113.9");
  });

  it("stops at a hop that is not an address", () => {
    expect(clientAddressFrom("203.0.113.9, garbage, 10.1.2.3", trusted)).toBe(UNKNOWN_ADDRESS);
  });
});

describe("parseTrustedProxies", () => {
  it("accepts addresses and CIDR ranges, ignoring blanks", () => {
    const trusted = parseTrustedProxies(" 127.0.0.1 ,, ::1, 172.16.0.0/12 ");
    expect(trusted.trusts("127.0.0.1")).toBe(true);
    expect(trusted.trusts("::1")).toBe(true);
    expect(trusted.trusts("172.31.255.255")).toBe(true);
    expect(trusted.trusts("172.32.0.1")).toBe(false);
    expect(trusted.trusts("unknown")).toBe(false);
  });

  it("trusts nothing by default", () => {
    expect(parseTrustedProxies(undefined).trusts("127.0.0.1")).toBe(false);
    expect(parseTrustedProxies("").trusts("127.0.0.1")).toBe(false);
  });

  it.each(["localhost", "10.0.0.0/33", "::/129", "10.0.0.0/8/8", "10.0.0.0/x", "1.2.3"])("refuses %s", (spec) => {
    expect(() => parseTrustedProxies(spec)).toThrow(spec);
  });
});

describe("normalizeAddress", () => {
  it.each([
    ["1.2.3.4", "1.2.3.4"],
    [" 1.2.3.4 ", "1.2.3.4"],
    ["1.2.3.4:8080", "1.2.3.4"],
    ["[2001:DB8::1]", "2001:db8::1"],
    ["[2001:db8::1]:443", "2001:db8::1"],
    ["::FFFF:1.2.3.4", "1.2.3.4"],
    ["evil.example", null],
    ["", null],
  ])("%s → %s", (hop, expected) => {
    expect(normalizeAddress(hop)).toBe(expected);
  });
});

describe("appendPeerAddress", () => {
  it("appends the socket address after whatever the client claimed", () => {
    const request = { headers: { "x-forwarded-for": "1.1.1.1" }, socket: { remoteAddress: "198.51.100.3" } };
    appendPeerAddress(request);
    expect(request.headers["x-forwarded-for"]).toBe("1.1.1.1, 198.51.100.3");
  });

  it("sets it when the client claimed nothing, and marks an unknown socket as unknown", () => {
    const direct: { headers: IncomingHttpHeaders; socket: { remoteAddress: string } } = { headers: {}, socket: { remoteAddress: "::1" } };
    appendPeerAddress(direct);
    expect(direct.headers["x-forwarded-for"]).toBe("::1");
    const closed = { headers: { "x-forwarded-for": "1.1.1.1" }, socket: {} };
    appendPeerAddress(closed);
    expect(clientAddressFrom(closed.headers["x-forwarded-for"], NO_TRUSTED_PROXIES)).toBe(UNKNOWN_ADDRESS);
  });
});
