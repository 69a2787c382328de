import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { RegistryClient, RegistryError } from "./ingest-registry";

const digest = (b: Buffer) => `sha256:${createHash("sha256").update(b).digest("hex")}`;
type Handler = (url: URL, init: RequestInit) => Response;
const fakeFetch = (handler: Handler): typeof fetch => (async (input: string | URL | Request, init?: RequestInit) => handler(new URL(String(input)), init ?? {})) as typeof fetch;
const client = (handler: Handler, host = "127.0.0.1:5000", extra: Partial<ConstructorParameters<typeof RegistryClient>[0]> = {}) =>
  new RegistryClient({ ref: { host, path: "acme/mod" }, fetch: fakeFetch(handler), ...extra });

describe("RegistryClient", () => {
  it("uses plain http only for loopback or allow-listed hosts", () => {
    expect(client(() => new Response()).baseUrl).toBe("http://127.0.0.1:5000");
    expect(client(() => new Response(), "registry.example.com").baseUrl).toBe("https://registry.example.com");
    expect(client(() => new Response(), "registry.lan:5000", { insecureHosts: ["registry.lan:5000"] }).baseUrl).toBe("http://registry.lan:5000");
  });

  it("follows tag pagination", async () => {
    const tags = await client((url) =>
      url.searchParams.get("last")
        ? Response.json({ tags: ["2.0.0"] })
        : Response.json({ tags: ["1.0.0"] }, { headers: { link: '</v2/acme/mod/tags/list?n=1000&last=1.0.0>; rel="next"' } }),
    ).listTags();
    expect(tags).toEqual(["1.0.0", "2.0.0"]);
  });

  it("refuses a manifest whose bytes do not hash to the digest asked for", async () => {
    const body = Buffer.from('{"schemaVersion":2}');
    const c = client(() => new Response(body, { headers: { "content-type": "application/vnd.oci.image.manifest.v1+json" } }));
    expect((await c.getManifest(digest(body))).digest).toBe(digest(body));
    await expect(c.getManifest(`sha256:${"0".repeat(64)}`)).rejects.toMatchObject({ kind: "digest-mismatch" });
  });

  it("stops reading a body at its cap, whatever Content-Length says", async () => {
    const huge = new ReadableStream({
      pull(controller) {
        controller.enqueue(new Uint8Array(64 * 1024));
      },
    });
    await expect(client(() => new Response(huge)).getManifest("1.0.0", 256 * 1024)).rejects.toMatchObject({ kind: "too-large" });
    await expect(client(() => new Response("{}", { headers: { "content-length": "999999999" } })).getManifest("1.0.0")).rejects.toBeInstanceOf(RegistryError);
  });

  it("checks blob size and digest against the descriptor", async () => {
    const blob = Buffer.from("hello");
    const c = client(() => new Response(blob));
    expect((await c.getBlob({ mediaType: "x", digest: digest(blob), size: 5 }, 100)).toString()).toBe("hello");
    await expect(c.getBlob({ mediaType: "x", digest: `sha256:${"1".repeat(64)}`, size: 5 }, 100)).rejects.toMatchObject({ kind: "digest-mismatch" });
    await expect(c.getBlob({ mediaType: "x", digest: digest(blob), size: 500 }, 100)).rejects.toMatchObject({ kind: "too-large" });
  });

  it("answers a bearer challenge with the credentials, then retries with the token", async () => {
    const seen: string[] = [];
    const c = client(
      (url, init) => {
        const auth = new Headers(init.headers).get("authorization") ?? "";
        seen.push(`${url.pathname} ${auth.split(" ")[0] ?? ""}`);
        if (url.pathname === "/token") return Response.json({ token: "t0k" });
        if (auth !== "Bearer t0k") return new Response(null, { status: 401, headers: { "www-authenticate": 'Bearer realm="http://127.0.0.1:5000/token",service="reg"' } });
        return Response.json({ tags: ["1.0.0"] });
      },
      "127.0.0.1:5000",
      { credentials: { username: "ci", password: "pw" } },
    );
    expect(await c.listTags()).toEqual(["1.0.0"]);
    expect(seen).toEqual(["/v2/acme/mod/tags/list Basic", "/token Basic", "/v2/acme/mod/tags/list Bearer"]);
  });

  it("falls back to the referrers tag schema when the API is missing", async () => {
    const d = `sha256:${"a".repeat(64)}`;
    const referrers = await client((url) => {
      if (url.pathname.includes("/referrers/")) return new Response("404 page not found", { status: 404 });
      if (url.pathname.endsWith(`/manifests/sha256-${"a".repeat(64)}`)) {
        return Response.json({ schemaVersion: 2, manifests: [{ mediaType: "m", digest: `sha256:${"b".repeat(64)}`, size: 10, artifactType: "application/vnd.dev.sigstore.bundle.v0.3+json" }, { digest: "bogus" }] });
      }
      return new Response(null, { status: 404 });
    }).referrers(d);
    expect(referrers).toEqual([{ mediaType: "m", digest: `sha256:${"b".repeat(64)}`, size: 10, artifactType: "application/vnd.dev.sigstore.bundle.v0.3+json" }]);
  });
});
