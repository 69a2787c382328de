/**
 * Read models: a module's pipeline (sensors, previously-live marker, rollback target, state history), the fleet
 * board with its "needs attention" filters, the blast radius of a live request, and the request page's canDecide.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordAudit } from "../../server/services/audit";
import { createInstance, recordHeartbeat } from "../../server/services/instances";
import { requestLive, rollbackModule, transitionVersion, approveRequest } from "../../server/services/promotion";
import { blastRadius, diffFileLists, diffPackages } from "../../server/services/promotion-blast-radius";
import { fleetBoard, modulePipeline } from "../../server/services/promotion-read";
import { assignModule, createTemplate } from "../../server/services/templates";
import { createModuleVersion } from "../../server/services/versions";
import { createTestDatabase, type TestDatabase } from "./db";
import { callerFor, createTestAccount, svcFor, type TestAccount } from "./fixtures";
import { at, clock, digestOf, moduleWithVersions, uniqueName } from "./promotion-fixtures";
import type { Issue } from "../../server/domain/issues";
import { createVersionInput } from "../../server/contracts/versions";

let tdb: TestDatabase;
let acct: TestAccount;

beforeAll(async () => {
  tdb = await createTestDatabase();
  acct = await createTestAccount(tdb.db, "read");
});
afterAll(async () => {
  await tdb?.close();
});

describe("module pipeline", () => {
  it("shows each version with its state, age, previously-live marker, rollback target and state history", async () => {
    const time = clock(new Date(Date.now() - 100 * 3_600_000));
    const m = await moduleWithVersions(tdb.db, acct, [{ version: "1.0.0", state: "live" }], { now: time.now });
    time.advanceHours(10);
    // 1.1.0: built, then staging, blessed and live at distinct times; then rolled back.
    const admin = at(tdb.db, acct.users.admin.actor, time.now);
    const operator = at(tdb.db, acct.users.operator.actor, time.now);
    const approver = at(tdb.db, acct.users.approver.actor, time.now);
    const created = await createModuleVersion(admin, m.name, createVersionInput.parse({ version: "1.1.0", ociRef: "r/x:1.1.0", ociDigest: digestOf(`${m.name}@1.1.0`), manifestYaml: "" }));
    time.advanceHours(1);
    await transitionVersion(operator, { versionId: created.id, targetState: "staging" });
    time.advanceHours(5);
    await transitionVersion(operator, { versionId: created.id, targetState: "blessed" });
    time.advanceHours(1);
    const request = await requestLive(operator, { versionId: created.id, reason: "ship" });
    time.advanceHours(1);
    await approveRequest(approver, { requestId: request.requestId });
    time.advanceHours(20);
    await rollbackModule(approver, { moduleName: m.name, reason: "regression" });
    time.advanceHours(2);

    const pipeline = await modulePipeline(at(tdb.db, acct.users.viewer.actor, time.now), { moduleName: m.name });
    const v100 = pipeline.versions.find((v) => v.version === "1.0.0")!;
    const v110 = pipeline.versions.find((v) => v.version === "1.1.0")!;
    expect(v100.promotionState).toBe("live");
    expect(v110.promotionState).toBe("retired");
    expect(v110.retiredReason).toBe("regression");
    expect(v110.hoursInState).toBeCloseTo(2, 5);
    expect(v110.history.map((h) => h.state)).toEqual(["built", "staging", "blessed", "live", "retired"]);
    // 1.0.0 was live, returned to blessed when 1.1.0 went live, and is live again after the rollback.
    expect(v100.history.map((h) => h.state)).toEqual(["built", "staging", "blessed", "live", "blessed", "live"]);
    expect(pipeline.live).toEqual({ id: v100.id, version: "1.0.0" });
    expect(pipeline.rollbackTarget).toBeNull();
    expect(pipeline.can).toMatchObject({ promote: false, approve: false, rollback: false });
    expect(v110.signerIdentity).toBeNull();
    expect(v100.signerIdentity).toContain("ci.example");
  });

  it("flags stale staging (restarted by any operator action on the version) and ready to bless", async () => {
    const time = clock(new Date(Date.now() - 48 * 3_600_000));
    const stale = await moduleWithVersions(tdb.db, acct, [{ version: "1.0.0", state: "staging" }], { now: time.now });
    const ready = await moduleWithVersions(tdb.db, acct, [
      { version: "1.0.0", state: "live" },
      { version: "1.1.0", state: "staging" },
    ], { now: time.now });
    const operator = at(tdb.db, acct.users.operator.actor, time.now);
    const template = await createTemplate(operator, { name: uniqueName("tpl"), description: "" });
    await assignModule(operator, { templateId: template.id, moduleName: ready.name, enabled: true, metadata: {} });
    const canaryDigest = digestOf(`${ready.name}@1.1.0`);
    const instances = [];
    for (let i = 0; i < 3; i += 1) {
      instances.push(await createInstance(operator, { name: uniqueName("node"), templateId: template.id, arch: "amd64" }));
    }
    time.advanceHours(25);
    for (const instance of instances) await recordHeartbeat(operator, instance.id, { status: "running", modules: { [ready.name]: canaryDigest } });
    time.advanceMinutes(20);
    for (const instance of instances) await recordHeartbeat(operator, instance.id, { status: "running", modules: { [ready.name]: canaryDigest } });

    const viewer = () => at(tdb.db, acct.users.viewer.actor, time.now);
    const early = await modulePipeline(viewer(), { moduleName: ready.name });
    const canary = early.versions.find((v) => v.version === "1.1.0")!;
    expect(canary.sensors.ready).toMatchObject({ ready: false, healthyInstances: 3, qualifyingInstances: 0 });
    time.advanceMinutes(10);
    for (const instance of instances) await recordHeartbeat(operator, instance.id, { status: "running", modules: { [ready.name]: canaryDigest } });
    const later = await modulePipeline(viewer(), { moduleName: ready.name });
    expect(later.versions.find((v) => v.version === "1.1.0")!.sensors.ready).toMatchObject({ ready: true, qualifyingInstances: 3 });
    expect(later.versions.find((v) => v.version === "1.0.0")!.sensors).toEqual({ stale: null, ready: null });

    const stalePipeline = await modulePipeline(viewer(), { moduleName: stale.name });
    const staleVersion = stalePipeline.versions[0]!;
    expect(staleVersion.sensors.stale).toMatchObject({ stale: true, thresholdHours: 24 });
    // An operator action on the version (any audited event) restarts the clock.
    await tdb.db.$transaction((tx) =>
      recordAudit(tx, operator, { action: "version.note_added", targetType: "module_version", targetId: staleVersion.id, targetLabel: `${stale.name}@1.0.0`, reason: "still soaking" }),
    );
    const after = await modulePipeline(viewer(), { moduleName: stale.name });
    expect(after.versions[0]!.sensors.stale).toMatchObject({ stale: false });

    // The fleet board filters modules that need attention.
    const board = await fleetBoard(viewer(), { attention: "stale", page: 1, pageSize: 200 });
    expect(board.rows.map((r) => r.module.name)).not.toContain(stale.name);
    const readyBoard = await fleetBoard(viewer(), { attention: "ready", page: 1, pageSize: 200 });
    expect(readyBoard.rows.map((r) => r.module.name)).toContain(ready.name);
    const row = readyBoard.rows.find((r) => r.module.name === ready.name)!;
    expect(row.columns.staging[0]).toMatchObject({ version: "1.1.0", ready: true });
    expect(row.columns.live[0]).toMatchObject({ version: "1.0.0" });
  });
});

describe("fleet board", () => {
  it("puts every module's versions in state columns, counts retired ones, and filters by category and attention", async () => {
    const other = await createTestAccount(tdb.db, "board");
    const web = await moduleWithVersions(tdb.db, other, [
      { version: "1.0.0", state: "retired" },
      { version: "1.1.0", state: "live" },
      { version: "1.2.0", state: "blessed" },
    ], { categorySlug: "userland" });
    const base = await moduleWithVersions(tdb.db, other, [{ version: "1.0.0", state: "built" }], { categorySlug: "system-base" });
    await requestLive(svcFor(tdb.db, other.users.operator.actor), { versionId: web.ids["1.2.0"]!, reason: "go" });
    const caller = callerFor(tdb.db, other.users.viewer.actor);
    const all = await caller.promotion.board({});
    expect(all.total).toBe(2);
    // Ordered by category position: system-base (10) before userland (90).
    expect(all.rows.map((r) => r.module.name)).toEqual([base.name, web.name]);
    const webRow = all.rows[1]!;
    expect(webRow.retiredCount).toBe(1);
    expect(webRow.columns.blessed[0]).toMatchObject({ version: "1.2.0", pendingRequest: { approvals: 0, requiredApprovals: 1 } });
    expect(webRow.attention).toEqual({ stale: 0, ready: 0, awaiting: 1 });
    expect(all.summary).toMatchObject({ modules: 2, awaiting: 1 });
    expect((await caller.promotion.board({ attention: "awaiting" })).rows.map((r) => r.module.name)).toEqual([web.name]);
    expect((await caller.promotion.board({ attention: "any" })).rows.map((r) => r.module.name)).toEqual([web.name]);
    expect((await caller.promotion.board({ category: "system-base" })).rows.map((r) => r.module.name)).toEqual([base.name]);
    expect((await caller.promotion.board({ search: base.name.slice(0, 7), pageSize: 1 })).rows).toHaveLength(1);
  });
});

describe("blast radius", () => {
  it("lists affected templates (pins and disabled assignments excepted), the instances that change, the manifest and file diffs", async () => {
    const other = await createTestAccount(tdb.db, "blast");
    const m = await moduleWithVersions(tdb.db, other, [
      { version: "1.0.0", state: "live", fileList: ["/etc/x/a.conf", "/usr/bin/x", "/usr/share/x/old"], packageList: ["x=1.0-1", "libx=2.0", "gone=1"] },
      { version: "0.9.0", state: "blessed" },
      { version: "1.1.0", state: "blessed", fileList: ["/etc/x/a.conf", "/usr/bin/x", "/usr/share/x/new", "/usr/share/x/new2"], packageList: ["x=1.1-1", "libx=2.0", "fresh=3"], manifestExtra: "license: MIT\n" },
    ]);
    const operator = svcFor(tdb.db, other.users.operator.actor);
    const follows = await createTemplate(operator, { name: "follows-live", description: "" });
    const pinned = await createTemplate(operator, { name: "pinned", description: "" });
    const disabled = await createTemplate(operator, { name: "disabled", description: "" });
    const stalePin = await createTemplate(operator, { name: "stale-pin", description: "" });
    await assignModule(operator, { templateId: follows.id, moduleName: m.name, enabled: true, metadata: {} });
    await assignModule(operator, { templateId: pinned.id, moduleName: m.name, enabled: true, pinnedVersion: "1.0.0", metadata: {} });
    await assignModule(operator, { templateId: disabled.id, moduleName: m.name, enabled: false, metadata: {} });
    await assignModule(operator, { templateId: stalePin.id, moduleName: m.name, enabled: true, pinnedVersion: "0.9.0", metadata: {} });
    await transitionVersion(operator, { versionId: m.ids["0.9.0"]!, targetState: "retired", reason: "old" });
    const liveDigest = digestOf(`${m.name}@1.0.0`);
    const names: string[] = [];
    for (const [template, count] of [[follows, 2], [pinned, 2], [disabled, 1], [stalePin, 1]] as const) {
      for (let i = 0; i < count; i += 1) {
        const instance = await createInstance(operator, { name: `${template.name}-${i}`, templateId: template.id, arch: "amd64" });
        await recordHeartbeat(operator, instance.id, { status: "running", modules: { [m.name]: liveDigest } });
        names.push(instance.name);
      }
    }
    const request = await requestLive(operator, { versionId: m.ids["1.1.0"]!, reason: "go" });
    const radius = await callerFor(tdb.db, other.users.viewer.actor).approvals.blastRadius({ requestId: request.requestId });

    const byName = Object.fromEntries(radius.templates.map((t) => [t.templateName, t]));
    expect(byName["follows-live"]).toMatchObject({ affected: true, instanceCount: 2 });
    expect(byName["pinned"]).toMatchObject({ affected: false, pinnedVersion: { version: "1.0.0", usable: true } });
    expect(byName["disabled"]).toMatchObject({ affected: false, enabled: false });
    expect(byName["stale-pin"]).toMatchObject({ affected: true, pinnedVersion: { version: "0.9.0", state: "retired", usable: false } });
    expect(radius.instances.total).toBe(3);
    expect(radius.instances.items.map((i) => i.name).sort()).toEqual(["follows-live-0", "follows-live-1", "stale-pin-0"]);
    expect(radius.instances.items[0]).toMatchObject({ runningVersion: "1.0.0", alreadyRunsCandidate: false });
    expect(radius.live).toMatchObject({ version: "1.0.0" });
    expect(radius.manifest.candidate).toContain("license: MIT");
    expect(radius.manifest.live).not.toContain("license");
    expect(radius.files).toMatchObject({
      added: ["/usr/share/x/new", "/usr/share/x/new2"],
      removed: ["/usr/share/x/old"],
      addedCount: 2,
      removedCount: 1,
      unchangedCount: 2,
      changed: null,
      truncated: false,
    });
    expect(radius.packages).toEqual({
      added: [{ name: "fresh", version: "3" }],
      removed: [{ name: "gone", version: "1" }],
      changed: [{ name: "x", from: "1.0-1", to: "1.1-1" }],
      unchanged: 1,
    });
    // The procedure wires the real composition preview: every affected template, composed with the candidate.
    expect(radius.compositions?.map((c) => c.templateName).sort()).toEqual(["follows-live", "stale-pin"]);

    // The composition extension point: issues the candidate would introduce are separated from existing ones.
    const existing: Issue = { code: "AMBIGUOUS_ORDER", severity: "warning", message: "old", path: "", range: { startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 } };
    const introduced: Issue = { ...existing, code: "EXCLUSIVE_CAPABILITY", severity: "error", message: "two modules provide http.port:80" };
    const seen: Array<{ templateId: string; candidate?: string }> = [];
    const withPreview = await blastRadius(svcFor(tdb.db, other.users.viewer.actor), request.requestId, {
      composePreview: async (_ctx, templateId, options) => {
        seen.push({ templateId, ...(options.candidate ? { candidate: options.candidate.version } : {}) });
        return options.candidate ? { errors: [introduced], warnings: [existing], conflicts: [] } : { errors: [], warnings: [existing], conflicts: [] };
      },
    });
    expect(withPreview.compositions?.map((c) => c.templateName).sort()).toEqual(["follows-live", "stale-pin"]);
    expect(withPreview.compositions?.[0]?.introduced).toEqual([introduced]);
    expect(seen.filter((s) => s.candidate === "1.1.0")).toHaveLength(2);
  });

  it("diffs large lists exactly and caps what it lists", () => {
    const before = Array.from({ length: 200_000 }, (_, i) => `/usr/share/pkg/file-${i}`);
    const after = [...before.slice(1000), ...Array.from({ length: 1500 }, (_, i) => `/usr/share/pkg/new-${i}`)];
    const diff = diffFileLists(before, after, 1000);
    expect(diff).toMatchObject({ addedCount: 1500, removedCount: 1000, unchangedCount: 199_000, truncated: true });
    expect(diff.added).toHaveLength(1000);
    expect(diffPackages(["a=1", "b"], ["a=2", "b"])).toMatchObject({ changed: [{ name: "a", from: "1", to: "2" }], unchanged: 1 });
  });
});
