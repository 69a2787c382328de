import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requestLive } from "../../server/services/promotion";
import { assignModule, createTemplate } from "../../server/services/templates";
import { createTestDatabase, type TestDatabase } from "./db";
import { callerFor, createTestAccount, svcFor, type TestAccount } from "./fixtures";
import { moduleWithVersions } from "./promotion-fixtures";

let tdb: TestDatabase;
let acct: TestAccount;

beforeAll(async () => {
  tdb = await createTestDatabase();
  acct = await createTestAccount(tdb.db, "blast");
});
afterAll(async () => {
  await tdb?.close();
});

describe("blast radius with the composition preview", () => {
  it("previews every affected template with the candidate in place of the live version", async () => {
    const module = await moduleWithVersions(tdb.db, acct, [
      { version: "1.0.0", state: "live" },
      { version: "1.1.0", state: "blessed" },
    ]);
    const operator = svcFor(tdb.db, acct.users.operator.actor);
    const template = await createTemplate(operator, { name: "edge" });
    await assignModule(operator, { templateId: template.id, moduleName: module.name, enabled: true, metadata: {} });
    const request = await requestLive(operator, { versionId: module.ids["1.1.0"]!, reason: "roll out 1.1.0" });

    const radius = await callerFor(tdb.db, acct.users.approver.actor).approvals.blastRadius({ requestId: request.requestId });
    expect(radius.templates.map((t) => t.templateName)).toEqual(["edge"]);
    expect(radius.compositions).toBeDefined();
    expect(radius.compositions?.map((c) => c.templateName)).toEqual(["edge"]);
    // A lone module with no dependencies composes cleanly: the candidate introduces nothing.
    expect(radius.compositions?.[0]?.introduced).toEqual([]);
  });
});
