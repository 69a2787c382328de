/**
 * `npm run fleet:sim -- …` arguments (docs/fleet-sim.md, "Running the simulator"). Pure: argv and the environment
 * in, options or an ArgsError with a readable message out.
 */
import { parseArgs } from "node:util";

export const USAGE = `Usage: npm run fleet:sim -- --url URL (--enroll-token sne_… | --agent-tokens FILE) [options]

  --url URL              Strata, e.g. http://127.0.0.1:3000 (or its API root …/api/v1)
  --enroll-token T       enrollment token (sne_…); or set STRATA_ENROLL_TOKEN to keep it out of ps
  --agent-tokens FILE    existing instances' agent tokens (sna_…), one per line; played before enrolling
  --instances N          agents to run (default: the number of agent tokens)
  --interval S           seconds between heartbeats (default 30)
  --poll-interval S      seconds between desired-state polls (default: the heartbeat interval)
  --fail-rate R          share of failing agents, 0–1: error, stale digest or silent (default 0)
  --converge-delay A-B   seconds an install takes, uniform in [A, B] (default 5-60)
  --duration S           stop after S seconds (default: run until Ctrl-C)
  --name-prefix P        enrolled names are P-00001, … (default sim-<time>: reruns do not collide)
  --seed N               repeat a run's decisions (default: from the clock; printed at start)
  --concurrency N        calls in flight at most (default 256)
  --jitter J             relative jitter of every interval, 0–0.5 (default 0.1)
  --timeout S            a call taking longer fails as a timeout (default 10)
  --status-every S       seconds between status lines (default 5)
  --start-converged      agents already run their first desired state (no install wave)
  --fail-digest D        installing digest D (sha256:…; comma-separated for several) ends in error: a bad build
  -h, --help             this text`;

export class ArgsError extends Error {
  override name = "ArgsError";
}

export interface FleetSimCliOptions {
  url: string;
  enrollToken: string | null;
  agentTokensFile: string | null;
  instances: number | null;
  intervalSeconds: number;
  pollIntervalSeconds: number;
  failRate: number;
  convergeDelay: [number, number];
  durationSeconds: number | null;
  namePrefix: string;
  seed: number;
  concurrency: number;
  jitter: number;
  timeoutSeconds: number;
  statusEverySeconds: number;
  startConverged: boolean;
  failDigests: string[];
}

export type ParsedFleetSimArgs = { help: true } | { help: false; options: FleetSimCliOptions };

function number(name: string, raw: string | undefined, fallback: number, check: (n: number) => boolean, rule: string): number {
  if (raw === undefined) return fallback;
  const value = Number(raw.trim());
  if (raw.trim() === "" || !Number.isFinite(value) || !check(value)) throw new ArgsError(`--${name} must be ${rule} (got "${raw}")`);
  return value;
}

/** "5-60" → [5, 60]; "10" → [10, 10]. Seconds, decimals allowed, min ≤ max. */
export function parseRange(raw: string): [number, number] {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(?:-\s*(\d+(?:\.\d+)?)\s*)?$/.exec(raw);
  if (!match) throw new ArgsError(`--converge-delay must look like 5-60 (seconds, min-max), got "${raw}"`);
  const min = Number(match[1]);
  const max = match[2] === undefined ? min : Number(match[2]);
  if (min > max) throw new ArgsError(`--converge-delay: ${min} is more than ${max}`);
  return [min, max];
}

const NAME_PREFIX = /^[a-z0-9](?:[a-z0-9.-]{0,100}[a-z0-9])?$/;

