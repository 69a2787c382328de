/** The attention home's summary: what needs a person, counted in the caller's account only, "mine" first. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { attentionSummary } from "../../server/services/attention";
import { requestLive } from "../../server/services/promotion";
import { createTestDatabase, type TestDatabase } from "./db";
import { callerFor, createTestAccount, type TestAccount } from "./fixtures";
import { at, clock, moduleWithVersions } from "./promotion-fixtures";

let tdb: TestDatabase;
let acct: TestAccount;
let other: TestAccount;

beforeAll(async () => {
  tdb = await createTestDatabase();
  acct = await createTestAccount(tdb.db, "attn");
  other = await createTestAccount(tdb.db, "attn-other");
});
afterAll(async () => {
  await tdb?.close();
});

describe("attention summary", () => {
  it("counts pending requests (those the approver may decide apart), stale staging and nothing from another account", async () => {
    const time = clock(new Date(Date.now() - 48 * 3_600_000));
    const operator = at(tdb.db, acct.users.operator.actor, time.now);
    const approver = at(tdb.db, acct.users.approver.actor, time.now);
    const a = await moduleWithVersions(tdb.db, acct, [{ version: "1.0.0", state: "blessed" }], { now: time.now });
    const b = await moduleWithVersions(tdb.db, acct, [{ version: "2.0.0", state: "blessed" }, { version: "2.1.0", state: "staging" }], { now: time.now });
    await moduleWithVersions(tdb.db, other, [{ version: "9.0.0", state: "staging" }], { now: time.now });
    // The operator asks for one, the approver for the other: the approver cannot decide their own.
    await requestLive(operator, { versionId: a.ids["1.0.0"]!, reason: "ship a" });
    await requestLive(approver, { versionId: b.ids["2.0.0"]!, reason: "ship b" });
    time.advanceHours(30);
    const forApprover = await attentionSummary(at(tdb.db, acct.users.approver.actor, time.now));
    // Requests made 30 h ago expired after the policy's 4 h: nothing pending any more.
    expect(forApprover.approvals).toEqual({ pending: 0, mine: 0 });
    expect(forApprover.pipeline.staleStaging).toBe(1);
    expect(forApprover.pipeline.staleVersions).toEqual([{ module: b.name, version: "2.1.0" }]);

    const fresh = clock(new Date());
    const c = await moduleWithVersions(tdb.db, acct, [{ version: "3.0.0", state: "blessed" }], { now: fresh.now });
    const d = await moduleWithVersions(tdb.db, acct, [{ version: "4.0.0", state: "blessed" }], { now: fresh.now });
    await requestLive(at(tdb.db, acct.users.operator.actor, fresh.now), { versionId: c.ids["3.0.0"]!, reason: "ship c" });
    await requestLive(at(tdb.db, acct.users.approver.actor, fresh.now), { versionId: d.ids["4.0.0"]!, reason: "ship d" });
    const now = await attentionSummary(at(tdb.db, acct.users.approver.actor, fresh.now));
    expect(now.approvals).toEqual({ pending: 2, mine: 1 });
    // A viewer may not decide: no "mine", the pending count only.
    const viewer = await attentionSummary(at(tdb.db, acct.users.viewer.actor, fresh.now));
    expect(viewer.approvals).toEqual({ pending: 2, mine: null });
    expect(viewer.freezes).toEqual([]);
    expect(viewer.fleet.drifted).toBe(0);
    expect(viewer.compositions.acceptedErrors).toBe(0);
    expect(viewer.ingest.rejected).toBe(0);

    // The other account sees only its own staging version, and none of these requests.
    const theirs = await attentionSummary(at(tdb.db, other.users.approver.actor, fresh.now));
    expect(theirs.approvals.pending).toBe(0);
    expect(theirs.pipeline.staleVersions.map((v) => v.version)).not.toContain("2.1.0");
  });

  it("is served to every role through home.attention", async () => {
    const summary = await callerFor(tdb.db, acct.users.viewer.actor).home.attention();
    expect(summary.approvals.mine).toBeNull();
  });
});
