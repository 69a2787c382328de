import { isIP } from "node:net";
import type pg from "pg";
import { RateLimiterMemory, RateLimiterPostgres, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";

/**
 * Sign-in throttling. The design, every limit and why: docs/security-auth.md. In short:
 *
 * - Every admitted attempt is charged as a failure BEFORE the password is verified, and refunded when it turns
 *   out correct. So parallel requests cannot all slip through before the first failure is recorded, and a refused
 *   attempt never reaches the password check (no guess is evaluated while throttled).
 * - Per account (the email as typed, so unknown emails are throttled exactly like known ones; the limiter never
 *   asks the database): a few free attempts, then exponential back-off between evaluated attempts, capped. Not a
 *   lock: a refused attempt does not lengthen the wait, and the next slot always comes.
 * - Addresses an account has signed in from before ("familiar") keep their own back-off for that account, so an
 *   attacker elsewhere, however many addresses they rotate through, cannot make the real user wait.
 * - Per address (IPv6: per /64): failed attempts across all accounts; past the limit the address is refused for
 *   accounts that have not signed in from it — password spraying. A correct password for an account familiar to
 *   the address is never refused by this bucket.
 *
 * Where the buckets live: in memory on the embedded database (one process serves), in PostgreSQL when Strata runs
 * on PostgreSQL, so every replica behind a load balancer counts the same attempts (rate-limiter-flexible's
 * PostgreSQL store; its atomic upserts keep the "exactly one attempt per slot" rule across replicas).
 */

export const SIGN_IN_LIMITS = {
  /** Attempts per account key (account, or account × familiar address) before back-off begins. */
  freeAttempts: 5,
  /** How long failures are remembered, counted from the first one. A successful sign-in forgets them. */
  failureMemorySeconds: 24 * 60 * 60,
  /** The wait after the first back-off attempt; doubles with every further one. */
  firstWaitSeconds: 1,
  /** The longest wait between two evaluated attempts on one account key. */
  maxWaitSeconds: 15 * 60,
  /** Failed attempts from one address (across all accounts) within `addressWindowSeconds`… */
  addressFailures: 30,
  addressWindowSeconds: 15 * 60,
  /** …after which it is refused, for accounts not familiar to it, for this long. */
  addressBlockSeconds: 15 * 60,
  /** A successful sign-in makes its address familiar to that account for this long (in-memory limit: < 24.8 days). */
  familiarSeconds: 14 * 24 * 60 * 60,
} as const;

export type SignInLimits = typeof SIGN_IN_LIMITS;

export interface SignInAttempt {
  /** The client address (server/api/client-address.ts). */
  address: string;
  email: string;
}

export type SignInAdmission =
  /** Verify the password. The attempt already counts as failed; call `succeeded` when the password is right. */
  | { admitted: true; succeeded: () => Promise<void> }
  /** Do not verify anything. Same answer whatever the password, so it reveals nothing about it. */
  | { admitted: false; limit: "account" | "address"; retryAfterSeconds: number };

export interface SignInThrottle {
  admit(attempt: SignInAttempt): Promise<SignInAdmission>;
}

/** Why a limiter said no, or null when it said yes; anything else (a store failure) propagates. */
async function refusalOf(attempt: Promise<RateLimiterRes>): Promise<RateLimiterRes | null> {
  try {
    await attempt;
    return null;
  } catch (rejection) {
    if (rejection instanceof RateLimiterRes) return rejection;
    throw rejection;
  }
}

function secondsUntil(msBeforeNext: number): number {
  return Math.max(1, Math.ceil(msBeforeNext / 1000));
}

/**
 * The address's bucket key. One IPv6 host usually controls a whole /64, so counting single IPv6 addresses would
 * give it 2^64 buckets.
 */
export function addressBucket(address: string): string {
  if (isIP(address) !== 6) return address;
  const plain = address.replace(/%.*$/, "").replace(/\d+\.\d+\.\d+\.\d+$/, "0:0").toLowerCase();
  const [head = "", tail] = plain.split("::");
  const headGroups = head ? head.split(":") : [];
  const tailGroups = tail ? tail.split(":") : [];
  const groups =
    tail === undefined ? headGroups : [...headGroups, ...Array<string>(8 - headGroups.length - tailGroups.length).fill("0"), ...tailGroups];
  return `${groups
    .slice(0, 4)
    .map((group) => group.replace(/^0+(?=.)/, ""))
    .join(":")}::/64`;
}

interface BucketOptions {
  keyPrefix: string;
  points: number;
  duration: number;
  blockDuration?: number;
}

/** Makes one bucket family in the chosen store. */
export type BucketStore = (options: BucketOptions) => RateLimiterAbstract;

export const memoryBuckets: BucketStore = (options) => new RateLimiterMemory(options);

/**
 * Buckets in the `sign_in_throttle` table (created by a migration, so no replica creates tables at run time; the
 * cleanup job deletes expired rows). Keys carry their family's prefix, so one table holds them all.
 */
export function postgresBuckets(pool: pg.Pool): BucketStore {
  return (options) =>
    new RateLimiterPostgres({ ...options, storeClient: pool, storeType: "pool", tableName: "sign_in_throttle", tableCreated: true, clearExpiredByTimeout: false });
}

export function createSignInThrottle(store: BucketStore, limits: SignInLimits = SIGN_IN_LIMITS, log: (message: string) => void = console.warn): SignInThrottle {
  const freeAttempts = store({ keyPrefix: "signin-free", points: limits.freeAttempts, duration: limits.failureMemorySeconds });
  // How many back-off slots a key has used: the next wait is firstWait × 2^used.
  const backoffsUsed = store({ keyPrefix: "signin-backoffs", points: 2 ** 31 - 1, duration: limits.failureMemorySeconds });
  // One evaluated attempt per slot; the slot's length is the wait before the next one.
  const backoffSlot = store({ keyPrefix: "signin-slot", points: 1, duration: limits.maxWaitSeconds });
  const addressFailures = store({
    keyPrefix: "signin-address",
    points: limits.addressFailures,
    duration: limits.addressWindowSeconds,
    blockDuration: limits.addressBlockSeconds,
  });
  const familiar = store({ keyPrefix: "signin-familiar", points: 1, duration: limits.familiarSeconds });

  /** Takes a free attempt or the current back-off slot for `key`; returns the refusal when neither is open. */
  async function claimAttempt(key: string, describe: string): Promise<RateLimiterRes | null> {
    if ((await refusalOf(freeAttempts.consume(key))) === null) return null;
    const used = (await backoffsUsed.get(key))?.consumedPoints ?? 0;
    const waitSeconds = Math.min(limits.firstWaitSeconds * 2 ** used, limits.maxWaitSeconds);
    // Atomic: of all attempts arriving while no slot is open, exactly one creates it (consumedPoints 1).
    const slot = await backoffSlot.penalty(key, 1, { customDuration: waitSeconds });
    if (slot.consumedPoints > 1) return slot;
    await backoffsUsed.penalty(key);
    if (used === 0) log(`sign-in back-off started for ${describe} after ${limits.freeAttempts} attempts`);
    return null;
  }

  /** Gives back an address point charged in advance; a window that already expired has nothing to give back. */
  async function refund(address: string): Promise<void> {
    if (await addressFailures.get(address)) await addressFailures.reward(address);
  }

  async function forget(key: string): Promise<void> {
    await Promise.all([freeAttempts.delete(key), backoffsUsed.delete(key), backoffSlot.delete(key)]);
  }

  return {
    async admit(attempt) {
      const email = attempt.email.trim().toLowerCase();
      const address = addressBucket(attempt.address);
      const pair = JSON.stringify([email, address]);
      const isFamiliar = ((await familiar.get(pair))?.msBeforeNext ?? 0) > 0;

      if (!isFamiliar) {
        const refused = await refusalOf(addressFailures.consume(address));
        if (refused) {
          if (refused.consumedPoints === limits.addressFailures + 1) {
            log(`sign-in refused from ${JSON.stringify(address)} for ${limits.addressBlockSeconds} s after ${limits.addressFailures} failed attempts`);
          }
          return { admitted: false, limit: "address", retryAfterSeconds: secondsUntil(refused.msBeforeNext) };
        }
      }
      // A familiar address has its own back-off for this account; everyone else shares the account's.
      const accountKey = isFamiliar ? pair : JSON.stringify([email]);
      const refused = await claimAttempt(accountKey, isFamiliar ? `${JSON.stringify(email)} from ${JSON.stringify(address)}` : JSON.stringify(email));
      if (refused) {
        // Not evaluated, so not a failure of this address.
        if (!isFamiliar) await refund(address);
        return { admitted: false, limit: "account", retryAfterSeconds: secondsUntil(refused.msBeforeNext) };
      }
      return {
        admitted: true,
        succeeded: async () => {
          if (!isFamiliar) await refund(address);
          await forget(accountKey);
          await familiar.set(pair, 1, limits.familiarSeconds);
        },
      };
    },
  };
}

export function createMemorySignInThrottle(limits: SignInLimits = SIGN_IN_LIMITS, log: (message: string) => void = console.warn): SignInThrottle {
  return createSignInThrottle(memoryBuckets, limits, log);
}

/**
 * The process's throttle: chosen on first use from the environment, and shared through globalThis because the start
 * script and Next's bundle are separate module graphs in one process.
 */
const globalKey = Symbol.for("strata.signInThrottle");
type GlobalWithThrottle = typeof globalThis & { [globalKey]?: { throttle: SignInThrottle; close: () => Promise<void> } };

export function processSignInThrottle(databaseUrl: string | undefined, openPool: (url: string) => pg.Pool): SignInThrottle {
  const holder = globalThis as GlobalWithThrottle;
  if (!holder[globalKey]) {
    if (databaseUrl) {
      const pool = openPool(databaseUrl);
      holder[globalKey] = { throttle: createSignInThrottle(postgresBuckets(pool)), close: () => pool.end() };
    } else {
      holder[globalKey] = { throttle: createMemorySignInThrottle(), close: async () => {} };
    }
  }
  return holder[globalKey].throttle;
}

export async function closeProcessSignInThrottle(): Promise<void> {
  const holder = globalThis as GlobalWithThrottle;
  const held = holder[globalKey];
  delete holder[globalKey];
  await held?.close();
}
