/**
 * API tokens never exceed their creator, over real HTTP (docs/security-auth.md): minting through tRPC with a
 * bearer token, a creator's demotion and removal seen by REST on the very next request.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createToken } from "../../server/services/tokens";
import { removeMember, updateMemberRole } from "../../server/services/members";
import { createTestDatabase, type TestDatabase } from "./db";
import { addTestMember, createTestAccount, svcFor, type TestAccount } from "./fixtures";
import { postFrom, startRestServer, startTrpcServer } from "./http";
import { moduleWithVersions } from "./promotion-fixtures";

let tdb: TestDatabase;
let acct: TestAccount;
let rest: Awaited<ReturnType<typeof startRestServer>>;
let trpc: Awaited<ReturnType<typeof startTrpcServer>>;
let moduleName: string;

beforeAll(async () => {
  tdb = await createTestDatabase();
  acct = await createTestAccount(tdb.db, "tokens");
  moduleName = (await moduleWithVersions(tdb.db, acct, [])).name;
  rest = await startRestServer(tdb.db);
  trpc = await startTrpcServer(tdb.db);
});
afterAll(async () => {
  await rest?.close();
  await trpc?.close();
  await tdb?.close();
});

async function restCall(token: string, method: string, path: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> | null }> {
  const response = await fetch(`${rest.baseUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, json: text ? (JSON.parse(text) as Record<string, unknown>) : null };
}

/** Edits the module's description: needs modules.update (author and above). */
function editModule(token: string, description: string) {
  return restCall(token, "PATCH", `/system/modules/${moduleName}`, { description });
}

async function mintOverHttp(token: string, input: { role: string; scopes: string[] }) {
  const response = await postFrom(`${trpc.baseUrl}/tokens.create`, { json: { name: "minted", expiresInDays: 1, ...input } }, {
    headers: { authorization: `Bearer ${token}` },
  });
  const secret = (response.body as { result?: { data?: { json?: { secret?: string } } } } | null)?.result?.data?.json?.secret;
  return { status: response.status, secret };
}

describe("minting over HTTP with a bearer token", () => {
  it("a token scoped to tokens.manage cannot mint an unscoped admin token, only one as narrow as itself", async () => {
    const { secret } = await createToken(svcFor(tdb.db, acct.users.admin.actor), { name: "minter", role: "admin", scopes: ["tokens.manage"], expiresInDays: 1 });
    const unscoped = await mintOverHttp(secret, { role: "admin", scopes: [] });
    expect(unscoped.status).toBe(403);
    expect(unscoped.secret).toBeUndefined();
    expect((await mintOverHttp(secret, { role: "author", scopes: ["modules.update"] })).status).toBe(403);
    const narrow = await mintOverHttp(secret, { role: "admin", scopes: ["tokens.manage"] });
    expect(narrow.status).toBe(200);
    // What it minted can do no more than it could: not even read.
    expect((await restCall(narrow.secret ?? "", "GET", "/system/whoami")).status).toBe(403);
  });
});

describe("a token acts with its creator's current role", () => {
  it("stops writing the moment its creator is demoted, and is capped again when promoted back", async () => {
    const creator = await addTestMember(tdb.db, acct, "admin", "demotable");
    const { secret } = await createToken(svcFor(tdb.db, creator.actor), { name: "release", role: "operator", scopes: [], expiresInDays: 1 });
    expect((await editModule(secret, "by an operator token")).status).toBe(200);
    const admin = svcFor(tdb.db, acct.users.admin.actor);

    await updateMemberRole(admin, { membershipId: creator.membershipId, role: "viewer" });
    expect((await editModule(secret, "after the demotion")).status).toBe(403);
    expect((await restCall(secret, "GET", "/system/whoami")).json).toMatchObject({ kind: "token", role: "viewer" });

    await updateMemberRole(admin, { membershipId: creator.membershipId, role: "author" });
    expect((await restCall(secret, "GET", "/system/whoami")).json).toMatchObject({ role: "author" });
    expect((await editModule(secret, "author again")).status).toBe(200);

    // Never above the token's own role, whatever the creator becomes.
    await updateMemberRole(admin, { membershipId: creator.membershipId, role: "admin" });
    expect((await restCall(secret, "GET", "/system/whoami")).json).toMatchObject({ role: "operator" });
  });
});

