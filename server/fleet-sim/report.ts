/**
 * Human-readable figures for the CLI's status line and summary (docs/fleet-sim.md, "Reading the figures"). Pure.
 */
import type { FleetCounters } from "./counters";
import type { FleetSnapshot } from "./fleet";
import { LatencyHistogram } from "./histogram";

/** What the counters said at one moment; two marks make a status line's "last few seconds". */
export interface StatusMark {
  atMs: number;
  heartbeats: number;
  polls: number;
  errors: number;
  heartbeat: LatencyHistogram;
  desiredState: LatencyHistogram;
}

export function takeMark(counters: FleetCounters, atMs: number): StatusMark {
  return {
    atMs,
    heartbeats: counters.heartbeats.ok + counters.heartbeats.failed,
    polls: counters.desiredState.ok200 + counters.desiredState.notModified304 + counters.desiredState.failed,
    errors: counters.errors,
    heartbeat: counters.latency.heartbeat.clone(),
    desiredState: counters.latency.desiredState.clone(),
  };
}

export function ms(value: number): string {
  if (!Number.isFinite(value)) return "–";
  return value < 10 ? `${value.toFixed(1)}ms` : `${Math.round(value)}ms`;
}

function pct(ratio: number): string {
  return Number.isFinite(ratio) ? `${Math.round(ratio * 100)}%` : "–";
}

/**
 * One line: fleet states, then rates and latencies over the window between the two marks. Counters zeroed in
 * between (a benchmark's warm-up ending) make the window start at the reset.
 */
export function statusLine(snapshot: FleetSnapshot, earlier: StatusMark, current: StatusMark): string {
  const reset = current.heartbeats < earlier.heartbeats || current.polls < earlier.polls || current.errors < earlier.errors || current.heartbeat.count < earlier.heartbeat.count;
  const previous = reset ? { ...earlier, heartbeats: 0, polls: 0, errors: 0, heartbeat: new LatencyHistogram(), desiredState: new LatencyHistogram() } : earlier;
  const seconds = Math.max(0.001, (current.atMs - previous.atMs) / 1000);
  const beats = current.heartbeat.since(previous.heartbeat);
  const polls = current.desiredState.since(previous.desiredState);
  const a = snapshot.agents;
  return [
    `t=${Math.round(snapshot.elapsedMs / 1000)}s`,
    `agents ${a.total}: ${a.converged} converged, ${a.installing} installing, ${a.drifted} drifted, ${a.waiting + a.starting} starting, ${a.silent} silent, ${a.rejected} rejected`,
    `| hb ${((current.heartbeats - previous.heartbeats) / seconds).toFixed(1)}/s p50 ${ms(beats.percentile(50))} p99 ${ms(beats.percentile(99))}`,
    `| desired ${((current.polls - previous.polls) / seconds).toFixed(1)}/s p50 ${ms(polls.percentile(50))} 304 ${pct(snapshot.desiredState.notModifiedRatio)}`,
    `| errors +${current.errors - previous.errors} (${snapshot.errors})`,
    `| in flight ${snapshot.inFlight}`,
  ].join(" ");
}

export function summaryText(snapshot: FleetSnapshot): string {
  const { heartbeat, desiredState, enroll, lag } = snapshot.latency;
  const seconds = Math.max(0.001, snapshot.elapsedMs / 1000);
  const lines = [
    `Fleet simulation: ${Math.round(seconds)} s, ${snapshot.agents.total} agents`,
    `  agents      ${Object.entries(snapshot.agents).filter(([k, v]) => k !== "total" && v > 0).map(([k, v]) => `${k} ${v}`).join(", ") || "–"}`,
    `  profiles    ${Object.entries(snapshot.profiles).filter(([, v]) => v > 0).map(([k, v]) => `${k} ${v}`).join(", ")}`,
    `  enrollments ${snapshot.enrollments.ok} ok, ${snapshot.enrollments.failed} failed${enroll.count ? `; p50 ${ms(enroll.p50)} p99 ${ms(enroll.p99)}` : ""}`,
    `  heartbeats  ${snapshot.heartbeats.ok} ok, ${snapshot.heartbeats.failed} failed (${(snapshot.heartbeats.ok / seconds).toFixed(1)}/s); p50 ${ms(heartbeat.p50)} p90 ${ms(heartbeat.p90)} p99 ${ms(heartbeat.p99)} max ${ms(heartbeat.max)}`,
    `  desired     ${snapshot.desiredState.ok200} × 200, ${snapshot.desiredState.notModified304} × 304 (${pct(snapshot.desiredState.notModifiedRatio)} not modified), ${snapshot.desiredState.failed} failed; p50 ${ms(desiredState.p50)} p99 ${ms(desiredState.p99)}`,
    `  installs    ${snapshot.installs.completed} completed, ${snapshot.installs.failed} failed`,
    `  errors      ${snapshot.errors}${snapshot.errors ? ` (${Object.entries(snapshot.errorsByKind).map(([k, v]) => `${k} ${v}`).join(", ")})` : ""}`,
    `  generator   schedule lag p50 ${ms(lag.p50)} p99 ${ms(lag.p99)}, max in flight ${snapshot.maxInFlight}, skipped beats ${snapshot.skipped}`,
  ];
  return lines.join("\n");
}
