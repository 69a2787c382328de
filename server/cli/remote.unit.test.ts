/**
 * `strata validate --remote` against a stand-in server on 127.0.0.1 that answers whatever each test needs: the
 * request it sends, and a clear message with exit 2 for every way the server can fail it. The real REST endpoint
 * is exercised by tests/integration/cli-remote.test.ts.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { runCli, tempTree } from "./test-support";
import { apiBaseFor } from "./remote";

interface Seen {
  method: string;
  url: string;
  authorization: string | undefined;
  body: Record<string, unknown>;
}

type Answer = { status: number; body: string } | "hang";

let answer: Answer;
let seen: Seen[] = [];
const server = http.createServer((req, res) => {
  let raw = "";
  req.on("data", (chunk: Buffer) => (raw += chunk.toString("utf8")));
  req.on("end", () => {
    seen.push({ method: req.method ?? "", url: req.url ?? "", authorization: req.headers.authorization, body: JSON.parse(raw || "{}") as Record<string, unknown> });
    if (answer === "hang") return; // never answers: the client's timeout must end it
    res.writeHead(answer.status, { "content-type": "application/json" });
    res.end(answer.body);
  });
});
let origin = "";
beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});
beforeEach(() => {
  seen = [];
  answer = { status: 200, body: JSON.stringify(VALID) };
});

const { file } = tempTree("strata-remote-");
const manifest = file("manifest.yaml", "schema_version: 1\nname: nginx\n");

const VALID = { valid: true, errors: [], warnings: [], conflicts: [] };
const CONFLICT = {
  valid: true,
  errors: [],
  warnings: [],
  conflicts: [
    {
      code: "capability.exclusive_clash",
      severity: "conflict",
      message: "`http.port:80` is also provided by nginx.",
      path: "/dependencies/provides/0",
      range: { start_line: 5, start_column: 7, end_line: 5, end_column: 19 },
      related_module: "nginx",
    },
  ],
};

function run(args: string[], env: Record<string, string> = {}) {
  return runCli(args, { env });
}

describe("apiBaseFor", () => {
  it.each([
    ["https://strata.example.com", "https://strata.example.com/api/v1"],
    ["https://strata.example.com/", "https://strata.example.com/api/v1"],
    ["https://strata.example.com/api/v1/", "https://strata.example.com/api/v1"],
    ["http://10.0.0.5:3000/strata", "http://10.0.0.5:3000/strata/api/v1"],
    ["https://strata.example.com/?x=1#y", "https://strata.example.com/api/v1"],
    ["ftp://strata.example.com", null],
    ["strata.example.com", null],
  ])("%s → %s", (url, base) => {
    expect(apiBaseFor(url)).toBe(base);
  });
});

describe("strata validate --remote", () => {
  it("POSTs the manifest, category and name with the bearer token, and prints the server's result", async () => {
    answer = { status: 200, body: JSON.stringify(CONFLICT) };
    const r = await run(["validate", "--remote", origin, manifest, "--category", "userland", "--name", "nginx-two"], { STRATA_TOKEN: "stk_from_env" });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0); // conflicts do not make a manifest invalid
    expect(seen).toEqual([
      {
        method: "POST",
        url: "/api/v1/system/validate_module_manifest",
        authorization: "Bearer stk_from_env",
        body: { manifest_yaml: "schema_version: 1\nname: nginx\n", category_slug: "userland", module_name: "nginx-two" },
      },
    ]);
    expect(r.stdout).toBe(
      `${manifest}:5:7: conflict capability.exclusive_clash \`http.port:80\` is also provided by nginx.\n    related module: nginx\n` +
        `${manifest}: valid (0 errors, 0 warnings, 1 conflict)\n`,
    );
  });

  it("takes the server from STRATA_URL when --remote is not followed by a URL; --token wins over STRATA_TOKEN", async () => {
    const r = await run(["validate", "--remote", manifest, "--token", "stk_flag", "--json"], { STRATA_URL: `${origin}/api/v1/`, STRATA_TOKEN: "stk_env" });
    expect(r.code).toBe(0);
    expect(seen.map((s) => [s.url, s.authorization])).toEqual([["/api/v1/system/validate_module_manifest", "Bearer stk_flag"]]);
    expect(JSON.parse(r.stdout)).toEqual(VALID);
  });

  it("answers locally, without a request, what the server could not be sent: invalid UTF-8, over 256 KiB", async () => {
    const latin1 = file("latin1.yaml", new Uint8Array([...new TextEncoder().encode("schema_version: 1\nname: caf"), 0xe9, 0x0a]));
    const huge = file("huge.yaml", `# ${"x".repeat(300_000)}\n`);
    const r = await run(["validate", "--remote", origin, "--token", "t", latin1, huge]);
    expect(seen).toEqual([]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`${latin1}:2:10: error input.invalid_utf8`);
    expect(r.stdout).toContain(`${huge}:1:1: error input.too_large`);
  });

  it.each([
    [401, { error: { code: "UNAUTHORIZED", message: "Missing or invalid bearer token." } }, /did not accept the API token \(401 Unauthorized\): check --token or STRATA_TOKEN.*The server said: Missing or invalid bearer token\./],
    [403, { error: { code: "FORBIDDEN", message: "This token's role (viewer) or scopes do not allow modules.read." } }, /may not validate manifests \(403 Forbidden\): it needs a role or scope with modules\.read/],
    [413, { error: { code: "PAYLOAD_TOO_LARGE", message: "Request body is larger than 1048576 bytes." } }, /manifest\.yaml is larger than http:\/\/127\.0\.0\.1:\d+ accepts \(413 Payload Too Large\)/],
    [429, { error: { code: "RATE_LIMITED", message: "Slow down." } }, /rate limiting this token \(429 Too Many Requests\)/],
    [502, "<html>bad gateway</html>", /answered 502 Bad Gateway for .*manifest\.yaml\.$/m],
  ])("HTTP %i: exit 2 with a message that says what to do", async (status, body, message) => {
    answer = { status, body: typeof body === "string" ? body : JSON.stringify(body) };
    const r = await run(["validate", "--remote", origin, "--token", "stk_bad", manifest]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/^strata validate: /);
    expect(r.stderr).toMatch(message);
  });

  it("stops at the first failure instead of repeating it for every file", async () => {
    answer = { status: 401, body: "{}" };
    const other = file("other/manifest.yaml", "schema_version: 1\nname: other\n");
    const r = await run(["validate", "--remote", origin, "--token", "t", manifest, other]);
    expect(r.code).toBe(2);
    expect(seen).toHaveLength(1);
  });

  it("a 200 that is not a validation result: exit 2, the URL is probably not Strata's", async () => {
    answer = { status: 200, body: "<!doctype html><title>Welcome</title>" };
    const r = await run(["validate", "--remote", origin, "--token", "t", manifest]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("did not answer with a validation result; is http://127.0.0.1");
  });

  it("--timeout: a server that does not answer ends with exit 2", async () => {
    answer = "hang";
    const r = await run(["validate", "--remote", origin, "--token", "t", "--timeout", "0.2", manifest]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no answer from http:\/\/127\.0\.0\.1:\d+ within 0\.2 s \(--timeout\)/);
  });

  it("a server that cannot be reached: exit 2 naming the reason", async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const r = await run(["validate", "--remote", `http://127.0.0.1:${port}`, "--token", "t", manifest]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`strata validate: cannot reach http://127.0.0.1:${port} (ECONNREFUSED): check --remote or STRATA_URL and the network.\n`);
  });
});
