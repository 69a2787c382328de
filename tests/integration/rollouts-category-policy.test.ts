/**
 * Per-category rollout policy (docs/rollouts.md, Policy): a category's overrides win over the account's values,
 * null falls back, the change is audited, and REST speaks it in snake_case with the admin permission.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createToken } from "../../server/services/tokens";
import { listCategoryRolloutPolicies, loadRolloutPolicy, updateCategoryRolloutPolicy, updateRolloutPolicy } from "../../server/services/rollouts";
import { createTestDatabase, type TestDatabase } from "./db";
import { createTestAccount, svcFor, type TestAccount } from "./fixtures";
import { startRestServer } from "./http";

let tdb: TestDatabase;
let acct: TestAccount;
let server: Awaited<ReturnType<typeof startRestServer>>;

beforeAll(async () => {
  tdb = await createTestDatabase();
  acct = await createTestAccount(tdb.db, "rollcat");
  server = await startRestServer(tdb.db);
});
afterAll(async () => {
  await server?.close();
  await tdb?.close();
});

describe("category rollout policy", () => {
  it("overrides the account's values where set, falls back where null, and is audited", async () => {
    const admin = svcFor(tdb.db, acct.users.admin.actor);
    await updateRolloutPolicy(admin, { waves: [{ instances: 1 }, { percent: 100 }], soakMinutes: 20, deadlineMinutes: 60, successPercent: 90, autoRollback: true });
    const category = await tdb.db.category.findFirstOrThrow({ where: { accountId: acct.accountId, slug: "userland" } });
    const updated = await updateCategoryRolloutPolicy(admin, {
      categoryId: category.id,
      waves: [{ percent: 100 }],
      soakMinutes: 2,
      deadlineMinutes: null,
      successPercent: null,
      autoRollback: false,
    });
    expect(updated.overrides).toEqual({ waves: [{ percent: 100 }], soakMinutes: 2, deadlineMinutes: null, successPercent: null, autoRollback: false });
    expect(updated.effective).toMatchObject({ waves: [{ percent: 100 }], soakMinutes: 2, deadlineMinutes: 60, successPercent: 90, autoRollback: false });
    // What a rollout of a module in the category starts with.
    const policy = await loadRolloutPolicy(tdb.db, acct.accountId, category.id);
    expect(policy).toMatchObject({ soakMs: 2 * 60_000, deadlineMs: 60 * 60_000, successRatio: 0.9, autoRollback: false });
    const other = (await listCategoryRolloutPolicies(admin)).find((c) => c.slug !== "userland");
    expect(other?.effective).toMatchObject({ soakMinutes: 20, autoRollback: true });
    const audit = await tdb.db.auditEvent.findFirstOrThrow({ where: { targetId: category.id, action: "rollout_policy.category_updated" } });
    expect(audit.after).toMatchObject({ soakMinutes: 2, autoRollback: false });

    await updateCategoryRolloutPolicy(admin, { categoryId: category.id, waves: null, soakMinutes: null, deadlineMinutes: null, successPercent: null, autoRollback: null });
    expect(await loadRolloutPolicy(tdb.db, acct.accountId, category.id)).toMatchObject({ soakMs: 20 * 60_000, autoRollback: true });
  });

  it("over REST: admins set it in snake_case, operators may not, bad values are 400", async () => {
    const adminToken = (await createToken(svcFor(tdb.db, acct.users.admin.actor), { name: "cat-admin", role: "admin", scopes: [], expiresInDays: 1 })).secret;
    const operatorToken = (await createToken(svcFor(tdb.db, acct.users.admin.actor), { name: "cat-op", role: "operator", scopes: [], expiresInDays: 1 })).secret;
    const category = await tdb.db.category.findFirstOrThrow({ where: { accountId: acct.accountId, slug: "userland" } });
    const put = (token: string, body: unknown) =>
      fetch(`${server.baseUrl}/system/categories/${category.id}/rollout_policy`, {
        method: "PUT",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: JSON.stringify(body),
      });
    const body = { waves: null, soak_minutes: 3, deadline_minutes: null, success_percent: null, auto_rollback: null };
    expect((await put(operatorToken, body)).status).toBe(403);
    expect((await put(adminToken, { ...body, soak_minutes: -1 })).status).toBe(400);
    const ok = await put(adminToken, body);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ slug: "userland", overrides: { soak_minutes: 3, waves: null }, effective: { soak_minutes: 3 } });
    const list = await fetch(`${server.baseUrl}/system/settings/rollout_policy/categories`, { headers: { authorization: `Bearer ${operatorToken}` } });
    expect(list.status).toBe(200);
    const categories = ((await list.json()) as { categories: { slug: string; overrides: { soak_minutes: number | null } }[] }).categories;
    expect(categories.find((c) => c.slug === "userland")?.overrides.soak_minutes).toBe(3);
  });
});
