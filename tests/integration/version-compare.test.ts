/** Comparing two versions of a module: manifests, file and package diffs, the composition effect, and the errors. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assignModule, createTemplate } from "../../server/services/templates";
import { compareVersions } from "../../server/services/version-compare";
import { createTestDatabase, type TestDatabase } from "./db";
import { createTestAccount, svcFor, type TestAccount } from "./fixtures";
import { moduleWithVersions } from "./promotion-fixtures";

let tdb: TestDatabase;
let acct: TestAccount;

beforeAll(async () => {
  tdb = await createTestDatabase();
  acct = await createTestAccount(tdb.db, "cmp");
});
afterAll(async () => {
  await tdb?.close();
});

describe("compareVersions", () => {
  it("diffs manifests, files and packages in the asked direction and composes each template with both", async () => {
    const m = await moduleWithVersions(tdb.db, acct, [
      { version: "1.0.0", state: "live", fileList: ["/etc/a.conf", "/usr/bin/a"], packageList: ["a=1.0-1", "libx=2"] },
      { version: "1.1.0", state: "staging", fileList: ["/etc/a.conf", "/usr/bin/a", "/usr/share/a/new"], packageList: ["a=1.1-1", "libx=2"], manifestExtra: "description: newer\n" },
    ]);
    const operator = svcFor(tdb.db, acct.users.operator.actor);
    const template = await createTemplate(operator, { name: `cmp-${m.name}` });
    await assignModule(operator, { templateId: template.id, moduleName: m.name, enabled: true, metadata: {} });

    const r = await compareVersions(svcFor(tdb.db, acct.users.viewer.actor), { moduleName: m.name, from: "1.0.0", to: "1.1.0" });
    expect(r.from).toMatchObject({ version: "1.0.0", state: "live" });
    expect(r.to).toMatchObject({ version: "1.1.0", state: "staging" });
    expect(r.manifest.to).toContain("description: newer");
    expect(r.manifest.from).not.toContain("description: newer");
    expect(r.files).toMatchObject({ addedCount: 1, removedCount: 0, unchangedCount: 2, added: ["/usr/share/a/new"], fromCount: 2, toCount: 3 });
    expect(r.packages.changed).toEqual([{ name: "a", from: "1.0-1", to: "1.1-1" }]);
    expect(r.compositions).toHaveLength(1);
    expect(r.compositions[0]).toMatchObject({ templateName: `cmp-${m.name}`, error: null });
    expect(r.versions.map((v) => v.version).sort()).toEqual(["1.0.0", "1.1.0"]);

    const back = await compareVersions(svcFor(tdb.db, acct.users.viewer.actor), { moduleName: m.name, from: "1.1.0", to: "1.0.0" });
    expect(back.files).toMatchObject({ addedCount: 0, removedCount: 1, removed: ["/usr/share/a/new"] });
  });

  it("an unknown version or module is NOT_FOUND", async () => {
    const m = await moduleWithVersions(tdb.db, acct, [{ version: "1.0.0", state: "built" }]);
    const svc = svcFor(tdb.db, acct.users.viewer.actor);
    await expect(compareVersions(svc, { moduleName: m.name, from: "1.0.0", to: "9.9.9" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(compareVersions(svc, { moduleName: "no-such-module", from: "1.0.0", to: "1.0.1" })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
