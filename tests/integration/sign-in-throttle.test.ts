/**
 * Sign-in throttling over real HTTP: the app's tRPC route handler, served the way scripts/start.ts serves it,
 * with clients on different loopback addresses (docs/security-auth.md).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "./db";
import { createTestAccount, TEST_PASSWORD, type TestAccount } from "./fixtures";
import { postFrom, startTrpcServer } from "./http";

let tdb: TestDatabase;
let acct: TestAccount;
let server: Awaited<ReturnType<typeof startTrpcServer>>;

beforeAll(async () => {
  tdb = await createTestDatabase();
  acct = await createTestAccount(tdb.db, "throttle");
  server = await startTrpcServer(tdb.db);
});
afterAll(async () => {
  await server?.close();
  await tdb?.close();
});

interface SignInResult {
  status: number;
  retryAfter: string | undefined;
  message: string | undefined;
}

async function signIn(email: string, password: string, from: string, forwardedFor?: string): Promise<SignInResult> {
  const response = await postFrom(`${server.baseUrl}/auth.signIn`, { json: { email, password } }, {
    localAddress: from,
    headers: forwardedFor ? { "x-forwarded-for": forwardedFor } : {},
  });
  const error = (response.body as { error?: { json?: { message?: string } } } | null)?.error?.json;
  const retryAfter = response.headers["retry-after"];
  return { status: response.status, retryAfter: typeof retryAfter === "string" ? retryAfter : undefined, message: error?.message };
}

describe("sign-in throttling over HTTP", () => {
  it("signs in with the right password (the route and the harness work)", async () => {
    expect((await signIn(acct.users.admin.email, TEST_PASSWORD, "127.0.0.10")).status).toBe(200);
  });

  it("throttles 15 wrong passwords that each claim a different X-Forwarded-For", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 15; i++) {
      statuses.push((await signIn(acct.users.author.email, "wrong-password", "127.0.0.11", `198.51.100.${i + 1}`)).status);
    }
    console.info(`15 rotating X-Forwarded-For attempts: ${statuses.join(" ")}`);
    expect(statuses.slice(0, 6)).toEqual(Array(6).fill(401));
    expect(statuses.slice(6)).toEqual(Array(9).fill(429));
  });

  it("a flood that claims to come from the user's address does not lock the user out", async () => {
    const user = acct.users.operator;
    expect((await signIn(user.email, TEST_PASSWORD, "127.0.0.12")).status).toBe(200);
    const flood: number[] = [];
    for (let i = 0; i < 20; i++) flood.push((await signIn(user.email, "wrong-password", "127.0.0.13", "127.0.0.12")).status);
    expect(flood).toContain(429);
    expect((await signIn(user.email, TEST_PASSWORD, "127.0.0.12")).status).toBe(200);
  });

  it("an address spraying many accounts is refused, but not for a user who has signed in from it", async () => {
    const user = acct.users.approver;
    const office = "127.0.0.14";
    expect((await signIn(user.email, TEST_PASSWORD, office)).status).toBe(200);
    const spray: number[] = [];
    for (let i = 0; i < 32; i++) spray.push((await signIn(`sprayed-${i}@nowhere.test`, "Password1!", office)).status);
    expect(spray.slice(0, 30)).toEqual(Array(30).fill(401));
    expect(spray.slice(30)).toEqual([429, 429]);
    expect((await signIn(user.email, TEST_PASSWORD, office)).status).toBe(200);
  });

  it("answers an unknown email exactly as a known one: same statuses, messages and waits", async () => {
    const run = async (email: string, from: string) => {
      const results: SignInResult[] = [];
      for (let i = 0; i < 8; i++) results.push(await signIn(email, "wrong-password", from));
      return results;
    };
    const known = await run(acct.users.viewer.email, "127.0.0.15");
    const unknown = await run("nobody-here@nowhere.test", "127.0.0.16");
    expect(unknown.map((r) => r.status)).toEqual(known.map((r) => r.status));
    expect(unknown.map((r) => r.message)).toEqual(known.map((r) => r.message));
    expect(unknown.map((r) => r.retryAfter)).toEqual(known.map((r) => r.retryAfter));
    expect(known.at(-1)).toMatchObject({ status: 429, retryAfter: "1", message: "Too many failed sign-in attempts. Try again in 1 second." });
  });

  it("lets parallel attempts through no faster than one after another", async () => {
    const attempts = await Promise.all(
      Array.from({ length: 20 }, (_, i) => signIn("burst@nowhere.test", "wrong-password", "127.0.0.17", `203.0.113.${i + 1}`)),
    );
    expect(attempts.filter((a) => a.status === 401)).toHaveLength(6);
    expect(attempts.filter((a) => a.status === 429)).toHaveLength(14);
  });
});
