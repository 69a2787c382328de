import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TRPCError } from "@trpc/server";
import { createTestDatabase, type TestDatabase } from "./db";
import { callerFor, createTestAccount, svcFor, TEST_PASSWORD, type TestAccount } from "./fixtures";
import { startRestServer } from "./http";
import { createToken } from "../../server/services/tokens";
import { resolveSessionToken } from "../../server/auth/sessions";

let tdb: TestDatabase;
let acct: TestAccount;
let other: TestAccount;

beforeAll(async () => {
  tdb = await createTestDatabase();
  acct = await createTestAccount(tdb.db, "found");
  other = await createTestAccount(tdb.db, "other");
});
afterAll(async () => {
  await tdb?.close();
});

async function trpcCode(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof TRPCError) return error.code;
    throw error;
  }
  return "OK";
}

describe("sign-in and sessions", () => {
  it("signs in with the right password, sets an httpOnly SameSite cookie, and the session resolves", async () => {
    const caller = callerFor(tdb.db, null, { ip: "10.0.0.1" });
    const ctxHeaders = new Headers();
    const { createCaller } = await import("../../server/api/root");
    const direct = createCaller({
      db: tdb.db,
      actor: null,
      now: () => new Date(),
      request: { ip: "10.0.0.2", userAgent: "t", sessionToken: null, secureCookies: false },
      resHeaders: ctxHeaders,
    });
    const result = await direct.auth.signIn({ email: acct.users.admin.email, password: TEST_PASSWORD });
    expect(result.accountSlug).toBe(acct.slug);
    const cookie = ctxHeaders.get("set-cookie") ?? "";
    expect(cookie).toMatch(/^strata_session=[A-Za-z0-9_-]{40,};/);
    expect(cookie).toContain("HttpOnly");
    expect(cookie).toContain("SameSite=Lax");
    const token = /strata_session=([^;]+)/.exec(cookie)?.[1] ?? "";
    const resolved = await resolveSessionToken(tdb.db, token, new Date());
    expect(resolved?.actor.email).toBe(acct.users.admin.email);
    expect(resolved?.actor.role).toBe("admin");
    // The session id stored is a hash, never the cookie value.
    expect(await tdb.db.session.count({ where: { id: token } })).toBe(0);
    void caller;
  });

  it("rejects a wrong password and an unknown email with the same message", async () => {
    const caller = callerFor(tdb.db, null, { ip: "10.0.0.3" });
    const wrong = await caller.auth.signIn({ email: acct.users.viewer.email, password: "nope-nope" }).catch((e: TRPCError) => e);
    const unknown = await caller.auth.signIn({ email: "ghost@nowhere.test", password: "nope-nope" }).catch((e: TRPCError) => e);
    expect(wrong).toBeInstanceOf(TRPCError);
    expect((wrong as TRPCError).code).toBe("UNAUTHORIZED");
    expect((unknown as TRPCError).message).toBe((wrong as TRPCError).message);
  });

  it("throttles repeated failed sign-ins for one account (more cases: sign-in-throttle.test.ts)", async () => {
    const caller = callerFor(tdb.db, null, { ip: "10.0.0.9" });
    const codes: string[] = [];
    for (let i = 0; i < 8; i++) codes.push(await trpcCode(caller.auth.signIn({ email: acct.users.author.email, password: "bad-password" })));
    expect(codes.slice(0, 6).every((c) => c === "UNAUTHORIZED")).toBe(true);
    expect(codes.slice(6)).toEqual(["TOO_MANY_REQUESTS", "TOO_MANY_REQUESTS"]);
    // Inside the back-off wait no password is verified, so the answer cannot depend on it: the right one waits too.
    expect(await trpcCode(caller.auth.signIn({ email: acct.users.author.email, password: TEST_PASSWORD }))).toBe("TOO_MANY_REQUESTS");
  });

  it("validates sign-in input with zod", async () => {
    const caller = callerFor(tdb.db, null, { ip: "10.0.0.4" });
    expect(await trpcCode(caller.auth.signIn({ email: "not-an-email", password: "x" }))).toBe("BAD_REQUEST");
  });

  it("signs out: the session no longer resolves and the cookie is cleared", async () => {
    const user = acct.users.operator;
    const caller = callerFor(tdb.db, user.actor, { sessionToken: user.sessionToken });
    await caller.auth.signOut();
    expect(await resolveSessionToken(tdb.db, user.sessionToken, new Date())).toBeNull();
  });

  it("switches account only to an account the user belongs to", async () => {
    const caller = callerFor(tdb.db, acct.users.viewer.actor);
    expect(await trpcCode(caller.auth.switchAccount({ accountSlug: other.slug }))).toBe("NOT_FOUND");
  });
});

