/**
 * Templates, assignments and composePreview through the tRPC routers (real database): CRUD, the composition
 * gate with audited overrides, pins, metadata limits, concurrency, cross-account ids, preview, overlay paging.
 */
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createInstance } from "../../server/services/instances";
import { transitionVersion } from "../../server/services/promotion";
import { createTestDatabase, type TestDatabase } from "./db";
import { callerFor, createTestAccount, svcFor, type TestAccount } from "./fixtures";
import { addModule, addWebStack } from "./template-fixtures";

let tdb: TestDatabase;
let acct: TestAccount;
let other: TestAccount;
let otherTemplateId: string;
let otherAssignmentId: string;

beforeAll(async () => {
  tdb = await createTestDatabase();
  acct = await createTestAccount(tdb.db, "tpl");
  other = await createTestAccount(tdb.db, "oth");
  await addWebStack(tdb.db, acct);
  await addModule(tdb.db, other, { name: "x", category: "userland", fileSpec: ["/x/**"], versions: [{ version: "1.0.0", state: "live", files: ["/x/a"] }] });
  const theirs = callerFor(tdb.db, other.users.operator.actor);
  otherTemplateId = (await theirs.templates.create({ name: "theirs" })).id;
  otherAssignmentId = (await theirs.templates.assign({ templateId: otherTemplateId, moduleName: "x" })).id;
}, 120_000);
afterAll(async () => {
  await tdb?.close();
});

const operator = () => callerFor(tdb.db, acct.users.operator.actor);
const viewer = () => callerFor(tdb.db, acct.users.viewer.actor);

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return "OK";
  } catch (error) {
    if (error instanceof TRPCError) return error.code;
    throw error;
  }
}

async function auditFor(templateId: string) {
  return tdb.db.auditEvent.findMany({ where: { accountId: acct.accountId, targetId: templateId }, orderBy: { createdAt: "asc" } });
}

let counter = 0;
async function newTemplate(modules: string[] = []) {
  const t = await operator().templates.create({ name: `t-${++counter}`, description: "test" });
  const ids: Record<string, string> = {};
  for (const m of modules) ids[m] = (await operator().templates.assign({ templateId: t.id, moduleName: m })).id;
  return { id: t.id, ids };
}

