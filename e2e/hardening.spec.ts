import http from "node:http";
import { E2E_API_TOKEN, E2E_BASE_URL, E2E_PASSWORD } from "../playwright.config";
import { expect, test } from "./fixtures";

/**
 * Transport hardening, tried against the real production server (`npm start`) over raw HTTP, the way an attacker
 * would: oversized and chunked bodies, batches, cross-site posts, malformed URLs, NUL bytes, leaked internals.
 */

const base = new URL(E2E_BASE_URL);

interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** One request with full control over the request line, headers and (streamed) body. */
function raw(options: { method: string; path: string; headers?: Record<string, string>; body?: string | (() => AsyncIterable<Buffer>) }): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    // A connection of its own per request: a refused body leaves the old one unusable, as it would for any client.
    const req = http.request({ host: base.hostname, port: base.port, method: options.method, path: options.path, headers: options.headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString("utf8") }));
      res.on("error", reject);
    });
    // A hang is a finding: fail with the request that hung instead of the whole test's timeout.
    req.setTimeout(20_000, () => req.destroy(new Error(`no answer within 20 s: ${options.method} ${options.path.slice(0, 120)}`)));
    req.on("error", (error: NodeJS.ErrnoException) => {
      // The server may close the socket after answering 413 while we are still sending: that is the point.
      if (error.code === "EPIPE" || error.code === "ECONNRESET") return;
      reject(error);
    });
    const body = options.body;
    if (typeof body === "function") {
      void (async () => {
        try {
          for await (const chunk of body()) {
            if (req.destroyed) return;
            if (!req.write(chunk)) await new Promise<void>((done) => req.once("drain", () => done()));
          }
          req.end();
        } catch {
          req.destroy();
        }
      })();
    } else {
      req.end(body);
    }
  });
}

async function signInCookie(email: string): Promise<string> {
  const response = await raw({
    method: "POST",
    path: "/api/trpc/auth.signIn",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ json: { email, password: E2E_PASSWORD } }),
  });
  expect(response.status).toBe(200);
  const cookie = [response.headers["set-cookie"] ?? []].flat().find((c) => c.startsWith("strata_session="));
  expect(cookie).toBeTruthy();
  return cookie!.split(";")[0]!;
}

test("a 100 MB chunked tRPC body is cut off at the cap with 413, and the server stays healthy", async () => {
  const chunk = Buffer.alloc(1024 * 1024, "a");
  let sent = 0;
  const started = Date.now();
  const response = await raw({
    method: "POST",
    path: "/api/trpc/auth.signIn",
    headers: { "content-type": "application/json", "transfer-encoding": "chunked" },
    body: async function* () {
      yield Buffer.from('{"json":{"email":"');
      for (let i = 0; i < 100; i++) {
        sent += chunk.length;
        yield chunk;
      }
      yield Buffer.from('"}}');
    },
  });
  expect(response.status).toBe(413);
  expect(response.headers["cache-control"]).toContain("no-store");
  // The server stopped reading long before the end (a 2 MiB cap); the client may not even have sent it all.
  expect(Date.now() - started).toBeLessThan(30_000);
  expect((await raw({ method: "GET", path: "/healthz" })).status).toBe(200);
  test.info().annotations.push({ type: "sent before 413", description: `${(sent / 1024 / 1024).toFixed(0)} MiB` });
});

test("a declared Content-Length above the cap is refused before the body is read", async () => {
  const response = await raw({
    method: "POST",
    path: "/api/trpc/auth.signIn",
    headers: { "content-type": "application/json", "content-length": String(200 * 1024 * 1024) },
    body: "{}",
  });
  expect(response.status).toBe(413);
  expect(response.headers.connection).toBe("close");
  expect(JSON.parse(response.body).error.json.data.code).toBe("PAYLOAD_TOO_LARGE");
});

test("sign-in cannot be batched, and batches are capped at 10 calls", async () => {
  const paths = Array.from({ length: 40 }, () => "auth.signIn").join(",");
  const inputs = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [String(i), { json: { email: "nobody@example.com", password: "wrong-password" } }]));
  const forty = await raw({
    method: "POST",
    path: `/api/trpc/${paths}?batch=1`,
    headers: { "content-type": "application/json" },
    body: JSON.stringify(inputs),
  });
  expect(forty.status).toBe(400);

  const three = await raw({
    method: "POST",
    path: "/api/trpc/auth.signIn,auth.signIn,auth.signIn?batch=1",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(Object.fromEntries([0, 1, 2].map((i) => [String(i), { json: { email: "nobody@example.com", password: "wrong-password" } }]))),
  });
  expect(three.status).toBe(400);
  const errors = JSON.parse(three.body) as Array<{ error: { json: { message: string } } }>;
  expect(errors).toHaveLength(3);
  for (const entry of errors) expect(entry.error.json.message).toMatch(/cannot be batched/);

  const cookie = await signInCookie("viewer@powernode.example");
  const eleven = Array.from({ length: 11 }, () => "auth.me").join(",");
  const tooMany = await raw({ method: "GET", path: `/api/trpc/${eleven}?batch=1&input=%7B%7D`, headers: { cookie } });
  expect(tooMany.status).toBe(400);
  expect(tooMany.body).toContain("At most 10 calls");
  const ten = Array.from({ length: 10 }, () => "auth.me").join(",");
  expect((await raw({ method: "GET", path: `/api/trpc/${ten}?batch=1&input=%7B%7D`, headers: { cookie } })).status).toBe(200);
});

