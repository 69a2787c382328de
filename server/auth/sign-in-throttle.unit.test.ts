import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { addressBucket, createMemorySignInThrottle, SIGN_IN_LIMITS, type SignInAdmission, type SignInThrottle } from "./sign-in-throttle";

let throttle: SignInThrottle;
let logged: string[];

beforeEach(() => {
  vi.useFakeTimers();
  logged = [];
  throttle = createMemorySignInThrottle(SIGN_IN_LIMITS, (message) => logged.push(message));
});
afterEach(() => {
  vi.useRealTimers();
});

/** "ok" (admitted, and the password is wrong), or the refusal as "account 4s" / "address 900s". */
async function fail(email: string, address = "198.51.100.1"): Promise<string> {
  return outcome(await throttle.admit({ email, address }));
}
function outcome(admission: SignInAdmission): string {
  return admission.admitted ? "ok" : `${admission.limit} ${admission.retryAfterSeconds}s`;
}
async function succeed(email: string, address = "198.51.100.1"): Promise<string> {
  const admission = await throttle.admit({ email, address });
  if (admission.admitted) await admission.succeeded();
  return outcome(admission);
}

describe("per-account back-off", () => {
  it("allows five attempts, then one attempt per wait, the wait doubling from 1 s up to 15 min", async () => {
    const email = "victim@example.test";
    for (let i = 0; i < SIGN_IN_LIMITS.freeAttempts; i++) expect(await fail(email)).toBe("ok");
    const waits: number[] = [];
    for (let slot = 0; slot < 13; slot++) {
      expect(await fail(email, `198.51.100.${slot + 10}`)).toBe("ok");
      const refusal = await throttle.admit({ email, address: `203.0.113.${slot + 10}` });
      expect(refusal.admitted).toBe(false);
      if (refusal.admitted) return;
      expect(refusal.limit).toBe("account");
      waits.push(refusal.retryAfterSeconds);
      vi.advanceTimersByTime(refusal.retryAfterSeconds * 1000);
    }
    expect(waits).toEqual([1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 900, 900, 900]);
    expect(logged.filter((line) => line.includes("back-off started"))).toHaveLength(1);
  });

  it("does not lengthen the wait for refused attempts: the next slot always comes", async () => {
    const email = "patient@example.test";
    for (let i = 0; i < 6; i++) await fail(email);
    vi.advanceTimersByTime(1000);
    expect(await fail(email)).toBe("ok"); // opens a 2 s slot
    for (let i = 0; i < 50; i++) expect(await fail(email)).toMatch(/^account [12]s$/);
    vi.advanceTimersByTime(2000);
    expect(await succeed(email)).toBe("ok");
  });

  it("counts every address against the same account, so rotating addresses gains nothing", async () => {
    const results: string[] = [];
    for (let i = 0; i < 15; i++) results.push(await fail("rotated@example.test", `198.51.100.${i + 1}`));
    expect(results.slice(0, 6)).toEqual(Array(6).fill("ok"));
    expect(results.slice(6).every((r) => r.startsWith("account "))).toBe(true);
  });

  it("treats an email no one has exactly like any other: the throttle never looks users up", async () => {
    const sequence = async (email: string) => {
      const results: string[] = [];
      for (let i = 0; i < 9; i++) results.push(await fail(email, "198.51.100.77"));
      return results;
    };
    const first = await sequence("someone@example.test");
    vi.advanceTimersByTime(SIGN_IN_LIMITS.addressWindowSeconds * 1000);
    expect(await sequence("no-such-user@example.test")).toEqual(first);
  });

  it("cannot be outrun by parallel attempts: each one is charged before any password is checked", async () => {
    const admissions = await Promise.all(Array.from({ length: 25 }, () => throttle.admit({ email: "burst@example.test", address: "198.51.100.9" })));
    expect(admissions.filter((a) => a.admitted)).toHaveLength(SIGN_IN_LIMITS.freeAttempts + 1);
  });

  it("forgets the failures after a correct password", async () => {
    const email = "typo@example.test";
    for (let i = 0; i < 6; i++) await fail(email);
    vi.advanceTimersByTime(1000);
    expect(await succeed(email)).toBe("ok");
    for (let i = 0; i < SIGN_IN_LIMITS.freeAttempts; i++) expect(await fail(email)).toBe("ok");
  });

  it("forgets failures a day after the first one", async () => {
    const email = "slow@example.test";
    for (let i = 0; i < 6; i++) await fail(email);
    vi.advanceTimersByTime(SIGN_IN_LIMITS.failureMemorySeconds * 1000);
    for (let i = 0; i < SIGN_IN_LIMITS.freeAttempts; i++) expect(await fail(email)).toBe("ok");
  });
});

