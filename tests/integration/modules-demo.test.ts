/**
 * The modules catalog and validation on the demo story (docs/demo-data.md): the sensors' flags, effective
 * priorities and the intended conflicts, seen through the services the UI calls.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemoIfEmpty } from "../../server/seed/demo";
import { serviceContext, type ServiceContext } from "../../server/services/context";
import { getModule, getModuleDependencies, listModules, validateManifestForAccount } from "../../server/services/modules";
import type { Actor } from "../../server/auth/actor";
import { createTestDatabase, type TestDatabase } from "./db";
import { listModulesInput, validateManifestInput } from "../../server/contracts/modules";

let tdb: TestDatabase;
let viewer: ServiceContext;
const now = new Date();

beforeAll(async () => {
  tdb = await createTestDatabase();
  await seedDemoIfEmpty(tdb.db, { enabled: true, demoPassword: "modules-demo-password", now });
  const membership = await tdb.db.membership.findFirstOrThrow({ where: { role: "viewer" }, select: { user: true, account: true } });
  const actor: Actor = {
    kind: "user",
    userId: membership.user.id,
    email: membership.user.email,
    name: membership.user.name,
    accountId: membership.account.id,
    accountSlug: membership.account.slug,
    role: "viewer",
    sessionId: "test",
  };
  // The story's clock: sensors measure time since the seeded timestamps.
  viewer = serviceContext(tdb.db, actor, () => now);
}, 120_000);
afterAll(async () => {
  await tdb?.close();
});

describe("catalog on the demo story", () => {
  it("flags chrony as stale in staging and node-exporter as ready to bless, nothing else", async () => {
    const catalog = await listModules(viewer, listModulesInput.parse({ pageSize: 100 }));
    const flagged = catalog.modules.filter((m) => m.versions?.stale || m.versions?.ready);
    expect(flagged.map((m) => [m.name, m.versions?.stale?.version ?? null, m.versions?.ready?.version ?? null])).toEqual([
      ["chrony", "1.1.0", null],
      ["node-exporter", null, "1.1.0"],
    ]);
    const chrony = flagged[0]!.versions!.stale!;
    expect(Math.round(chrony.hoursInStaging)).toBe(52);
    expect(chrony.thresholdHours).toBe(24);
    expect(flagged[1]!.versions!.ready!.summary).toBe("4 healthy instances have run this version for 30 minutes");
  });

  it("shows the story's effective priorities and the latest version per state", async () => {
    const catalog = await listModules(viewer, listModulesInput.parse({ sort: "effectivePriority", pageSize: 100 }));
    const priorities = Object.fromEntries(catalog.modules.map((m) => [m.name, m.effectivePriority]));
    expect(priorities).toMatchObject({
      "system-base": 10000,
      "security-hardening": 20000,
      "openssh-hardening": 20050,
      "wireguard-overlay": 60000,
      chrony: 90010,
      "node-exporter": 90020,
      "log-forwarder": 90030,
      nginx: 90100,
      "nginx-tls-config": 91100,
      "edge-site-config": 92000,
    });
    const nginx = catalog.modules.find((m) => m.name === "nginx")!;
    expect(nginx.versions?.latestByState.live?.version).toBe("1.1.0");
    expect(nginx.versions?.latestByState.blessed?.version).toBe("1.3.0");
    expect(nginx.versions?.latest).toMatchObject({ version: "1.3.0", state: "blessed" });
    expect((await listModules(viewer, listModulesInput.parse({ state: "staging", pageSize: 100 }))).modules.map((m) => m.name).sort()).toEqual(["chrony", "node-exporter", "security-hardening"]);
  });

  it("module page: config child and parent, versions summary", async () => {
    const nginx = await getModule(viewer, "nginx");
    expect(nginx.children.map((c) => c.name)).toContain("nginx-tls-config");
    expect(nginx.versions.counts).toEqual({ built: 0, staging: 0, blessed: 1, live: 1, retired: 2 });
    const tls = await getModule(viewer, "nginx-tls-config");
    expect(tls.parentModule?.name).toBe("nginx");
    expect(tls.derivation.text).toBe("(userland 90 + config 1) × 1000 + 100 = 91100");
  });
});

describe("validation on the demo story", () => {
  it("every demo draft is valid against its own account", async () => {
    const modules = await tdb.db.module.findMany({ select: { name: true, manifestYaml: true, category: { select: { slug: true } } } });
    for (const m of modules) {
      const result = await validateManifestForAccount(viewer, validateManifestInput.parse({ manifestYaml: m.manifestYaml, moduleName: m.name, categorySlug: m.category.slug }));
      expect(result.errors, m.name).toEqual([]);
    }
  });

  it("apache's draft conflicts with nginx on http.port:80; system-base's reaches into security-hardening's protected paths", async () => {
    const drafts = new Map((await tdb.db.module.findMany({ select: { name: true, manifestYaml: true } })).map((m) => [m.name, m.manifestYaml]));
    const apache = await validateManifestForAccount(viewer, validateManifestInput.parse({ manifestYaml: drafts.get("apache") ?? "", moduleName: "apache" }));
    expect(apache.conflicts.map((c) => [c.code, c.relatedModule])).toEqual([["capability.exclusive_clash", "nginx"]]);
    const base = await validateManifestForAccount(viewer, validateManifestInput.parse({ manifestYaml: drafts.get("system-base") ?? "", moduleName: "system-base" }));
    // `/etc/*` also overlaps `/etc/rsyslog.d/**` and `/etc/wireguard/**` at the directory path itself (`**` matches
    // zero segments); docs/demo-data.md calls security-hardening's the only intended one.
    expect(base.conflicts.filter((c) => c.relatedModule === "security-hardening").map((c) => c.code)).toContain("conflict.file_spec_protected");
    expect(base.conflicts.every((c) => c.code === "conflict.file_spec_protected")).toBe(true);
  });

  it("dependencies: nginx-tls-config requires nginx, and nginx lists it among its dependents", async () => {
    const tls = await getModuleDependencies(viewer, "nginx-tls-config");
    const onNginx = tls.requires.filter((r) => r.module === "nginx");
    expect(onNginx.length).toBeGreaterThan(0);
    expect(onNginx.every((r) => r.status === "resolved")).toBe(true);
    const nginx = await getModuleDependencies(viewer, "nginx");
    expect(nginx.requiredBy.map((r) => r.module)).toContain("nginx-tls-config");
    expect(nginx.provides.find((p) => p.name === "http.port:80")?.alsoProvidedBy).toEqual(["apache"]);
  });
});