export function parseFleetSimArgs(argv: readonly string[], env: Readonly<Record<string, string | undefined>> = {}, nowMs = Date.now()): ParsedFleetSimArgs {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        url: { type: "string" },
        "enroll-token": { type: "string" },
        "agent-tokens": { type: "string" },
        instances: { type: "string" },
        interval: { type: "string" },
        "poll-interval": { type: "string" },
        "fail-rate": { type: "string" },
        "converge-delay": { type: "string" },
        duration: { type: "string" },
        "name-prefix": { type: "string" },
        seed: { type: "string" },
        concurrency: { type: "string" },
        jitter: { type: "string" },
        timeout: { type: "string" },
        "status-every": { type: "string" },
        "start-converged": { type: "boolean" },
        "fail-digest": { type: "string", multiple: true },
        help: { type: "boolean", short: "h" },
      },
    }));
  } catch (error) {
    throw new ArgsError(error instanceof Error ? error.message : String(error));
  }
  if (values.help) return { help: true };

  if (!values.url) throw new ArgsError("--url is required (e.g. --url http://127.0.0.1:3000)");
  let url: URL;
  try {
    url = new URL(values.url);
  } catch {
    throw new ArgsError(`--url is not a URL: "${values.url}"`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new ArgsError("--url must be http:// or https://");

  const enrollToken = values["enroll-token"] ?? env.STRATA_ENROLL_TOKEN ?? null;
  if (enrollToken !== null && !enrollToken.startsWith("sne_")) throw new ArgsError("--enroll-token must be an enrollment token (sne_…)");
  const agentTokensFile = values["agent-tokens"] ?? null;
  if (!enrollToken && !agentTokensFile) throw new ArgsError("give --enroll-token (or STRATA_ENROLL_TOKEN) or --agent-tokens FILE");
  const instances = values.instances === undefined ? null : number("instances", values.instances, 0, (n) => Number.isInteger(n) && n >= 1 && n <= 1_000_000, "a whole number from 1 to 1,000,000");
  if (instances === null && !agentTokensFile) throw new ArgsError("--instances is required with --enroll-token");

  const intervalSeconds = number("interval", values.interval, 30, (n) => n > 0 && n <= 86_400, "seconds, more than 0");
  const namePrefix = values["name-prefix"] ?? `sim-${Math.floor(nowMs / 1000).toString(36)}`;
  if (!NAME_PREFIX.test(namePrefix)) throw new ArgsError("--name-prefix: lowercase letters, digits, dots and dashes (instance names are DNS-like)");

  return {
    help: false,
    options: {
      url: values.url,
      enrollToken,
      agentTokensFile,
      instances,
      intervalSeconds,
      pollIntervalSeconds: number("poll-interval", values["poll-interval"], intervalSeconds, (n) => n > 0 && n <= 86_400, "seconds, more than 0"),
      failRate: number("fail-rate", values["fail-rate"], 0, (n) => n >= 0 && n <= 1, "a share from 0 to 1"),
      convergeDelay: values["converge-delay"] === undefined ? [5, 60] : parseRange(values["converge-delay"]),
      durationSeconds: values.duration === undefined ? null : number("duration", values.duration, 0, (n) => n > 0, "seconds, more than 0"),
      namePrefix,
      seed: number("seed", values.seed, nowMs % 4_294_967_296, (n) => Number.isInteger(n) && n >= 0 && n < 4_294_967_296, "a whole number from 0 to 2^32-1"),
      concurrency: number("concurrency", values.concurrency, 256, (n) => Number.isInteger(n) && n >= 1 && n <= 10_000, "a whole number from 1 to 10,000"),
      jitter: number("jitter", values.jitter, 0.1, (n) => n >= 0 && n <= 0.5, "from 0 to 0.5"),
      timeoutSeconds: number("timeout", values.timeout, 10, (n) => n > 0 && n <= 600, "seconds, from 0 to 600"),
      statusEverySeconds: number("status-every", values["status-every"], 5, (n) => n >= 0.5, "seconds, at least 0.5"),
      startConverged: values["start-converged"] ?? false,
      failDigests: parseFailDigests(values["fail-digest"] ?? []),
    },
  };
}

const DIGEST = /^sha256:[0-9a-f]{64}$/;

/** `--fail-digest` values: each a sha256 digest, several per flag when comma-separated. */
export function parseFailDigests(raw: readonly string[]): string[] {
  const digests = raw.flatMap((value) => value.split(",")).map((d) => d.trim().toLowerCase()).filter((d) => d !== "");
  const bad = digests.find((d) => !DIGEST.test(d));
  if (bad !== undefined) throw new ArgsError(`--fail-digest must be sha256:<64 hex> (got "${bad}")`);
  return [...new Set(digests)];
}

/** An agent-tokens file: one token per line; blank lines and `#` comments ignored. */
export function parseAgentTokens(text: string): string[] {
  const tokens = text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== "" && !line.startsWith("#"));
  const bad = tokens.find((t) => !t.startsWith("sna_"));
  if (bad !== undefined) throw new ArgsError(`--agent-tokens: "${bad.slice(0, 12)}…" is not an agent token (sna_…)`);
  return tokens;
}
