/**
 * The fleet benchmark's baseline (scripts/bench/fleet.bench.ts, docs/fleet-sim.md): a trivial Node http server
 * that answers the agent API's three calls with fixed bodies and no work — no authentication, no database. What
 * the load generator measures against it is the generator's and the loopback's own cost, the floor under every
 * figure measured against Strata. Run as its own process, like Strata, so its CPU can be read the same way.
 *
 *   node scripts/bench/fleet-baseline-server.mjs   # prints {"port": N} on stdout when listening
 */
import http from "node:http";

const ETAG = '"baseline-1"';
const DESIRED = JSON.stringify({
  instance_id: "00000000-0000-4000-8000-000000000000",
  template: { id: "00000000-0000-4000-8000-000000000001", name: "baseline" },
  revision: 1,
  modules: [{ name: "base", version: "1.0.0", oci_ref: "registry.example/base:1.0.0", oci_digest: `sha256:${"a".repeat(64)}`, composefs_digest: null, effective_priority: 10000, metadata: {} }],
  undeliverable: [],
});
let enrolled = 0;

const server = http.createServer((req, res) => {
  const chunks = [];
  req.on("data", (chunk) => chunks.push(chunk));
  req.on("end", () => {
    const json = (status, body, headers = {}) => {
      res.writeHead(status, { "content-type": "application/json", ...headers });
      res.end(body);
    };
    if (req.method === "GET" && req.url === "/api/v1/agent/desired_state") {
      if (req.headers["if-none-match"] === ETAG) {
        res.writeHead(304, { etag: ETAG });
        res.end();
      } else json(200, DESIRED, { etag: ETAG });
    } else if (req.method === "POST" && req.url === "/api/v1/agent/heartbeat") {
      // Parse what Strata would parse, so the baseline does not skip the one piece of work every server does.
      JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}");
      json(200, '{"desired_revision":1}');
    } else if (req.method === "POST" && req.url === "/api/v1/agent/enroll") {
      enrolled += 1;
      json(201, JSON.stringify({ instance_id: `00000000-0000-4000-8000-${String(enrolled).padStart(12, "0")}`, agent_token: `sna_baseline_${enrolled}` }));
    } else json(404, '{"error":{"code":"NOT_FOUND"}}');
  });
});
server.keepAliveTimeout = 65_000;
server.listen(Number(process.env.PORT ?? 0), "127.0.0.1", () => {
  process.stdout.write(`${JSON.stringify({ port: server.address().port })}\n`);
});
process.on("SIGTERM", () => server.close(() => process.exit(0)));