describe("removing a member", () => {
  it("revokes the tokens they created, in the same transaction, audited; other tokens keep working", async () => {
    const leaver = await addTestMember(tdb.db, acct, "admin", "leaver");
    const theirs = await createToken(svcFor(tdb.db, leaver.actor), { name: "leaver-ci", role: "author", scopes: [], expiresInDays: 1 });
    const alsoTheirs = await createToken(svcFor(tdb.db, leaver.actor), { name: "leaver-read", role: "viewer", scopes: [], expiresInDays: 1 });
    const someoneElses = await createToken(svcFor(tdb.db, acct.users.admin.actor), { name: "stays", role: "author", scopes: [], expiresInDays: 1 });
    expect((await editModule(theirs.secret, "before removal")).status).toBe(200);

    const result = await removeMember(svcFor(tdb.db, acct.users.admin.actor), { membershipId: leaver.membershipId });
    expect(result.revokedTokens).toBe(2);

    expect((await editModule(theirs.secret, "after removal")).status).toBe(401);
    expect((await restCall(alsoTheirs.secret, "GET", "/system/whoami")).status).toBe(401);
    expect((await editModule(someoneElses.secret, "unaffected")).status).toBe(200);
    const rows = await tdb.db.apiToken.findMany({ where: { id: { in: [theirs.token.id, alsoTheirs.token.id, someoneElses.token.id] } } });
    expect(rows.filter((row) => row.revokedAt !== null).map((row) => row.name).sort()).toEqual(["leaver-ci", "leaver-read"]);

    const events = await tdb.db.auditEvent.findMany({
      where: {
        accountId: acct.accountId,
        action: { in: ["member.removed", "api_token.revoked"] },
        OR: [{ targetId: leaver.actor.userId }, { targetId: { in: [theirs.token.id, alsoTheirs.token.id] } }],
      },
      orderBy: { createdAt: "asc" },
    });
    expect(events.map((e) => e.action)).toEqual(["member.removed", "api_token.revoked", "api_token.revoked"]);
    expect(events[0]).toMatchObject({ before: { role: "admin" }, after: { revokedTokens: ["leaver-ci", "leaver-read"] }, actorLabel: acct.users.admin.email });
    expect(events[1]?.reason).toContain(leaver.actor.email);
  });

  it("a token whose creator left without it being revoked acts with nothing", async () => {
    const leaver = await addTestMember(tdb.db, acct, "operator", "vanished");
    const { secret } = await createToken(svcFor(tdb.db, acct.users.admin.actor), { name: "placeholder", role: "viewer", scopes: [], expiresInDays: 1 });
    const orphan = await createToken(svcFor(tdb.db, leaver.actor), { name: "orphan", role: "operator", scopes: [], expiresInDays: 1 });
    await tdb.db.membership.delete({ where: { id: leaver.membershipId } });
    expect((await restCall(orphan.secret, "GET", "/system/whoami")).status).toBe(401);
    expect((await restCall(secret, "GET", "/system/whoami")).status).toBe(200);
  });

  it("keeps the last admin and answers NOT_FOUND for another account's member", async () => {
    const other = await createTestAccount(tdb.db, "other");
    const otherAdmin = await tdb.db.membership.findFirstOrThrow({ where: { accountId: other.accountId, role: "admin" } });
    await expect(removeMember(svcFor(tdb.db, other.users.admin.actor), { membershipId: otherAdmin.id })).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(removeMember(svcFor(tdb.db, acct.users.admin.actor), { membershipId: otherAdmin.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("ends the removed member's sessions in that account", async () => {
    const member = acct.users.author;
    const membership = await tdb.db.membership.findFirstOrThrow({ where: { accountId: acct.accountId, userId: member.userId } });
    await removeMember(svcFor(tdb.db, acct.users.admin.actor), { membershipId: membership.id });
    expect(await tdb.db.session.count({ where: { userId: member.userId, activeAccountId: acct.accountId } })).toBe(0);
  });
});
