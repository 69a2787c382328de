import { describe, expect, it } from "vitest";
import { AppError } from "../errors";
import { contentSecurityPolicy, newNonce } from "./csp";
import {
  assertSameOrigin,
  findNulCharacter,
  isWellFormedRequestTarget,
  mediaType,
  nestsDeeperThan,
  readBodyCapped,
  screenInput,
  decodeUrlComponent,
} from "./transport";

function streamOf(chunks: number, chunkBytes: number, headers: Record<string, string> = {}): { request: Request; pulled: () => number } {
  let pulled = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (pulled >= chunks) return controller.close();
      pulled++;
      controller.enqueue(new Uint8Array(chunkBytes));
    },
  });
  // @ts-expect-error Node's fetch needs duplex for streamed bodies
  const request = new Request("http://127.0.0.1/x", { method: "POST", body, headers, duplex: "half" });
  return { request, pulled: () => pulled };
}

describe("readBodyCapped", () => {
  it("returns a body under the cap", async () => {
    const body = await readBodyCapped(new Request("http://127.0.0.1/x", { method: "POST", body: "hello" }), 10);
    expect(new TextDecoder().decode(body)).toBe("hello");
  });

  it("refuses a declared Content-Length above the cap without reading", async () => {
    const { request, pulled } = streamOf(100, 1024, { "content-length": String(100 * 1024 * 1024) });
    await expect(readBodyCapped(request, 1024)).rejects.toMatchObject({ code: "PAYLOAD_TOO_LARGE" });
    // The stream itself may pre-fetch one chunk; nothing is read past that.
    expect(pulled()).toBeLessThanOrEqual(1);
  });

  it("stops reading a chunked body as soon as it passes the cap", async () => {
    const { request, pulled } = streamOf(100_000, 1024);
    await expect(readBodyCapped(request, 8 * 1024)).rejects.toBeInstanceOf(AppError);
    // A few chunks past the cap at most (the stream may have one chunk queued), never the 100 MB.
    expect(pulled()).toBeLessThan(20);
  });

  it("refuses a nonsense Content-Length", async () => {
    const request = new Request("http://127.0.0.1/x", { method: "POST", body: "x", headers: { "content-length": "-5" } });
    await expect(readBodyCapped(request, 10)).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });
});

describe("NUL characters", () => {
  it("finds them in values and keys, at any depth, with a path", () => {
    expect(findNulCharacter("a\u0000")).toBe("(input)");
    expect(findNulCharacter({ a: [{ b: "ok" }, { c: "x\u0000y" }] })).toBe("a.1.c");
    expect(findNulCharacter({ "k\u0000": 1 })).toBe("k\u0000");
    expect(findNulCharacter({ a: "fine", b: [1, null, true] })).toBeUndefined();
  });

  it("rejects with a BAD_REQUEST naming where", () => {
    expect(() => screenInput({ description: "\u0000" }, "body")).toThrow(/NUL characters \(body: description\)/);
  });
});

describe("nesting depth", () => {
  it("counts arrays and objects, not scalars, and survives any depth", () => {
    expect(nestsDeeperThan("text", 0)).toBe(false);
    expect(nestsDeeperThan({ a: 1 }, 1)).toBe(false);
    expect(nestsDeeperThan({ a: [1] }, 1)).toBe(true);
    expect(nestsDeeperThan({ a: [{ b: [] }], c: "x" }, 4)).toBe(false);
    expect(nestsDeeperThan({ a: [{ b: [] }], c: "x" }, 3)).toBe(true);
    expect(nestsDeeperThan(JSON.parse(`${"[".repeat(200_000)}${"]".repeat(200_000)}`), 64)).toBe(true);
  });
});

describe("URLs", () => {
  it("treats malformed %-escapes as the client's error", () => {
    expect(isWellFormedRequestTarget("/api/trpc/%E0%A4%A")).toBe(false);
    expect(isWellFormedRequestTarget("/api/trpc/auth.me?input=%E0")).toBe(true);
    expect(isWellFormedRequestTarget("/app/system/modules/nginx%20x")).toBe(true);
    expect(() => decodeUrlComponent("%E0%A4%A")).toThrow(AppError);
  });
});

describe("same-origin writes", () => {
  const headers = (entries: Record<string, string>) => new Headers({ host: "strata.example:3000", ...entries });

  it("accepts same-origin, no Origin at all, and Sec-Fetch-Site none/same-origin", () => {
    expect(() => assertSameOrigin(headers({ origin: "http://strata.example:3000" }))).not.toThrow();
    expect(() => assertSameOrigin(headers({}))).not.toThrow();
    expect(() => assertSameOrigin(headers({ "sec-fetch-site": "same-origin", origin: "http://strata.example:3000" }))).not.toThrow();
    expect(() => assertSameOrigin(headers({ "sec-fetch-site": "none" }))).not.toThrow();
  });

  it("refuses other origins, opaque origins and cross-site fetch metadata", () => {
    const attempts: Array<Record<string, string>> = [
      { origin: "http://evil.example" },
      { origin: "http://strata.example:3001" },
      { origin: "null" },
      { "sec-fetch-site": "cross-site" },
      { "sec-fetch-site": "same-site", origin: "http://strata.example:3000" },
    ];
    for (const bad of attempts) {
      expect(() => assertSameOrigin(headers(bad)), JSON.stringify(bad)).toThrow(/Cross-site/);
    }
  });

  it("reads the media type without parameters", () => {
    expect(mediaType(new Headers({ "content-type": "Application/JSON; charset=utf-8" }))).toBe("application/json");
    expect(mediaType(new Headers())).toBeUndefined();
  });
});

describe("content security policy", () => {
  it("allows scripts only with the nonce and nothing from other origins", () => {
    const nonce = newNonce();
    const policy = contentSecurityPolicy(nonce, { dev: false });
    expect(policy).toContain(`script-src 'self' 'nonce-${nonce}' 'strict-dynamic'`);
    expect(policy).not.toContain("unsafe-eval");
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).toContain("worker-src 'self' blob:");
    expect(policy).not.toMatch(/https?:\/\//);
    expect(newNonce()).not.toBe(nonce);
    expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
  });
});