describe("template CRUD", () => {
  it("creates, lists with counts and health, renames, deletes — each audited", async () => {
    const { id } = await newTemplate(["base", "nginx"]);
    const list = await viewer().templates.list({ search: `t-${counter}` });
    const row = list.templates.find((t) => t.id === id)!;
    expect(row).toMatchObject({ moduleCount: 2, enabledModuleCount: 2, instanceCount: 0, health: { status: "clean", errors: 0 } });
    const renamed = await operator().templates.update({ templateId: id, name: `renamed-${counter}` });
    expect(renamed.name).toBe(`renamed-${counter}`);
    expect((await operator().templates.get({ templateId: id })).assignments.map((a) => a.module.name).sort()).toEqual(["base", "nginx"]);
    await operator().templates.delete({ templateId: id, reason: "cleanup" });
    expect(await codeOf(viewer().templates.get({ templateId: id }))).toBe("NOT_FOUND");
    const actions = (await auditFor(id)).map((e) => e.action).sort();
    expect(actions).toEqual(["template.created", "template.deleted", "template.module_assigned", "template.module_assigned", "template.updated"]);
  });

  it("pages the list in every sort; health only for the page, or none with health: false", async () => {
    const made: string[] = [];
    for (const modules of [["base"], ["base", "nginx"], [], ["base", "nginx", "hardening"], ["apache", "nginx"]]) {
      const t = await operator().templates.create({ name: `paged-${made.length}`, description: "paging" });
      for (const m of modules) await operator().templates.assign({ templateId: t.id, moduleName: m, overrideReason: "paging test" });
      made.push(t.id);
    }
    const pages = async (sort: "name" | "updated" | "modules" | "instances" | "health", dir: "asc" | "desc") => {
      const seen: string[] = [];
      for (let page = 1; page <= 3; page += 1) {
        const p = await viewer().templates.list({ search: "paged-", sort, dir, page, pageSize: 2 });
        expect(p).toMatchObject({ total: 5, page, pageSize: 2 });
        seen.push(...p.templates.map((t) => t.name));
      }
      return seen;
    };
    expect(await pages("name", "asc")).toEqual(["paged-0", "paged-1", "paged-2", "paged-3", "paged-4"]);
    expect(await pages("name", "desc")).toEqual(["paged-4", "paged-3", "paged-2", "paged-1", "paged-0"]);
    // Ties (same module count) by name, in the same direction.
    expect(await pages("modules", "desc")).toEqual(["paged-3", "paged-4", "paged-1", "paged-0", "paged-2"]);
    const byHealth = await pages("health", "desc");
    expect(byHealth[0]).toBe("paged-4"); // apache and nginx clash: the only template with errors
    expect(new Set(byHealth).size).toBe(5);
    const light = await viewer().templates.list({ search: "paged-", health: false, pageSize: 200 });
    expect(light.templates.map((t) => t.health)).toEqual([null, null, null, null, null]);
    expect(await codeOf(viewer().templates.list({ pageSize: 201 }))).toBe("BAD_REQUEST");
    for (const id of made) await operator().templates.delete({ templateId: id, reason: "cleanup" });
  });

  it("refuses a duplicate name with a field error and bad input with BAD_REQUEST", async () => {
    const { id } = await newTemplate();
    const name = `t-${counter}`;
    const error = await operator().templates.create({ name }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TRPCError);
    expect((error as TRPCError).code).toBe("CONFLICT");
    expect(await codeOf(operator().templates.create({ name: "Not A Slug" }))).toBe("BAD_REQUEST");
    expect(await codeOf(operator().templates.update({ templateId: id }))).toBe("BAD_REQUEST");
  });

  it("refuses to delete a template that instances use (CONFLICT), and nothing is lost", async () => {
    const { id } = await newTemplate(["base"]);
    await createInstance(svcFor(tdb.db, acct.users.operator.actor), { templateId: id, name: `node-${counter}`, arch: "amd64" });
    expect(await codeOf(operator().templates.delete({ templateId: id }))).toBe("CONFLICT");
    expect((await viewer().templates.get({ templateId: id })).assignments).toHaveLength(1);
  });

  it("viewers read but cannot change", async () => {
    const { id } = await newTemplate();
    expect(await codeOf(viewer().templates.get({ templateId: id }))).toBe("OK");
    expect(await codeOf(viewer().templates.assign({ templateId: id, moduleName: "base" }))).toBe("FORBIDDEN");
    expect(await codeOf(callerFor(tdb.db, acct.users.author.actor).templates.create({ name: "by-author" }))).toBe("FORBIDDEN");
  });
});

describe("another account's ids answer NOT_FOUND", () => {
  it.each([
    ["get", () => operator().templates.get({ templateId: otherTemplateId })],
    ["update", () => operator().templates.update({ templateId: otherTemplateId, name: "stolen" })],
    ["delete", () => operator().templates.delete({ templateId: otherTemplateId })],
    ["assign", () => operator().templates.assign({ templateId: otherTemplateId, moduleName: "base" })],
    ["updateAssignment", () => operator().templates.updateAssignment({ assignmentId: otherAssignmentId, enabled: false })],
    ["unassign", () => operator().templates.unassign({ assignmentId: otherAssignmentId })],
    ["preview", () => operator().templates.preview({ templateId: otherTemplateId })],
    ["overlay", () => operator().templates.overlay({ templateId: otherTemplateId })],
    ["acceptErrors", () => operator().templates.acceptErrors({ templateId: otherTemplateId, reason: "mine now" })],
  ])("%s", async (_name, run) => {
    expect(await codeOf(run())).toBe("NOT_FOUND");
    const untouched = await tdb.db.templateModule.findUniqueOrThrow({ where: { id: otherAssignmentId } });
    expect(untouched.enabled).toBe(true);
  });

  it("another account's module cannot be assigned", async () => {
    const { id } = await newTemplate();
    expect(await codeOf(operator().templates.assign({ templateId: id, moduleName: "x" }))).toBe("NOT_FOUND");
  });
});

