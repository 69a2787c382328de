/**
 * Runs before every integration test file (vitest `setupFiles`): makes results independent of the machine's
 * speed. The cosign-regexp checker's production budget (3 s per pattern, docs/security-regexp.md) can be exhausted
 * by a fully loaded CPU, which turns a definite "unsafe" into "could not be proven safe"; tests get a budget no
 * load reaches. The budget rule itself is tested with an injected clock in regexp-safety.unit.test.ts.
 */
import { configureProcessRegexpSafety } from "../../server/services/regexp-safety";

// Sealed secrets (docs/security.md, Secrets) need a key; tests never create `<data dir>/secret.key` in the worktree.
process.env.STRATA_SECRET_KEY ??= "5a".repeat(32);

configureProcessRegexpSafety({ checkerTimeoutMs: 120_000, hardDeadlineMs: 150_000 });