test("cross-site tRPC writes are refused; same-origin ones pass", async () => {
  const cookie = await signInCookie("viewer@powernode.example");
  const evilForm = await raw({
    method: "POST",
    path: "/api/trpc/auth.signOut",
    headers: { cookie, origin: "http://evil.example", "content-type": "multipart/form-data; boundary=x" },
    body: "--x\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nb\r\n--x--\r\n",
  });
  expect(evilForm.status).toBe(403);
  const evilJson = await raw({
    method: "POST",
    path: "/api/trpc/auth.signOut",
    headers: { cookie, origin: "http://evil.example", "content-type": "application/json" },
    body: "{}",
  });
  expect(evilJson.status).toBe(403);
  const crossSite = await raw({
    method: "POST",
    path: "/api/trpc/auth.signOut",
    headers: { cookie, "sec-fetch-site": "cross-site", "content-type": "application/json" },
    body: "{}",
  });
  expect(crossSite.status).toBe(403);
  const sameOriginForm = await raw({
    method: "POST",
    path: "/api/trpc/auth.signOut",
    headers: { cookie, origin: E2E_BASE_URL, "content-type": "text/plain" },
    body: "{}",
  });
  expect(sameOriginForm.status).toBe(415);
  // None of those signed the viewer out.
  const me = await raw({ method: "GET", path: "/api/trpc/auth.me?input=%7B%7D", headers: { cookie } });
  expect(me.status).toBe(200);
  const signOut = await raw({
    method: "POST",
    path: "/api/trpc/auth.signOut",
    headers: { cookie, origin: E2E_BASE_URL, "sec-fetch-site": "same-origin", "content-type": "application/json" },
    body: "{}",
  });
  expect(signOut.status).toBe(200);
  expect((await raw({ method: "GET", path: "/api/trpc/auth.me?input=%7B%7D", headers: { cookie } })).status).toBe(401);
});

test("malformed URLs and NUL characters are 400s, never 500s", async () => {
  const bearer = { authorization: `Bearer ${E2E_API_TOKEN}` };
  expect((await raw({ method: "GET", path: "/api/trpc/%E0%A4%A" })).status).toBe(400);
  expect((await raw({ method: "GET", path: "/app/system/%E0%A4%A" })).status).toBe(400);
  const nulPath = await raw({ method: "GET", path: "/api/v1/system/modules/%00", headers: bearer });
  expect(nulPath.status).toBe(400);
  expect(JSON.parse(nulPath.body).error.code).toBe("BAD_REQUEST");
  expect((await raw({ method: "GET", path: "/api/v1/system/modules?search=%00", headers: bearer })).status).toBe(400);
  const cookie = await signInCookie("admin@powernode.example");
  const nulDescription = await raw({
    method: "POST",
    path: "/api/trpc/modules.update",
    headers: { cookie, "content-type": "application/json" },
    body: JSON.stringify({ json: { name: "nginx", patch: { description: "evil\u0000" } } }),
  });
  expect(nulDescription.status).toBe(400);
  expect(nulDescription.body).toContain("NUL");
});

test("errors do not echo internals: bad JSON and absurd nesting get a generic message", async () => {
  const badJson = await raw({ method: "POST", path: "/api/trpc/auth.signIn", headers: { "content-type": "application/json" }, body: '{"json": {"email": ' });
  expect(badJson.status).toBe(400);
  const message = JSON.parse(badJson.body).error.json.message as string;
  expect(["The request could not be parsed.", "The request is not valid."]).toContain(message);
  expect(badJson.body).not.toMatch(/position|Unexpected|JSON at/);

  const deep = "[".repeat(20_000) + "]".repeat(20_000);
  const nested = await raw({ method: "GET", path: `/api/trpc/auth.me?input=${encodeURIComponent(deep).slice(0, 6000)}` });
  expect(nested.status).toBeGreaterThanOrEqual(400);
  expect(nested.status).toBeLessThan(500);
  expect(nested.body).not.toMatch(/Maximum call stack|position \d+/);
});

test("pages carry a nonce-based CSP; API responses are never cached; HSTS over https", async () => {
  const first = await raw({ method: "GET", path: "/login" });
  const second = await raw({ method: "GET", path: "/login" });
  const policy = String(first.headers["content-security-policy"]);
  const nonce = /'nonce-([^']+)'/.exec(policy)?.[1];
  expect(nonce).toBeTruthy();
  expect(policy).toContain("frame-ancestors 'none'");
  expect(policy).toContain("object-src 'none'");
  expect(String(second.headers["content-security-policy"])).not.toContain(nonce!);
  // Every inline script Next rendered carries the nonce.
  const scripts = [...first.body.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
  expect(scripts.length).toBeGreaterThan(0);
  for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
  expect(first.headers["x-content-type-options"]).toBe("nosniff");
  expect(first.headers["x-frame-options"]).toBe("DENY");
  expect(first.headers["referrer-policy"]).toBe("same-origin");
  expect(first.headers["strict-transport-security"]).toBeUndefined();
  const overHttps = await raw({ method: "GET", path: "/login", headers: { "x-forwarded-proto": "https" } });
  expect(overHttps.headers["strict-transport-security"]).toMatch(/max-age=\d+/);

  const trpc = await raw({ method: "GET", path: "/api/trpc/auth.me?input=%7B%7D" });
  expect(trpc.headers["cache-control"]).toBe("no-store");
  const rest = await raw({ method: "GET", path: "/api/v1/system/whoami", headers: { authorization: `Bearer ${E2E_API_TOKEN}` } });
  expect(rest.headers["cache-control"]).toBe("no-store");
});

test("/healthz and /readyz answer without sign-in and without data", async () => {
  const health = await raw({ method: "GET", path: "/healthz" });
  expect(health.status).toBe(200);
  expect(health.body.trim()).toBe("ok");
  const ready = await raw({ method: "GET", path: "/readyz" });
  expect(ready.status).toBe(200);
  expect(ready.body.trim()).toBe("ready");
});
