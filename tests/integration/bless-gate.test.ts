/** The bless gate (docs/promotion.md): off by default; on, staging→blessed needs the evidence or an audited override. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { updatePolicy } from "../../server/services/policy";
import { transitionVersion } from "../../server/services/promotion";
import { modulePipeline } from "../../server/services/promotion-read";
import { createTestDatabase, type TestDatabase } from "./db";
import { createTestAccount, svcFor, type TestAccount } from "./fixtures";
import { moduleWithVersions } from "./promotion-fixtures";

let tdb: TestDatabase;
let acct: TestAccount;

beforeAll(async () => {
  tdb = await createTestDatabase();
  acct = await createTestAccount(tdb.db, "gate");
});
afterAll(async () => {
  await tdb?.close();
});

describe("bless gate", () => {
  it("off by default: an unproven staging version is blessed as before", async () => {
    const m = await moduleWithVersions(tdb.db, acct, [{ version: "1.0.0", state: "staging" }]);
    const moved = await transitionVersion(svcFor(tdb.db, acct.users.operator.actor), { versionId: m.ids["1.0.0"]!, targetState: "blessed" });
    expect(moved.promotionState).toBe("blessed");
  });

  it("on: refused without evidence, allowed with an override reason that the audit event records", async () => {
    const admin = svcFor(tdb.db, acct.users.admin.actor);
    await updatePolicy(admin, { requireApproval: true, requiredApprovals: 1, requestTtlHours: 4, stagingStaleHours: 24, blessRequiresEvidence: true });
    const m = await moduleWithVersions(tdb.db, acct, [{ version: "2.0.0", state: "staging" }]);
    const operator = svcFor(tdb.db, acct.users.operator.actor);
    const pipeline = await modulePipeline(operator, { moduleName: m.name });
    expect(pipeline.policy.blessRequiresEvidence).toBe(true);

    await expect(transitionVersion(operator, { versionId: m.ids["2.0.0"]!, targetState: "blessed" })).rejects.toMatchObject({
      code: "UNPROCESSABLE",
      message: expect.stringContaining("is not proven yet"),
      fieldErrors: { evidenceOverrideReason: expect.any(String) },
    });
    const moved = await transitionVersion(operator, { versionId: m.ids["2.0.0"]!, targetState: "blessed", evidenceOverrideReason: "security fix, verified in the lab" });
    expect(moved.promotionState).toBe("blessed");
    const event = await tdb.db.auditEvent.findFirstOrThrow({ where: { accountId: acct.accountId, targetId: m.ids["2.0.0"]!, action: "version.promoted" }, orderBy: { createdAt: "desc" } });
    expect(event.after).toMatchObject({ state: "blessed", evidenceOverride: { reason: "security fix, verified in the lab" } });

    // built→staging is not gated.
    const n = await moduleWithVersions(tdb.db, acct, [{ version: "3.0.0", state: "built" }]);
    expect((await transitionVersion(operator, { versionId: n.ids["3.0.0"]!, targetState: "staging" })).promotionState).toBe("staging");
  });
});
