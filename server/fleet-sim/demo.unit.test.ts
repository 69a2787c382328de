import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDemoFleet } from "./demo";
import { mulberry32 } from "./random";

const digest = (c: string) => `sha256:${c.repeat(64)}`;
let server: http.Server;
let url: string;
const reported = new Map<string, { status: string; modules: Record<string, string> }>();

beforeAll(async () => {
  // The agent API in miniature: two known tokens, one template with one module.
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const token = (req.headers.authorization ?? "").replace(/^Bearer /, "");
      if (token !== "sna_a" && token !== "sna_b") return void res.writeHead(401).end('{"error":{"code":"UNAUTHORIZED"}}');
      if (req.url === "/api/v1/agent/desired_state") {
        if (req.headers["if-none-match"] === '"r1"') return void res.writeHead(304, { etag: '"r1"' }).end();
        return void res.writeHead(200, { etag: '"r1"' }).end(JSON.stringify({ instance_id: token, template: null, revision: 1, modules: [{ name: "base", oci_digest: digest("a") }] }));
      }
      const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { status: string; modules: Record<string, string> };
      reported.set(token, body);
      res.writeHead(200).end('{"desired_revision":1}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe("startDemoFleet", () => {
  it("plays the given instances, keeps a frozen one's drift, stops a refused one with one log line, and stops cleanly", async () => {
    const lines: string[] = [];
    const fleet = startDemoFleet({
      baseUrl: url,
      agentTokens: [
        "sna_a",
        { token: "sna_b", name: "edge-ams-03", running: { base: digest("0") }, status: "running", profile: "frozen" },
        { token: "sna_revoked", name: "edge-old" },
      ],
      intervalSeconds: 0.2,
      convergeDelay: [0, 0.1],
      log: (line) => lines.push(line),
      random: mulberry32(1),
    });
    const deadline = Date.now() + 10_000;
    while ((fleet.snapshot().heartbeats.ok < 6 || reported.get("sna_a")?.modules.base !== digest("a")) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await fleet.stop();
    expect(reported.get("sna_a")).toEqual({ status: "running", agent_version: "strata-fleet-sim/1", modules: { base: digest("a") } });
    expect(reported.get("sna_b")).toMatchObject({ status: "running", modules: { base: digest("0") } });
    expect(lines[0]).toBe("demo fleet: 3 simulated agent(s) reporting every 0.2 s");
    expect(lines.filter((l) => l.includes("edge-old"))).toEqual(["demo fleet: edge-old stopped: agent token refused (401)"]);
    const snapshot = fleet.snapshot();
    expect(snapshot.agents).toMatchObject({ total: 3, rejected: 1 });
    const beats = snapshot.heartbeats.ok;
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(fleet.snapshot().heartbeats.ok).toBe(beats);
  });

  it("with no instances does nothing", async () => {
    const fleet = startDemoFleet({ baseUrl: url, agentTokens: [], log: () => {} });
    expect(fleet.snapshot().agents.total).toBe(0);
    await fleet.stop();
  });
});