describe("assignments", () => {
  it("pins only blessed or live versions", async () => {
    const { id } = await newTemplate();
    expect(await codeOf(operator().templates.assign({ templateId: id, moduleName: "nginx", pinnedVersion: "1.2.0" }))).toBe("UNPROCESSABLE_CONTENT");
    expect(await codeOf(operator().templates.assign({ templateId: id, moduleName: "nginx", pinnedVersion: "9.9.9" }))).toBe("BAD_REQUEST");
    const a = await operator().templates.assign({ templateId: id, moduleName: "nginx", pinnedVersion: "1.0.0" });
    expect(await codeOf(operator().templates.updateAssignment({ assignmentId: a.id, pinnedVersion: "1.2.0" }))).toBe("UNPROCESSABLE_CONTENT");
    const preview = await viewer().templates.preview({ templateId: id });
    expect(preview.layers.find((l) => l.name === "nginx")).toMatchObject({ version: "1.0.0", versionSource: "pinned", versionState: "blessed" });
    await operator().templates.updateAssignment({ assignmentId: a.id, pinnedVersion: null });
    const unpinned = await viewer().templates.preview({ templateId: id });
    expect(unpinned.layers.find((l) => l.name === "nginx")).toMatchObject({ version: "1.1.0", versionSource: "live" });
  });

  it("a pin whose version is retired falls back to live and warns template.pin_ignored; it cannot be pinned again", async () => {
    const versions = await addModule(tdb.db, acct, {
      name: "pinny",
      category: "userland",
      fileSpec: ["/opt/pinny/**"],
      versions: [
        { version: "1.0.0", state: "blessed", files: ["/opt/pinny/a"] },
        { version: "1.1.0", state: "live", files: ["/opt/pinny/a"] },
      ],
    });
    const { id } = await newTemplate();
    const a = await operator().templates.assign({ templateId: id, moduleName: "pinny", pinnedVersion: "1.0.0" });
    await transitionVersion(svcFor(tdb.db, acct.users.operator.actor), { versionId: versions["1.0.0"]!, targetState: "retired", reason: "withdrawn" });
    const p = await viewer().templates.preview({ templateId: id });
    expect(p.layers.find((l) => l.name === "pinny")).toMatchObject({ version: "1.1.0", versionSource: "live", versionState: "live" });
    expect(p.warnings.filter((w) => w.code === "template.pin_ignored")).toEqual([
      expect.objectContaining({
        severity: "warning",
        message: "pinny is pinned to 1.0.0, which is retired; nodes get the live version 1.1.0 instead.",
        hint: "Pin a blessed or live version, or unpin to follow live.",
        relatedModule: "pinny",
        key: "template.pin_ignored|pinny",
      }),
    ]);
    expect(p.health).toMatchObject({ status: "warnings", errors: 0 });
    const proposal = viewer().templates.preview({ templateId: id, change: { kind: "update", assignmentId: a.id, pinnedVersion: "1.0.0" } });
    expect(await codeOf(proposal)).toBe("UNPROCESSABLE_CONTENT");
    expect(await codeOf(operator().templates.updateAssignment({ assignmentId: a.id, pinnedVersion: "1.0.0" }))).toBe("UNPROCESSABLE_CONTENT");
  });

  it("validates metadata: a JSON object of at most 16 KiB", async () => {
    const { id } = await newTemplate();
    const big = { blob: "x".repeat(17 * 1024) };
    const error = await operator().templates.assign({ templateId: id, moduleName: "base", metadata: big }).catch((e: unknown) => e);
    expect((error as TRPCError).code).toBe("BAD_REQUEST");
    expect(String((error as TRPCError).message)).toMatch(/16 KiB/);
    expect(await codeOf(operator().templates.assign({ templateId: id, moduleName: "base", metadata: { when: new Date() } as unknown as Record<string, string> }))).toBe("BAD_REQUEST");
    const a = await operator().templates.assign({ templateId: id, moduleName: "base", metadata: { site: "ams", tags: ["edge", 1, null] } });
    expect((await viewer().templates.get({ templateId: id })).assignments[0]!.metadata).toEqual({ site: "ams", tags: ["edge", 1, null] });
    expect(await codeOf(operator().templates.assign({ templateId: id, moduleName: "base" }))).toBe("CONFLICT");
    expect(a.composition.errors).toBe(0);
  });

  it("sets and clears an effective priority override, recording before and after", async () => {
    const { id, ids } = await newTemplate(["base", "nginx", "nginx-tls"]);
    const before = await viewer().templates.preview({ templateId: id });
    const nginx = before.layers.find((l) => l.name === "nginx")!;
    expect(nginx.derivation.text).toBe("(userland 90 + subscription 0) × 1000 + 100 = 90100");
    await operator().templates.updateAssignment({ assignmentId: ids.nginx!, effectivePriorityOverride: 95000 });
    const overridden = await viewer().templates.preview({ templateId: id });
    expect(overridden.layers.at(-1)).toMatchObject({ name: "nginx", effectivePriority: 95000, derivation: { kind: "override" } });
    await operator().templates.updateAssignment({ assignmentId: ids.nginx!, effectivePriorityOverride: null });
    expect((await viewer().templates.preview({ templateId: id })).layers.find((l) => l.name === "nginx")!.effectivePriority).toBe(90100);
    const updates = (await auditFor(id)).filter((e) => e.action === "template.assignment_updated");
    expect(updates.map((e) => [e.before, e.after])).toEqual([
      [{ module: "nginx", effectivePriorityOverride: null }, expect.objectContaining({ module: "nginx", effectivePriorityOverride: 95000 })],
      [{ module: "nginx", effectivePriorityOverride: 95000 }, expect.objectContaining({ module: "nginx", effectivePriorityOverride: null })],
    ]);
  });

  it("disabled assignments take no part but stay listed with their would-be priority", async () => {
    const { id, ids } = await newTemplate(["base", "apache"]);
    await operator().templates.updateAssignment({ assignmentId: ids.apache!, enabled: false });
    const p = await viewer().templates.preview({ templateId: id });
    expect(p.layers.map((l) => l.name)).toEqual(["base"]);
    expect(p.disabled).toEqual([expect.objectContaining({ name: "apache", assignmentId: ids.apache, effectivePriority: 90000 })]);
  });
});

