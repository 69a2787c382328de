import { z } from "zod";
import { parseTrustedProxies } from "./api/client-address";

/** pino's levels; read at import by server/observability/log.ts too, so it is exported. */
export const logLevelSchema = z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]);

/**
 * Environment, validated once. A bad value fails fast with a readable message instead of surfacing later as an
 * odd runtime error. Read lazily (getEnv) so `next build` never needs a database or secrets.
 */
const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  /** PostgreSQL URL; when absent Strata uses embedded PGlite under STRATA_DATA_DIR. */
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "DATABASE_URL must start with postgresql:// (leave it unset for embedded PGlite)")
    .optional(),
  STRATA_DATA_DIR: z.string().min(1).default("./data"),
  STRATA_DEMO_PASSWORD: z.string().min(8, "STRATA_DEMO_PASSWORD must be at least 8 characters").optional(),
  STRATA_DEMO_API_TOKEN: z
    .string()
    .regex(/^stk_[A-Za-z0-9_-]{16,}$/, "STRATA_DEMO_API_TOKEN must look like stk_ followed by at least 16 characters")
    .optional(),
  /** Set to "0" to start with an empty database (no demo account). */
  STRATA_SEED_DEMO: z.enum(["0", "1"]).default("1"),
  /** Set to "0" to keep the demo's instances silent (by default they heartbeat as simulated agents, docs/fleet-sim.md). */
  STRATA_DEMO_FLEET: z.enum(["0", "1"]).default("1"),
  /** Cookies get the Secure flag when the console is served over https (set by a reverse proxy deployment). */
  STRATA_SECURE_COOKIES: z.enum(["0", "1"]).optional(),
  /** A database call taking longer than this is a hung database: embedded, the process exits; PostgreSQL, the call fails. */
  STRATA_DB_TIMEOUT_MS: z.coerce.number().int().min(1000).max(600_000).default(30_000),
  /** The embedded database refuses to start with less free space than this in its data directory. */
  STRATA_MIN_FREE_MB: z.coerce.number().int().min(0).max(1_048_576).default(256),
  /**
   * Reverse proxies whose X-Forwarded-For hop is believed: comma-separated IPs and CIDR ranges. Unset: none, the
   * client is the address that connected to Strata (docs/security-auth.md).
   */
  /**
   * The key that seals registry credentials and webhook secrets (docs/security.md, Secrets): 32 bytes as 64 hex
   * digits or base64. Unset: a key generated once in `<STRATA_DATA_DIR>/secret.key` (mode 0600).
   */
  STRATA_SECRET_KEY: z.string().min(32).optional(),
  /** How often the registry poller runs (docs/ingest.md); 0 turns it off. */
  STRATA_INGEST_POLL_SECONDS: z.coerce.number().int().min(0).max(86_400).default(60),
  /**
   * On SIGTERM, how long /readyz fails while requests are still served, so a load balancer's health check takes the
   * replica out before it stops listening (docs/deployment.md). Unset: 5 on PostgreSQL (replicas), 0 embedded.
   */
  STRATA_SHUTDOWN_DRAIN_SECONDS: z.coerce.number().int().min(0).max(300).optional(),
  /** On SIGTERM, how long requests and the current job may take to finish before connections are cut. */
  STRATA_SHUTDOWN_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(600).default(25),
  /** Registry hosts (host[:port], comma-separated) reached over plain http besides loopback ones. */
  STRATA_INGEST_INSECURE_REGISTRIES: z.string().optional(),
  /**
   * The bearer token Prometheus presents to GET /metrics (docs/observability.md). Unset: /metrics answers 404, so
   * a deployment that does not scrape exposes nothing.
   */
  STRATA_METRICS_TOKEN: z.string().min(16, "STRATA_METRICS_TOKEN must be at least 16 characters").optional(),
  /** The structured request log's level (docs/observability.md). */
  STRATA_LOG_LEVEL: logLevelSchema.optional(),
  STRATA_TRUSTED_PROXIES: z
    .string()
    .optional()
    .superRefine((value, ctx) => {
      try {
        parseTrustedProxies(value);
      } catch (error) {
        ctx.addIssue({ code: "custom", message: `STRATA_TRUSTED_PROXIES: ${error instanceof Error ? error.message : String(error)}` });
      }
    }),
});

export type Env = z.infer<typeof envSchema>;

let cached: Env | undefined;

export function getEnv(): Env {
  if (cached) return cached;
  // An empty variable means "not set" (e.g. DATABASE_URL= to force the embedded database).
  const defined = Object.fromEntries(Object.entries(process.env).filter(([, value]) => value !== ""));
  const parsed = envSchema.safeParse(defined);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`);
    throw new Error(`Invalid environment:\n${lines.join("\n")}`);
  }
  cached = parsed.data;
  return cached;
}
