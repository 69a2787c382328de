import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AgentApiClient, agentApiBase } from "./client";

let server: http.Server;
let url: string;
const seen: Array<{ method: string; url: string; headers: http.IncomingHttpHeaders; body: string }> = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      seen.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
      const auth = req.headers.authorization ?? "";
      if (auth === "Bearer sna_slow") return void setTimeout(() => res.end("{}"), 2_000);
      if (auth === "Bearer sna_broken") return void res.writeHead(500).end('{"error":{}}');
      if (auth === "Bearer sna_garbage") return void res.writeHead(200).end("<html>");
      if (req.url === "/api/v1/agent/desired_state") {
        if (req.headers["if-none-match"] === '"e1"') return void res.writeHead(304, { etag: '"e1"' }).end();
        return void res.writeHead(200, { etag: '"e1"', "content-type": "application/json" }).end(JSON.stringify({ instance_id: "i", template: null, revision: 0, modules: [], undeliverable: [] }));
      }
      if (req.url === "/api/v1/agent/heartbeat") return void res.writeHead(200).end('{"desired_revision":7}');
      if (req.url === "/api/v1/agent/enroll") return void res.writeHead(201).end('{"instance_id":"i-1","agent_token":"sna_new"}');
      res.writeHead(404).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe("agentApiBase", () => {
  it("appends /api/v1 unless it is there", () => {
    expect(agentApiBase("http://h:3000")).toBe("http://h:3000/api/v1");
    expect(agentApiBase("http://h:3000/")).toBe("http://h:3000/api/v1");
    expect(agentApiBase("http://h:3000/api/v1/")).toBe("http://h:3000/api/v1");
    expect(agentApiBase("https://h/strata?x=1")).toBe("https://h/strata/api/v1");
  });
});

describe("AgentApiClient over Node's http client", () => {
  it("enrolls, heartbeats and polls with If-None-Match; a 304 keeps the ETag", async () => {
    const api = new AgentApiClient({ url });
    try {
      expect(await api.enroll("sne_x", { name: "n1", arch: "amd64" })).toMatchObject({ status: 201, body: { agent_token: "sna_new" }, error: null });
      const beat = await api.heartbeat("sna_a", { status: "running", agent_version: "v", modules: { base: "sha256:x" } });
      expect(beat).toMatchObject({ status: 200, body: { desired_revision: 7 }, error: null });
      expect(JSON.parse(seen.at(-1)?.body ?? "")).toEqual({ status: "running", agent_version: "v", modules: { base: "sha256:x" } });
      expect(seen.at(-1)?.headers["content-type"]).toBe("application/json");
      const first = await api.desiredState("sna_a", null);
      expect(first).toMatchObject({ status: 200, etag: '"e1"', error: null, body: { revision: 0 } });
      const again = await api.desiredState("sna_a", first.etag);
      expect(again).toMatchObject({ status: 304, etag: '"e1"', body: null, error: null });
      expect(seen.at(-1)?.headers["if-none-match"]).toBe('"e1"');
      expect(again.ms).toBeGreaterThanOrEqual(0);
    } finally {
      api.close();
    }
  });

  it("names each failure: http status, bad body, timeout, abort, network", async () => {
    const api = new AgentApiClient({ url, timeoutMs: 200 });
    try {
      expect((await api.heartbeat("sna_broken", { status: "running", agent_version: "v", modules: {} })).error).toBe("http_500");
      expect((await api.heartbeat("sna_garbage", { status: "running", agent_version: "v", modules: {} })).error).toBe("bad_body");
      expect((await api.desiredState("sna_slow", null)).error).toBe("timeout");
      const controller = new AbortController();
      const pending = new AgentApiClient({ url, timeoutMs: 5_000 }).desiredState("sna_slow", null, controller.signal);
      controller.abort();
      expect((await pending).error).toBe("aborted");
    } finally {
      api.close();
    }
    const nowhere = new AgentApiClient({ url: "http://127.0.0.1:1", timeoutMs: 1_000 });
    expect(await nowhere.heartbeat("sna_a", { status: "running", agent_version: "v", modules: {} })).toMatchObject({ status: 0, error: "network" });
    nowhere.close();
  });
});