describe("the composition gate: errors need an audited override reason", () => {
  it("refuses a change that introduces errors, accepts it with a reason, clears the acceptance when fixed", async () => {
    const { id } = await newTemplate(["base", "nginx"]);
    const refused = await operator().templates.assign({ templateId: id, moduleName: "apache" }).catch((e: unknown) => e);
    expect((refused as TRPCError).code).toBe("UNPROCESSABLE_CONTENT");
    expect((refused as TRPCError).message).toMatch(/http\.port:80/);
    expect((await viewer().templates.get({ templateId: id })).assignments).toHaveLength(2);

    const accepted = await operator().templates.assign({ templateId: id, moduleName: "apache", overrideReason: "Migrating from apache this week" });
    expect(accepted.composition).toMatchObject({ errors: 1, accepted: true, newErrors: [expect.objectContaining({ code: "capability.exclusive_clash" })] });
    const preview = await viewer().templates.preview({ templateId: id });
    expect(preview.health).toMatchObject({ status: "errors", errors: 1, unacceptedErrors: 0, accepted: true });
    expect(preview.errors[0]).toMatchObject({ code: "capability.exclusive_clash", accepted: true });
    expect(preview.override).toMatchObject({ reason: "Migrating from apache this week", by: acct.users.operator.email });
    const event = (await auditFor(id)).at(-1)!;
    expect(event).toMatchObject({ action: "template.module_assigned", reason: "Migrating from apache this week" });
    expect(event.after).toMatchObject({ module: "apache", composition: { errors: 1, accepted: true } });

    // An unrelated change does not need a new reason: it introduces nothing.
    const a = (await viewer().templates.get({ templateId: id })).assignments.find((x) => x.module.name === "base")!;
    await operator().templates.updateAssignment({ assignmentId: a.id, metadata: { k: "v" } });

    const apache = (await viewer().templates.get({ templateId: id })).assignments.find((x) => x.module.name === "apache")!;
    const removed = await operator().templates.unassign({ assignmentId: apache.id });
    expect(removed.composition).toMatchObject({ errors: 0 });
    const after = await viewer().templates.get({ templateId: id });
    expect(after.override).toBeNull();
    expect(after.health.status).toBe("clean");
  });

  it("acceptErrors records the errors and the reason when they arise from elsewhere", async () => {
    const { id, ids } = await newTemplate(["base", "nginx", "nginx-tls"]);
    expect(await codeOf(operator().templates.acceptErrors({ templateId: id, reason: "nothing to accept" }))).toBe("UNPROCESSABLE_CONTENT");
    // Disabling nginx breaks nginx-tls's requirement: refused without a reason.
    expect(await codeOf(operator().templates.updateAssignment({ assignmentId: ids.nginx!, enabled: false }))).toBe("UNPROCESSABLE_CONTENT");
    await operator().templates.updateAssignment({ assignmentId: ids.nginx!, enabled: false, overrideReason: "nginx is being replaced" });
    const r = await operator().templates.acceptErrors({ templateId: id, reason: "Reviewed: TLS config stays until the cutover" });
    expect(r.health.accepted).toBe(true);
    const event = (await auditFor(id)).at(-1)!;
    expect(event).toMatchObject({ action: "template.errors_accepted", reason: "Reviewed: TLS config stays until the cutover" });
    expect(await codeOf(operator().templates.acceptErrors({ templateId: id, reason: "" }))).toBe("BAD_REQUEST");
  });
});