describe("familiar addresses", () => {
  it("a user who signed in from an address keeps signing in from it while others flood the account", async () => {
    const email = "real-user@example.test";
    const home = "198.51.100.50";
    expect(await succeed(email, home)).toBe("ok");
    // An attacker rotating addresses drives the account into a long back-off…
    for (let i = 0; i < 40; i++) await fail(email, `203.0.113.${i + 1}`);
    expect(await fail(email, "203.0.113.200")).toMatch(/^account /);
    // …which does not touch the user's own address.
    expect(await succeed(email, home)).toBe("ok");
    // A few typos from home have their own back-off, not the attacker's.
    for (let i = 0; i < SIGN_IN_LIMITS.freeAttempts; i++) expect(await fail(email, home)).toBe("ok");
    expect(await succeed(email, home)).toBe("ok");
  });
});

describe("per-address limit", () => {
  const spray = async (address: string, count: number) => {
    const results: string[] = [];
    for (let i = 0; i < count; i++) results.push(await fail(`sprayed-${i}@example.test`, address));
    return results;
  };

  it("refuses an address after 30 failed attempts across accounts, for 15 minutes", async () => {
    const results = await spray("198.51.100.66", SIGN_IN_LIMITS.addressFailures + 2);
    expect(results.slice(0, SIGN_IN_LIMITS.addressFailures)).toEqual(Array(SIGN_IN_LIMITS.addressFailures).fill("ok"));
    expect(results.slice(SIGN_IN_LIMITS.addressFailures)).toEqual(["address 900s", "address 900s"]);
    expect(logged.some((line) => line.includes('"198.51.100.66"'))).toBe(true);
    vi.advanceTimersByTime(SIGN_IN_LIMITS.addressBlockSeconds * 1000);
    expect(await fail("after-the-block@example.test", "198.51.100.66")).toBe("ok");
  });

  it("never refuses an account that has signed in from the address before", async () => {
    const office = "198.51.100.80";
    expect(await succeed("colleague@example.test", office)).toBe("ok");
    await spray(office, SIGN_IN_LIMITS.addressFailures + 5);
    expect(await fail("newcomer@example.test", office)).toMatch(/^address /);
    expect(await succeed("colleague@example.test", office)).toBe("ok");
  });

  it("counts only failures: correct passwords give their point back", async () => {
    const office = "198.51.100.90";
    for (let i = 0; i < 100; i++) expect(await succeed(`user-${i}@example.test`, office)).toBe("ok");
    expect(await spray(office, SIGN_IN_LIMITS.addressFailures)).toEqual(Array(SIGN_IN_LIMITS.addressFailures).fill("ok"));
  });

  it("does not count attempts the account back-off refused", async () => {
    const address = "198.51.100.95";
    for (let i = 0; i < 6; i++) await fail("hammered@example.test", address);
    for (let i = 0; i < 100; i++) expect(await fail("hammered@example.test", address)).toMatch(/^account /);
    expect(await spray(address, SIGN_IN_LIMITS.addressFailures - 6)).toEqual(Array(SIGN_IN_LIMITS.addressFailures - 6).fill("ok"));
  });

  it("counts an IPv6 /64 as one address", async () => {
    const results: string[] = [];
    for (let i = 0; i < SIGN_IN_LIMITS.addressFailures + 1; i++) {
      results.push(await fail(`v6-${i}@example.test`, `2001:db8:1:2:${i.toString(16)}::1`));
    }
    expect(results.at(-1)).toMatch(/^address /);
    expect(await fail("other-prefix@example.test", "2001:db8:1:3::1")).toBe("ok");
  });
});

describe("addressBucket", () => {
  it.each([
    ["198.51.100.1", "198.51.100.1"],
    ["2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64"],
    ["2001:0db8:0001:0002::1", "2001:db8:1:2::/64"],
    ["2001:db8::1", "2001:db8:0:0::/64"],
    ["::1", "0:0:0:0::/64"],
    ["fe80::1%eth0", "fe80:0:0:0::/64"],
    ["64:ff9b::198.51.100.1", "64:ff9b:0:0::/64"],
    ["unknown", "unknown"],
  ])("%s → %s", (address, bucket) => {
    expect(addressBucket(address)).toBe(bucket);
  });
});
