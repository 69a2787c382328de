import "server-only";
import { getEnv } from "../env";
import { getDb } from "./client";
import { freeBytes } from "./watchdog";

/** How long the database may take to answer a readiness probe. */
export const READINESS_TIMEOUT_MS = 1000;

/**
 * Ready = the database answers a trivial query within a second and, for the embedded database, its disk is above
 * the free-space floor (it hangs when the disk fills). The reason is for logs only: probes get no data.
 */
export async function checkReadiness(): Promise<{ ready: true } | { ready: false; reason: string }> {
  let timer: NodeJS.Timeout | undefined;
  try {
    const db = await getDb();
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${READINESS_TIMEOUT_MS} ms`)), READINESS_TIMEOUT_MS);
    });
    await Promise.race([db.$queryRaw`SELECT 1`, timeout]);
    const env = getEnv();
    if (!env.DATABASE_URL && env.STRATA_MIN_FREE_MB > 0) {
      const free = freeBytes(env.STRATA_DATA_DIR);
      if (free < env.STRATA_MIN_FREE_MB * 1024 * 1024) return { ready: false, reason: `only ${free} bytes free in the data directory` };
    }
    return { ready: true };
  } catch (error) {
    return { ready: false, reason: error instanceof Error ? error.message : String(error) };
  } finally {
    clearTimeout(timer);
  }
}
