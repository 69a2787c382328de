import { describe, expect, it } from "vitest";
import { ArgsError, parseAgentTokens, parseFleetSimArgs, parseRange } from "./args";

const base = ["--url", "http://127.0.0.1:3000", "--enroll-token", "sne_abc", "--instances", "50"];
const NOW = 1_700_000_000_000;

function options(argv: string[], env: Record<string, string> = {}) {
  const parsed = parseFleetSimArgs(argv, env, NOW);
  if (parsed.help) throw new Error("unexpected help");
  return parsed.options;
}

describe("parseFleetSimArgs", () => {
  it("applies the documented defaults", () => {
    expect(options(base)).toEqual({
      url: "http://127.0.0.1:3000",
      enrollToken: "sne_abc",
      agentTokensFile: null,
      instances: 50,
      intervalSeconds: 30,
      pollIntervalSeconds: 30,
      failRate: 0,
      convergeDelay: [5, 60],
      durationSeconds: null,
      namePrefix: `sim-${Math.floor(NOW / 1000).toString(36)}`,
      seed: NOW % 4_294_967_296,
      concurrency: 256,
      jitter: 0.1,
      timeoutSeconds: 10,
      statusEverySeconds: 5,
      startConverged: false,
      failDigests: [],
    });
  });

  it("reads every option", () => {
    const o = options([
      ...base,
      "--interval", "10", "--poll-interval", "60", "--fail-rate", "0.02", "--converge-delay", "1.5-3", "--duration", "20",
      "--name-prefix", "lab", "--seed", "7", "--concurrency", "8", "--jitter", "0", "--timeout", "2", "--status-every", "1", "--start-converged",
    ]);
    expect(o).toMatchObject({ intervalSeconds: 10, pollIntervalSeconds: 60, failRate: 0.02, convergeDelay: [1.5, 3], durationSeconds: 20, namePrefix: "lab", seed: 7, concurrency: 8, jitter: 0, timeoutSeconds: 2, statusEverySeconds: 1, startConverged: true });
  });

  it("the poll interval follows the heartbeat interval unless given", () => {
    expect(options([...base, "--interval", "12"]).pollIntervalSeconds).toBe(12);
  });

  it("takes the enrollment token from STRATA_ENROLL_TOKEN, and agent tokens without --instances", () => {
    expect(options(["--url", "http://h:1", "--instances", "3"], { STRATA_ENROLL_TOKEN: "sne_env" }).enrollToken).toBe("sne_env");
    expect(options(["--url", "http://h:1", "--agent-tokens", "tokens.txt"])).toMatchObject({ agentTokensFile: "tokens.txt", instances: null, enrollToken: null });
  });

  it("answers --help", () => {
    expect(parseFleetSimArgs(["--help"])).toEqual({ help: true });
    expect(parseFleetSimArgs(["-h"])).toEqual({ help: true });
  });

  it.each([
    [["--enroll-token", "sne_a", "--instances", "1"], /--url is required/],
    [["--url", "ftp://h", "--enroll-token", "sne_a", "--instances", "1"], /http/],
    [["--url", "not a url", "--enroll-token", "sne_a", "--instances", "1"], /not a URL/],
    [["--url", "http://h", "--instances", "1"], /--enroll-token/],
    [["--url", "http://h", "--enroll-token", "stk_a", "--instances", "1"], /enrollment token/],
    [["--url", "http://h", "--enroll-token", "sne_a"], /--instances is required/],
    [[...base, "--instances", "0"], /--instances/],
    [[...base, "--instances", "2.5"], /--instances/],
    [[...base, "--fail-rate", "1.5"], /--fail-rate/],
    [[...base, "--fail-rate", ""], /--fail-rate/],
    [[...base, "--interval", "0"], /--interval/],
    [[...base, "--interval", "abc"], /--interval/],
    [[...base, "--converge-delay", "60-5"], /more than/],
    [[...base, "--converge-delay", "5..60"], /--converge-delay/],
    [[...base, "--jitter", "0.9"], /--jitter/],
    [[...base, "--name-prefix", "Bad Name"], /--name-prefix/],
    [[...base, "--bogus"], /bogus/],
    [[...base, "extra"], /positional|argument/i],
  ])("rejects %j", (argv, message) => {
    expect(() => parseFleetSimArgs(argv, {}, NOW)).toThrow(ArgsError);
    expect(() => parseFleetSimArgs(argv, {}, NOW)).toThrow(message);
  });
});

describe("parseRange", () => {
  it("reads min-max and a single value", () => {
    expect(parseRange("5-60")).toEqual([5, 60]);
    expect(parseRange(" 2 - 4 ")).toEqual([2, 4]);
    expect(parseRange("10")).toEqual([10, 10]);
    expect(parseRange("0-0.5")).toEqual([0, 0.5]);
  });
});

describe("parseAgentTokens", () => {
  it("reads one token per line, skipping blanks and comments", () => {
    expect(parseAgentTokens("# demo\nsna_a\n\n  sna_b  \r\n")).toEqual(["sna_a", "sna_b"]);
  });

  it("refuses anything that is not an agent token, without echoing it whole", () => {
    expect(() => parseAgentTokens("sna_a\nstk_secretsecretsecret\n")).toThrow(/"stk_secretse…" is not an agent token/);
  });
});

describe("--fail-digest", () => {
  const base = ["--url", "http://127.0.0.1:3000", "--enroll-token", "sne_x", "--instances", "2"];
  it("takes sha256 digests, repeated or comma-separated, lower-cased and de-duplicated", () => {
    const a = `sha256:${"a".repeat(64)}`;
    const b = `sha256:${"B".repeat(64)}`;
    const parsed = parseFleetSimArgs([...base, "--fail-digest", `${a},${b}`, "--fail-digest", a]);
    expect(parsed.help === false && parsed.options.failDigests).toEqual([a, b.toLowerCase()]);
  });
  it("refuses anything else with the flag's rule", () => {
    expect(() => parseFleetSimArgs([...base, "--fail-digest", "sha256:123"])).toThrow(/--fail-digest must be sha256/);
  });
});
