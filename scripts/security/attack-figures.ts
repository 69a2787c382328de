/**
 * Measures the attack figures docs/security.md reports, against a running Strata (`npm start`):
 *   npx tsx scripts/security/attack-figures.ts http://127.0.0.1:3000 <server pid> <email> <password> [<API token>]
 * 1. a 100 MB chunked POST to the tRPC sign-in (status, time, server RSS growth);
 * 2. a 40-call sign-in batch (status, time);
 * 3. 15 wrong passwords with a different X-Forwarded-For each (how many were throttled), then the right one;
 * 4. with a token: a hostile glob manifest (`*?` runs) through the REST validator, and the latency of a
 *    concurrent /healthz request while it runs.
 * Only talks to the URL given (use a loopback address).
 */
import fs from "node:fs";
import http from "node:http";

const [baseUrl = "http://127.0.0.1:3000", pidText = "", email = "viewer@powernode.example", password = "", token = ""] = process.argv.slice(2);
const base = new URL(baseUrl);

function rssMiB(pid: string): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? "0");
  return kb / 1024;
}

function post(path: string, headers: Record<string, string>, body: string | (() => AsyncIterable<Buffer>)): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: base.hostname, port: base.port, method: "POST", path, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }));
    });
    req.on("error", (error: NodeJS.ErrnoException) => (error.code === "EPIPE" || error.code === "ECONNRESET" ? undefined : reject(error)));
    if (typeof body === "string") return void req.end(body);
    void (async () => {
      for await (const chunk of body()) {
        if (req.destroyed) return;
        if (!req.write(chunk)) await new Promise<void>((done) => req.once("drain", () => done()));
      }
      req.end();
    })().catch(() => req.destroy());
  });
}

const json = { "content-type": "application/json" };

async function main() {
  const before = pidText ? rssMiB(pidText) : NaN;
  let started = Date.now();
  const big = await post("/api/trpc/auth.signIn", { ...json, "transfer-encoding": "chunked" }, async function* () {
    const chunk = Buffer.alloc(1024 * 1024, "a");
    yield Buffer.from('{"json":{"email":"');
    for (let i = 0; i < 100; i++) yield chunk;
    yield Buffer.from('"}}');
  });
  const bigMs = Date.now() - started;
  const after = pidText ? rssMiB(pidText) : NaN;
  console.log(`100 MB chunked tRPC POST: status ${big.status}, ${bigMs} ms, server RSS ${before.toFixed(0)} → ${after.toFixed(0)} MiB (+${(after - before).toFixed(0)})`);

  const paths = Array.from({ length: 40 }, () => "auth.signIn").join(",");
  const inputs = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [String(i), { json: { email: "nobody@example.com", password: "wrong-password" } }]));
  started = Date.now();
  const batch = await post(`/api/trpc/${paths}?batch=1`, json, JSON.stringify(inputs));
  console.log(`40-call sign-in batch: status ${batch.status}, ${Date.now() - started} ms`);

  let throttled = 0;
  for (let i = 0; i < 15; i++) {
    const attempt = await post("/api/trpc/auth.signIn", { ...json, "x-forwarded-for": `203.0.113.${i + 1}` }, JSON.stringify({ json: { email, password: `wrong-${i}-password` } }));
    if (attempt.status === 429) throttled++;
  }
  console.log(`15 wrong passwords with rotating X-Forwarded-For: ${throttled} answered 429`);
  if (password) {
    const right = await post("/api/trpc/auth.signIn", json, JSON.stringify({ json: { email, password } }));
    console.log(`then the right password: status ${right.status}`);
  }
  if (token) {
    const runs = "*?".repeat(800);
    const hostile = [
      "schema_version: 1",
      "name: hostile",
      "display_name: Hostile",
      "description: globs made of *? runs",
      "license: MIT",
      `file_spec:\n  - "/${runs}x"\n  - "/${runs}y"`,
      `mask:\n  - "/${runs}z"`,
      `protected_spec:\n  - "/${runs}w"`,
    ].join("\n");
    const headers = { ...json, authorization: `Bearer ${token}` };
    const started = Date.now();
    const validation = post("/api/v1/system/validate_module_manifest", headers, JSON.stringify({ manifest_yaml: hostile, module_name: "hostile" })).then(
      (response) => ({ status: response.status, ms: Date.now() - started }),
    );
    // Give the validation a head start, then time a cheap request that must wait for the event loop.
    await new Promise((resolve) => setTimeout(resolve, 5));
    const probeStarted = Date.now();
    const probe = await new Promise<number>((resolve, reject) => {
      http.get({ host: base.hostname, port: base.port, path: "/healthz", agent: false }, (res) => {
        res.resume();
        res.on("end", () => resolve(Date.now() - probeStarted));
      }).on("error", reject);
    });
    const done = await validation;
    console.log(`hostile glob manifest (${hostile.length} bytes) through REST validation: status ${done.status}, ${done.ms} ms; a concurrent /healthz took ${probe} ms`);
  }
}

void main();
