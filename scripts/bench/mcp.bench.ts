/**
 * MCP benchmark (docs/mcp.md, Performance).
 *
 *   npm run bench -- mcp
 *
 * The demo data in an embedded PGlite (a temp dir), one admin API token, and the MCP endpoint and the REST
 * dispatcher served in this process on a loopback port, the way tests/integration/http.ts serves them. Each case is
 * the median latency of a `tools/call` (a raw JSON-RPC POST, as any client sends it, with a fresh server and
 * transport per request) against its baseline: the same operation through its REST twin over the same HTTP server.
 * The ratio is the price of MCP's envelope (JSON-RPC, per-request server, schema checks) on top of the service.
 */
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { toFetchRequest, writeFetchResponse } from "@/server/api/node-http";
import { createRestHandler } from "@/server/api/rest/handler";
import { restRoutes } from "@/server/api/rest/routes";
import { createPrismaForPglite } from "@/server/db/client";
import { applyMigrationsToPglite } from "@/server/db/migrate";
import { openPgliteDataDir } from "@/server/db/pglite";
import { createMcpHandler } from "@/server/mcp/http";
import { seedDemoIfEmpty } from "@/server/seed/demo";
import { serviceContext } from "@/server/services/context";
import { createToken } from "@/server/services/tokens";
import type { BenchRow } from "./compose.bench";

const ROOT = path.resolve(import.meta.dirname, "..", "..");
const WARMUP = 5;
const RUNS = 40;

function median(xs: number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

async function timed(fn: () => Promise<void>): Promise<number> {
  for (let i = 0; i < WARMUP; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    await fn();
    samples.push(performance.now() - start);
  }
  return median(samples);
}

export async function runMcpBench(log: (line: string) => void = (line) => console.error(line)): Promise<BenchRow[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "strata-bench-mcp-"));
  const opened = await openPgliteDataDir(dir);
  const db = createPrismaForPglite(opened.pglite);
  const server = http.createServer();
  try {
    await applyMigrationsToPglite(opened.pglite);
    await seedDemoIfEmpty(db, { enabled: true, demoPassword: "bench-demo-password", now: new Date() });
    const membership = await db.membership.findFirstOrThrow({ where: { role: "admin" }, select: { user: true, account: true } });
    const admin = serviceContext(db, {
      kind: "user",
      userId: membership.user.id,
      email: membership.user.email,
      name: membership.user.name,
      accountId: membership.account.id,
      accountSlug: membership.account.slug,
      role: "admin",
      sessionId: "bench",
    });
    const { secret } = await createToken(admin, { name: "bench-mcp", role: "admin", scopes: [], expiresInDays: 1 });
    // The template with the most assignments: the largest composition of the demo story.
    const templates = await db.template.findMany({ where: { accountId: membership.account.id }, select: { id: true, name: true, _count: { select: { assignments: true } } } });
    const template = templates.sort((a, b) => b._count.assignments - a._count.assignments)[0]!;
    const manifest = fs.readFileSync(path.join(ROOT, "server/domain/manifest/fixtures/nginx.manifest.yaml"), "utf8");

    const mcp = createMcpHandler({ getDb: async () => db });
    const rest = createRestHandler(restRoutes, { getDb: async () => db });
    server.on("request", (req: http.IncomingMessage, res: http.ServerResponse) => {
      void (async () => {
        const request = toFetchRequest(req);
        const { pathname } = new URL(request.url);
        const response = pathname === "/api/mcp" ? await mcp(request) : await rest(request, pathname.replace(/^\/api\/v1\//, ""));
        await writeFetchResponse(res, response);
      })();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const auth = { authorization: `Bearer ${secret}` };

    const callTool = (name: string, args: Record<string, unknown>) => async () => {
      const response = await fetch(`${base}/api/mcp`, {
        method: "POST",
        headers: { ...auth, "content-type": "application/json", accept: "application/json, text/event-stream" },
        body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/call", params: { name, arguments: args } }),
      });
      const body = (await response.json()) as { result?: { isError?: boolean } };
      if (response.status !== 200 || !body.result || body.result.isError) throw new Error(`${name}: ${JSON.stringify(body).slice(0, 300)}`);
    };
    const rpc = (method: string) => async () => {
      const response = await fetch(`${base}/api/mcp`, {
        method: "POST",
        headers: { ...auth, "content-type": "application/json", accept: "application/json, text/event-stream" },
        body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params: {} }),
      });
      if (response.status !== 200) throw new Error(`${method}: ${response.status}`);
      await response.arrayBuffer();
    };
    const restCall = (method: string, route: string, body?: unknown) => async () => {
      const response = await fetch(`${base}/api/v1${route}`, {
        method,
        headers: { ...auth, "content-type": "application/json" },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      if (response.status !== 200) throw new Error(`${route}: ${response.status} ${(await response.text()).slice(0, 300)}`);
      await response.arrayBuffer();
    };

    log(`  demo data seeded; compose template ${template.name} (${template._count.assignments} assignments)`);
    const cases: Array<{ name: string; run: () => Promise<void>; baseline: () => Promise<void>; baselineName: string }> = [
      {
        name: "tools/call system_validate_module_manifest (nginx fixture)",
        run: callTool("system_validate_module_manifest", { manifest_yaml: manifest }),
        baseline: restCall("POST", "/system/validate_module_manifest", { manifest_yaml: manifest }),
        baselineName: "POST /system/validate_module_manifest",
      },
      {
        name: `tools/call system_compose_preview (${template.name})`,
        run: callTool("system_compose_preview", { template_id: template.id }),
        baseline: restCall("GET", `/system/templates/${template.id}/compose_preview?include_paths=contested`),
        baselineName: "GET …/compose_preview?include_paths=contested",
      },
      {
        name: "tools/list (13 tools with their schemas)",
        run: rpc("tools/list"),
        baseline: restCall("GET", "/system/whoami"),
        baselineName: "GET /system/whoami",
      },
    ];
    const rows: BenchRow[] = [];
    for (const c of cases) {
      const medianMs = await timed(c.run);
      const baselineMs = await timed(c.baseline);
      rows.push({ name: c.name, medianMs, baselineMs, ratio: medianMs / baselineMs, extra: { baseline: c.baselineName, runs: RUNS } });
    }
    return rows;
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await db.$disconnect();
    await opened.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