describe("concurrent updates of one assignment", () => {
  it("with the same expectedRevision: exactly one wins, the other gets CONFLICT and writes nothing", async () => {
    const { id, ids } = await newTemplate(["base", "nginx"]);
    const get = async () => (await viewer().templates.get({ templateId: id })).assignments.find((a) => a.id === ids.nginx)!;
    const { revision } = await get();
    const results = await Promise.allSettled([
      operator().templates.updateAssignment({ assignmentId: ids.nginx!, metadata: { writer: "a" }, expectedRevision: revision }),
      operator().templates.updateAssignment({ assignmentId: ids.nginx!, metadata: { writer: "b" }, expectedRevision: revision }),
    ]);
    const ok = results.filter((r) => r.status === "fulfilled");
    const failed = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(ok).toHaveLength(1);
    expect(failed).toHaveLength(1);
    expect((failed[0]!.reason as TRPCError).code).toBe("CONFLICT");
    const after = await get();
    expect(after.revision).toBe(revision + 1);
    expect(after.metadata).toEqual({ writer: expect.stringMatching(/^[ab]$/) });
  });

  it("without expectedRevision, updates of different fields both land (field-level PATCH)", async () => {
    const { id, ids } = await newTemplate(["base", "nginx"]);
    await Promise.all([
      operator().templates.updateAssignment({ assignmentId: ids.nginx!, metadata: { site: "fra" } }),
      operator().templates.updateAssignment({ assignmentId: ids.nginx!, effectivePriorityOverride: 90500 }),
      operator().templates.updateAssignment({ assignmentId: ids.nginx!, pinnedVersion: "1.0.0" }),
    ]);
    const a = (await viewer().templates.get({ templateId: id })).assignments.find((x) => x.id === ids.nginx)!;
    expect(a).toMatchObject({ metadata: { site: "fra" }, effectivePriorityOverride: 90500, pinnedVersion: { version: "1.0.0" }, revision: 3 });
  });

  it("two operators adding clashing modules at once: the second sees the first and needs a reason", async () => {
    const { id } = await newTemplate(["base"]);
    const results = await Promise.allSettled([
      operator().templates.assign({ templateId: id, moduleName: "nginx" }),
      operator().templates.assign({ templateId: id, moduleName: "apache" }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const rejected = results.find((r): r is PromiseRejectedResult => r.status === "rejected")!;
    expect((rejected.reason as TRPCError).code).toBe("UNPROCESSABLE_CONTENT");
    expect((await viewer().templates.preview({ templateId: id })).errors).toEqual([]);
  });
});

describe("composePreview", () => {
  it("orders layers, derives priorities, pulls dependencies in 'via' their requirer", async () => {
    const { id } = await newTemplate(["nginx-tls", "hardening"]);
    const p = await viewer().templates.preview({ templateId: id });
    expect(p.layers.map((l) => [l.name, l.effectivePriority, l.source])).toEqual([
      ["base", 10000, "dependency"],
      ["hardening", 20000, "template"],
      ["nginx", 90100, "dependency"],
      ["nginx-tls", 91100, "template"],
    ]);
    expect(p.layers.find((l) => l.name === "nginx")!.viaDependencyOf).toEqual(["nginx-tls"]);
    expect(p.layers.find((l) => l.name === "base")!.viaDependencyOf).toEqual(["nginx"]);
    expect(p.overlay).toMatchObject({ mode: "files" });
    // base's /etc/issue is dropped by hardening's protection.
    expect(p.conflicts.map((c) => c.code)).toContain("composition.protected_drop");
  });

  it("uses the draft manifest's globs for a module with no pinned or live version, and says so", async () => {
    const { id } = await newTemplate(["drafty"]);
    const p = await viewer().templates.preview({ templateId: id });
    expect(p.layers[0]).toMatchObject({ name: "drafty", version: null, factsSource: "draft", filesKnown: false, fileSpec: ["/opt/drafty/**"] });
    expect(p.warnings.map((w) => w.code)).toEqual(expect.arrayContaining(["composition.no_deployable_version", "template.draft_manifest"]));
  });

  it("previews a what-if candidate version and a proposed change without saving", async () => {
    const { id, ids } = await newTemplate(["base", "nginx"]);
    const withCandidate = await viewer().templates.preview({ templateId: id, candidate: { moduleName: "nginx", version: "1.2.0" } });
    expect(withCandidate.candidate).toEqual({ module: "nginx", version: "1.2.0", placement: "template" });
    expect(withCandidate.layers.find((l) => l.name === "nginx")).toMatchObject({ version: "1.2.0", isCandidate: true, versionState: "built" });
    const story = await viewer().templates.overlayPath({ templateId: id, candidate: { moduleName: "nginx", version: "1.2.0" }, path: "/etc/nginx/new.conf" });
    expect(story.winner?.module).toBe("nginx");
    expect(await codeOf(viewer().templates.preview({ templateId: id, candidate: { moduleName: "nginx", version: "7.0.0" } }))).toBe("NOT_FOUND");

    const change = await viewer().templates.preview({ templateId: id, change: { kind: "assign", moduleName: "apache" } });
    expect(change.diff?.newErrors.map((e) => e.code)).toEqual(["capability.exclusive_clash"]);
    expect(change.diff?.layerChanges).toEqual([expect.objectContaining({ module: "apache", change: "added" })]);
    const removal = await viewer().templates.preview({ templateId: id, change: { kind: "unassign", assignmentId: ids.nginx! } });
    expect(removal.diff?.layerChanges).toEqual([expect.objectContaining({ module: "nginx", change: "removed" })]);
    expect((await viewer().templates.get({ templateId: id })).assignments).toHaveLength(2);
  });

  it("a priority override changes who wins /etc/nginx/nginx.conf", async () => {
    const { id, ids } = await newTemplate(["base", "nginx", "nginx-tls"]);
    const before = await viewer().templates.overlayPath({ templateId: id, path: "/etc/nginx/nginx.conf" });
    expect(before.winner?.module).toBe("nginx-tls");
    expect(before.shadowed.map((s) => s.module)).toEqual(["nginx"]);
    expect(before.winner?.fileSpecGlob).toBe("/etc/nginx/nginx.conf");
    const change = await viewer().templates.preview({ templateId: id, change: { kind: "update", assignmentId: ids.nginx!, effectivePriorityOverride: 95000 } });
    expect(change.diff?.winnerChanges).toEqual([{ path: "/etc/nginx/nginx.conf", before: "nginx-tls", after: "nginx" }]);
    await operator().templates.updateAssignment({ assignmentId: ids.nginx!, effectivePriorityOverride: 95000 });
    const after = await viewer().templates.overlayPath({ templateId: id, path: "/etc/nginx/nginx.conf" });
    expect(after.winner?.module).toBe("nginx");
    expect(after.shadowed.map((s) => s.module)).toEqual(["nginx-tls"]);
  });
});

describe("scoped catalogs (docs/performance.md)", () => {
  it("reads only what the template reaches, and still names every registered provider of a missing capability", async () => {
    const live = (name: string, spec: { requires?: string[]; provides?: string[] }) =>
      addModule(tdb.db, acct, { name, category: "userland", fileSpec: [`/opt/${name}/**`], versions: [{ version: "1.0.0", state: "live", files: [`/opt/${name}/a`] }], ...spec });
    await live("scope-app", { requires: [`${acct.slug}/scope-lib@>=1.0.0`, "capability:metrics"] });
    await live("scope-lib", { requires: [`${acct.slug}/scope-core@>=1.0.0`] });
    await live("scope-core", {});
    await live("scope-exporter", { provides: ["metrics:prometheus"] });
    await live("scope-unrelated", { provides: ["logs"] });
    const { id } = await newTemplate();
    await operator().templates.assign({ templateId: id, moduleName: "scope-app", overrideReason: "The exporter comes next week" });

    const { composeTemplate } = await import("../../server/services/composition-compose");
    const tc = await composeTemplate(tdb.db, { accountId: acct.accountId, slug: acct.slug }, id);
    // The reference chain (two rounds of reads) and the capability's provider; nothing else of the account.
    expect(tc.catalog.modules.map((m) => m.name)).toEqual(["scope-app", "scope-core", "scope-exporter", "scope-lib"]);
    const p = await viewer().templates.preview({ templateId: id });
    expect(p.layers.map((l) => l.name).sort()).toEqual(["scope-app", "scope-core", "scope-lib"]);
    const missing = p.errors.find((e) => e.code === "capability.missing");
    expect(missing?.hint).toBe("Registered modules that provide it: scope-exporter — assign one to the template.");

    // The health badge on the list agrees with the preview.
    const row = (await viewer().templates.list({ search: `t-${counter}` })).templates.find((t) => t.id === id);
    expect(row?.health).toEqual(p.health);
  });
});

describe("overlay paging", () => {
  it("lists a directory's children with aggregates, filters, searches by substring and glob", async () => {
    const { id } = await newTemplate(["base", "hardening", "nginx", "nginx-tls"]);
    const root = await viewer().templates.overlay({ templateId: id, dir: "/" });
    expect(root.rows.map((r) => r.path)).toEqual(["/etc", "/usr"]);
    expect(root.matchingFiles).toBe(root.pathCount);
    const etc = await viewer().templates.overlay({ templateId: id, dir: "/etc" });
    expect(etc.rows.map((r) => `${r.kind}:${r.name}`)).toEqual(["dir:nginx", "dir:ssl", "file:hostname", "file:issue", "file:login.defs", "file:os-release"]);
    const issue = etc.rows.find((r) => r.name === "issue")!;
    expect(issue).toMatchObject({ kind: "file", dropped: 1, winner: etc.layers.indexOf("hardening") });

    const paged = await viewer().templates.overlay({ templateId: id, dir: "/etc", limit: 4 });
    expect(paged.rows).toHaveLength(4);
    expect(paged.nextCursor).toBe(4);
    const rest = await viewer().templates.overlay({ templateId: id, dir: "/etc", limit: 4, cursor: 4 });
    expect(rest.rows.map((r) => r.name)).toEqual(["login.defs", "os-release"]);
    expect(rest.nextCursor).toBeNull();

    const shadowed = await viewer().templates.overlay({ templateId: id, dir: "/etc", filter: "shadowed" });
    expect(shadowed.rows.map((r) => r.path)).toEqual(["/etc/nginx"]);
    const dropped = await viewer().templates.overlay({ templateId: id, search: "/etc/**", filter: "dropped" });
    expect(dropped.rows.map((r) => r.path)).toEqual(["/etc/issue"]);
    const byModule = await viewer().templates.overlay({ templateId: id, search: "nginx", filter: "module", module: "nginx-tls" });
    expect(byModule.rows.map((r) => r.path)).toEqual(["/etc/nginx/nginx.conf"]);
    const glob = await viewer().templates.overlay({ templateId: id, search: "*.types" });
    expect(glob).toMatchObject({ mode: "glob", total: 1 });

    const story = await viewer().templates.overlayPath({ templateId: id, path: "/etc/issue" });
    expect(story.dropped).toEqual([expect.objectContaining({ module: "base", reason: "protected", byModule: "hardening", glob: "/etc/issue" })]);
    const unknown = await viewer().templates.overlayPath({ templateId: id, path: "/etc/nginx/not-listed.conf" });
    // A glob selects a directory's whole subtree: base's /etc/* reaches into /etc/nginx too.
    expect(unknown).toMatchObject({ listed: false, winner: null });
    expect(unknown.selectedBy.map((s) => [s.module, s.fileSpecGlob])).toEqual([
      ["nginx", "/etc/nginx/**"],
      ["base", "/etc/*"],
    ]);
  });

  it("rejects oversized pages", async () => {
    const { id } = await newTemplate(["base"]);
    expect(await codeOf(viewer().templates.overlay({ templateId: id, limit: 100_000 }))).toBe("BAD_REQUEST");
  });
});

describe("catalog search", () => {
  it("finds modules by name and marks those already assigned", async () => {
    const { id } = await newTemplate(["nginx"]);
    const r = await viewer().templates.catalog({ templateId: id, search: "nginx" });
    expect(r.modules.map((m) => [m.name, m.assigned])).toEqual([
      ["nginx", true],
      ["nginx-tls", false],
    ]);
    expect(r.modules[0]).toMatchObject({ liveVersion: "1.1.0", provides: ["http.port:80", "http.server"], effectivePriority: 90100 });
  });
});