describe("api tokens", () => {
  it("are shown once, stored hashed, bounded by the creator's role, and revocable once", async () => {
    const caller = callerFor(tdb.db, acct.users.admin.actor);
    const created = await caller.tokens.create({ name: "ci release", role: "author", scopes: [], expiresInDays: 30 });
    expect(created.secret).toMatch(/^stk_/);
    const row = await tdb.db.apiToken.findUniqueOrThrow({ where: { id: created.token.id } });
    expect(row.tokenHash).not.toContain(created.secret);
    const listed = await caller.tokens.list();
    expect(JSON.stringify(listed)).not.toContain(created.secret);
    await caller.tokens.revoke({ id: created.token.id });
    expect(await trpcCode(caller.tokens.revoke({ id: created.token.id }))).toBe("CONFLICT");
    const events = await caller.audit.list({ action: "api_token" });
    expect(events.events.map((e) => e.action)).toEqual(expect.arrayContaining(["api_token.created", "api_token.revoked"]));
  });

  it("cannot exceed the creator's role or grant scopes outside the role", async () => {
    const svc = svcFor(tdb.db, { ...acct.users.operator.actor });
    await expect(createToken(svc, { name: "too-strong", role: "admin", scopes: [], expiresInDays: 1 })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(createToken(svc, { name: "bad-scope", role: "viewer", scopes: ["versions.promote"], expiresInDays: 1 })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });
});

describe("audit log", () => {
  it("lists newest first with filters and pagination, scoped to the account", async () => {
    const caller = callerFor(tdb.db, acct.users.admin.actor);
    for (let i = 0; i < 3; i++) await caller.tokens.create({ name: `audit-${i}`, role: "viewer", scopes: [], expiresInDays: 1 });
    const page1 = await caller.audit.list({ action: "api_token.created", pageSize: 2, page: 1 });
    const page2 = await caller.audit.list({ action: "api_token.created", pageSize: 2, page: 2 });
    expect(page1.events).toHaveLength(2);
    expect(page1.total).toBeGreaterThanOrEqual(3);
    const times = [...page1.events, ...page2.events].map((e) => e.createdAt.getTime());
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    const byActor = await caller.audit.list({ actor: acct.users.admin.email });
    expect(byActor.events.every((e) => e.actorLabel === acct.users.admin.email)).toBe(true);
    const otherCaller = callerFor(tdb.db, other.users.admin.actor);
    const otherEvents = await otherCaller.audit.list({ target: "audit-0" });
    expect(otherEvents.total).toBe(0);
  });

  it("writes the audit event in the same transaction: a failed change leaves no event", async () => {
    const caller = callerFor(tdb.db, acct.users.admin.actor);
    const before = await tdb.db.auditEvent.count({ where: { accountId: acct.accountId } });
    const admins = await tdb.db.membership.findMany({ where: { accountId: acct.accountId, role: "admin" } });
    expect(admins).toHaveLength(1);
    expect(await trpcCode(caller.members.updateRole({ membershipId: admins[0]!.id, role: "viewer" }))).toBe("CONFLICT");
    expect(await tdb.db.auditEvent.count({ where: { accountId: acct.accountId } })).toBe(before);
  });
});

describe("REST over HTTP", () => {
  it("whoami answers 200 with a token, 401 without, and errors have the documented shape", async () => {
    const server = await startRestServer(tdb.db);
    try {
      const { secret } = await createToken(svcFor(tdb.db, acct.users.admin.actor), { name: "rest", role: "operator", scopes: [], expiresInDays: 1 });
      const ok = await fetch(`${server.baseUrl}/system/whoami`, { headers: { authorization: `Bearer ${secret}` } });
      expect(ok.status).toBe(200);
      expect(await ok.json()).toMatchObject({ kind: "token", account: acct.slug, role: "operator", token_name: "rest" });
      const anonymous = await fetch(`${server.baseUrl}/system/whoami`);
      expect(anonymous.status).toBe(401);
      expect(await anonymous.json()).toEqual({ error: { code: "UNAUTHORIZED", message: expect.any(String) } });
      const bogus = await fetch(`${server.baseUrl}/system/whoami`, { headers: { authorization: "Bearer stk_not-a-real-token-at-all" } });
      expect(bogus.status).toBe(401);
      const cats = await fetch(`${server.baseUrl}/system/categories`, { headers: { authorization: `Bearer ${secret}` } });
      const body = (await cats.json()) as { categories: Array<{ slug: string; position: number }> };
      expect(body.categories.map((c) => [c.slug, c.position])).toEqual([
        ["system-base", 10],
        ["security-hardening", 20],
        ["network-overlay", 60],
        ["container-runtimes", 70],
        ["userland", 90],
      ]);
      const missing = await fetch(`${server.baseUrl}/system/nope`, { headers: { authorization: `Bearer ${secret}` } });
      expect(missing.status).toBe(404);
    } finally {
      await server.close();
    }
  });

  it("ignores session cookies: REST is bearer-only", async () => {
    const server = await startRestServer(tdb.db);
    try {
      const response = await fetch(`${server.baseUrl}/system/whoami`, { headers: { cookie: `strata_session=${acct.users.admin.sessionToken}` } });
      expect(response.status).toBe(401);
    } finally {
      await server.close();
    }
  });

  it("serves a valid OpenAPI 3.1 document generated from the route schemas", async () => {
    const server = await startRestServer(tdb.db);
    try {
      const response = await fetch(`${server.baseUrl}/openapi.json`);
      expect(response.status).toBe(200);
      const doc = (await response.json()) as { openapi: string; paths: Record<string, Record<string, unknown>> };
      expect(doc.openapi).toBe("3.1.0");
      expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(["/system/whoami", "/system/categories"]));
      const { validateOpenApiDocument } = await import("./openapi-validate");
      expect(await validateOpenApiDocument(doc)).toEqual([]);
    } finally {
      await server.close();
    }
  });
});
