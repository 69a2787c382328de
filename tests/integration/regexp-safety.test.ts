/**
 * The cosign regexp live check (`modules.checkCosignRegexp`) and the ReDoS checker's protections, through
 * createCaller with the real recheck: verdicts are cached (a repeated check never reaches the checker again, and
 * registration reuses the live check's verdict), one actor gets one check at a time, the process queues a few and
 * refuses the rest. docs/security-regexp.md describes the limits.
 *
 * Every pattern is unique to its test (a random literal tail), so no test sees another's cached verdict. Concurrent
 * calls are started without awaiting: each reaches the limiter through microtasks only, while a check needs a
 * round trip to recheck's agent process, so the first is always still running when the next arrives.
 */
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TRPCError } from "@trpc/server";
import { roleHas } from "../../server/auth/permissions";
import { REGEXP_SAFETY_LIMITS, regexpSafetyStats } from "../../server/services/regexp-safety";
import { createTestDatabase, type TestDatabase } from "./db";
import { callerFor, createTestAccount, type TestAccount } from "./fixtures";

let tdb: TestDatabase;
let mine: TestAccount;
let other: TestAccount;

beforeAll(async () => {
  tdb = await createTestDatabase();
  mine = await createTestAccount(tdb.db, "rx");
  other = await createTestAccount(tdb.db, "rx-other");
});
afterAll(async () => {
  await tdb?.close();
});

/** A literal tail no other test uses (lowercase letters: never syntax, never a prefix reduction). */
function tail(): string {
  return Array.from(randomBytes(8), (byte) => String.fromCharCode(97 + (byte % 26))).join("");
}

/** Exponential on `aaaa…!`; recheck decides it in milliseconds. */
function unsafePattern(): string {
  return `^(a+)+${tail()}$`;
}

async function settle<T>(promise: Promise<T>): Promise<{ ok: true; value: T } | { ok: false; code: string; message: string }> {
  try {
    return { ok: true, value: await promise };
  } catch (error) {
    if (error instanceof TRPCError) return { ok: false, code: error.code, message: error.message };
    throw error;
  }
}

const author = () => callerFor(tdb.db, mine.users.author.actor);

