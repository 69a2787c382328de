import { pino, type Logger } from "pino";
import { logLevelSchema } from "../env";

/**
 * The process's structured logger: one JSON object per line on stdout (docs/observability.md). The level comes
 * from STRATA_LOG_LEVEL (default info); under the test runner it defaults to warn, so request lines do not bury
 * test output. Read from the raw environment because the logger exists before the environment is validated.
 */
function level(): string {
  const configured = logLevelSchema.safeParse(process.env.STRATA_LOG_LEVEL);
  if (configured.success) return configured.data;
  return process.env.VITEST || process.env.NODE_ENV === "test" ? "warn" : "info";
}

const globalKey = Symbol.for("strata.logger");
type GlobalWithLogger = typeof globalThis & { [globalKey]?: Logger };

/** One logger per process, shared with Next's separately loaded bundles (like the metrics registry). */
export const logger: Logger = ((globalThis as GlobalWithLogger)[globalKey] ??= pino({
  level: level(),
  base: { service: "strata" },
  timestamp: pino.stdTimeFunctions.isoTime,
}));
