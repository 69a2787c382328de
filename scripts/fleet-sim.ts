/**
 * `npm run fleet:sim -- --url http://127.0.0.1:3000 --enroll-token sne_… --instances 100`: a simulated fleet
 * against a running Strata (docs/fleet-sim.md). Prints a status line every few seconds and a summary at the end
 * (after --duration, or on Ctrl-C). Exit status 1 when any call failed, so a script can tell a clean run.
 */
import fs from "node:fs";
import { ArgsError, parseAgentTokens, parseFleetSimArgs, USAGE } from "../server/fleet-sim/args";
import { mulberry32, runFleet, statusLine, summaryText, takeMark } from "../server/fleet-sim";

function parse() {
  try {
    return parseFleetSimArgs(process.argv.slice(2), process.env);
  } catch (error) {
    if (error instanceof ArgsError) {
      console.error(`fleet:sim: ${error.message}\n\n${USAGE}`);
      process.exit(2);
    }
    throw error;
  }
}

async function main() {
  const parsed = parse();
  if (parsed.help) {
    console.log(USAGE);
    return 0;
  }
  const options = parsed.options;
  const agentTokens = options.agentTokensFile ? parseAgentTokens(fs.readFileSync(options.agentTokensFile, "utf8")) : [];
  const instances = options.instances ?? agentTokens.length;
  if (instances > agentTokens.length && !options.enrollToken) {
    console.error(`fleet:sim: ${instances} instances but only ${agentTokens.length} agent token(s) and no --enroll-token`);
    return 2;
  }

  const controller = new AbortController();
  let interrupted = 0;
  process.on("SIGINT", () => {
    interrupted += 1;
    if (interrupted > 1) process.exit(130);
    console.error("\nstopping (Ctrl-C again to quit at once)…");
    controller.abort();
  });
  const timer = options.durationSeconds === null ? null : setTimeout(() => controller.abort(), options.durationSeconds * 1000);

  console.log(
    `fleet:sim: ${instances} agent(s) → ${options.url}, heartbeat every ${options.intervalSeconds} s, poll every ${options.pollIntervalSeconds} s, ` +
      `fail rate ${options.failRate}, installs ${options.convergeDelay[0]}-${options.convergeDelay[1]} s, seed ${options.seed}` +
      (instances > agentTokens.length ? `, enrolling as ${options.namePrefix}-…` : ""),
  );
  let rejectedLogged = 0;
  const run = runFleet({
    url: options.url,
    ...(options.enrollToken ? { enrollToken: options.enrollToken } : {}),
    agentTokens,
    instances,
    intervalSeconds: options.intervalSeconds,
    pollIntervalSeconds: options.pollIntervalSeconds,
    jitter: options.jitter,
    failRate: options.failRate,
    convergeDelay: options.convergeDelay,
    namePrefix: options.namePrefix,
    startConverged: options.startConverged,
    failDigests: options.failDigests,
    concurrency: options.concurrency,
    timeoutMs: options.timeoutSeconds * 1000,
    signal: controller.signal,
    random: mulberry32(options.seed),
    onEvent: (event) => {
      // A used-up enrollment token refuses every remaining agent: say so a few times, not ten thousand.
      if (event.kind === "rejected" && rejectedLogged++ < 5) console.error(`  ${event.agent}: ${event.detail ?? "refused"}`);
    },
  });

  let previous = takeMark(run.counters, performance.now());
  const status = setInterval(() => {
    const current = takeMark(run.counters, performance.now());
    console.log(statusLine(run.snapshot(), previous, current));
    previous = current;
  }, options.statusEverySeconds * 1000);

  const summary = await run.done;
  clearInterval(status);
  if (timer) clearTimeout(timer);
  console.log(`\n${summaryText(summary)}`);
  return summary.errors > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(1);
  },
);