describe("modules.checkCosignRegexp", () => {
  it("answers safe, unsafe with an attack summary, and invalid shapes", async () => {
    expect(await author().modules.checkCosignRegexp({ pattern: `^https://token\\.actions\\.githubusercontent\\.com/${tail()}$` })).toEqual({ status: "safe" });

    const prefixed = `^https://git\\.example\\.com/(\\w+\\s?)*${tail()}$`;
    const unsafe = await author().modules.checkCosignRegexp({ pattern: prefixed });
    expect(unsafe).toMatchObject({ status: "unsafe", growth: "exponential", message: expect.stringContaining("backtrack") });
    // The attack starts with the literal prefix the checker never saw.
    expect(unsafe.status === "unsafe" && unsafe.attack).toMatch(/^'https:\/\/git\.example\.com\/' \+ /);

    expect(await author().modules.checkCosignRegexp({ pattern: "^a|b$" })).toMatchObject({ status: "invalid", code: "unanchored" });
    expect(await author().modules.checkCosignRegexp({ pattern: "^(unclosed$" })).toMatchObject({ status: "invalid", code: "invalid" });
  });

  it("bounds the input like the registration fields: at most MAX_REGEXP_LENGTH characters, not empty", async () => {
    const tooLong = await settle(author().modules.checkCosignRegexp({ pattern: `^${"a".repeat(600)}$` }));
    expect(tooLong).toMatchObject({ ok: false, code: "BAD_REQUEST" });
    expect(await settle(author().modules.checkCosignRegexp({ pattern: "   " }))).toMatchObject({ ok: false, code: "BAD_REQUEST" });
  });

  it("serves a second identical unsafe check from the cache: the checker runs once", async () => {
    const pattern = unsafePattern();
    const before = regexpSafetyStats();
    const first = await author().modules.checkCosignRegexp({ pattern });
    const second = await callerFor(tdb.db, other.users.author.actor).modules.checkCosignRegexp({ pattern });
    expect(first).toMatchObject({ status: "unsafe", growth: "exponential" });
    expect(second).toEqual(first);
    const after = regexpSafetyStats();
    expect(after.checkerRuns - before.checkerRuns).toBe(1);
    expect(after.cacheHits - before.cacheHits).toBe(1);
  });

  it("registration reuses the live check's verdict instead of running the checker again", async () => {
    const pattern = unsafePattern();
    await author().modules.checkCosignRegexp({ pattern });
    const before = regexpSafetyStats();
    const register = await settle(
      author().modules.register({ name: `rx-${tail()}`, displayName: "x", categorySlug: "userland", cosignIdentityRegexp: pattern }),
    );
    expect(register).toMatchObject({ ok: false, code: "BAD_REQUEST" });
    expect(regexpSafetyStats().checkerRuns - before.checkerRuns).toBe(0);
  });

  it("refuses a second concurrent check by the same actor with TOO_MANY_REQUESTS; another actor is not affected", async () => {
    const first = settle(author().modules.checkCosignRegexp({ pattern: unsafePattern() }));
    const second = settle(author().modules.checkCosignRegexp({ pattern: unsafePattern() }));
    const someoneElse = settle(callerFor(tdb.db, mine.users.operator.actor).modules.checkCosignRegexp({ pattern: unsafePattern() }));
    const [a, b, c] = await Promise.all([first, second, someoneElse]);
    expect(a).toMatchObject({ ok: true, value: { status: "unsafe" } });
    expect(b).toMatchObject({ ok: false, code: "TOO_MANY_REQUESTS", message: expect.stringContaining("still running") });
    expect(c).toMatchObject({ ok: true, value: { status: "unsafe" } });

    // Once the first is answered, the same actor may check again.
    expect(await author().modules.checkCosignRegexp({ pattern: unsafePattern() })).toMatchObject({ status: "unsafe" });
  });

  // Registration reaches the checker only after its database reads, so the live check may have finished by then:
  // either way the registration is answered by it (shared or cached), never refused, and the checker runs once.
  it("a registration of the pattern the author's live check is running is answered by that check, not refused", async () => {
    const pattern = unsafePattern();
    const before = regexpSafetyStats();
    const live = settle(author().modules.checkCosignRegexp({ pattern }));
    const register = settle(author().modules.register({ name: `rx-${tail()}`, displayName: "x", categorySlug: "userland", cosignIdentityRegexp: pattern }));
    expect(await live).toMatchObject({ ok: true, value: { status: "unsafe" } });
    expect(await register).toMatchObject({ ok: false, code: "BAD_REQUEST" });
    expect(regexpSafetyStats().checkerRuns - before.checkerRuns).toBe(1);
  });

  it("runs one check at a time in the process, queues a few, and refuses the rest with TOO_MANY_REQUESTS", async () => {
    const actors = [...Object.values(mine.users), ...Object.values(other.users)]
      .map((user) => user.actor)
      .filter((actor) => roleHas(actor.role, "modules.create"));
    const admittable = REGEXP_SAFETY_LIMITS.maxRunningChecks + REGEXP_SAFETY_LIMITS.maxQueuedChecks;
    expect(actors.length).toBeGreaterThan(admittable);
    const results = await Promise.all(actors.map((actor) => settle(callerFor(tdb.db, actor).modules.checkCosignRegexp({ pattern: unsafePattern() }))));
    expect(results.filter((r) => r.ok)).toHaveLength(admittable);
    const refused = results.filter((r) => !r.ok);
    expect(refused).toHaveLength(actors.length - admittable);
    for (const r of refused) expect(r).toMatchObject({ code: "TOO_MANY_REQUESTS", message: expect.stringContaining("busy") });
    expect(regexpSafetyStats()).toMatchObject({ running: 0, queued: 0 });
  });
});
