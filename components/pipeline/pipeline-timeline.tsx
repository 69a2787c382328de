"use client";

import * as React from "react";
import { formatAbsoluteTime } from "@/components/ui/format";
import { STATE_LABELS, STATE_TONES, PROMOTION_STATES } from "@/components/ui/state-colors";
import { plural } from "@/server/domain/plural";
import type { PipelineData } from "./types";

const ROW = 22;
const BAR = 12;
const LABEL = 84;
const AXIS = 22;
const WIDTH = 1000;
const DAY_MS = 86_400_000;

const RANGES = [
  { key: "all", label: "All", ms: Number.POSITIVE_INFINITY },
  { key: "30d", label: "30 d", ms: 30 * DAY_MS },
  { key: "7d", label: "7 d", ms: 7 * DAY_MS },
  { key: "1d", label: "24 h", ms: DAY_MS },
] as const;
type RangeKey = (typeof RANGES)[number]["key"];

interface Segment {
  state: (typeof PROMOTION_STATES)[number];
  from: Date;
  to: Date;
}

/** Consecutive state entries → spans; the current state runs until now, and retired is drawn as a short cap. */
export function segmentsOf(history: Array<{ state: Segment["state"]; at: Date }>, now: Date): Segment[] {
  return history.map((entry, i) => {
    const next = history[i + 1];
    return { state: entry.state, from: entry.at, to: next ? next.at : entry.state === "retired" ? entry.at : now };
  });
}

function ticks(from: number, to: number): number[] {
  const span = Math.max(to - from, 1);
  const steps = [DAY_MS / 4, DAY_MS / 2, DAY_MS, 2 * DAY_MS, 7 * DAY_MS, 14 * DAY_MS, 30 * DAY_MS, 90 * DAY_MS, 365 * DAY_MS];
  const step = steps.find((s) => span / s <= 8) ?? 365 * DAY_MS;
  const out: number[] = [];
  for (let t = Math.ceil(from / step) * step; t <= to; t += step) out.push(t);
  return out;
}

function tickLabel(t: number, spanMs: number): string {
  const d = new Date(t);
  const date = d.toISOString().slice(5, 10);
  return spanMs < 3 * DAY_MS ? `${date} ${d.toISOString().slice(11, 16)}` : date;
}

/**
 * When each version entered each state, one row per version (oldest at the top), coloured by state. An SVG scaled
 * to the container; every segment has a tooltip, and the same facts are available as a table for screen readers
 * and for copying.
 */
export function PipelineTimeline({ data }: { data: PipelineData }) {
  const [range, setRange] = React.useState<RangeKey>("all");
  const now = new Date(data.now);
  const versions = [...data.versions].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  const to = now.getTime();
  const windowMs = RANGES.find((r) => r.key === range)?.ms ?? Number.POSITIVE_INFINITY;
  // A zoomed window starts later than the history; segments are clipped to it.
  const from = Math.max(data.timeline.from.getTime(), to - windowMs);
  const span = Math.max(to - from, 60_000);
  const x = (t: number) => LABEL + ((t - from) / span) * (WIDTH - LABEL - 8);
  const height = AXIS + versions.length * ROW + 4;
  const tickList = ticks(from, to);
  if (versions.length === 0) return null;

  return (
    <section aria-labelledby="timeline-heading" className="space-y-2">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h3 id="timeline-heading" className="text-sm font-semibold">
          Timeline
        </h3>
        <div className="flex flex-wrap items-center gap-3">
          <div role="group" aria-label="Time range" className="flex overflow-hidden rounded-md border text-xs">
            {RANGES.map((r) => (
              <button
                key={r.key}
                type="button"
                aria-pressed={range === r.key}
                onClick={() => setRange(r.key)}
                className={range === r.key ? "bg-accent px-2 py-1 font-medium" : "px-2 py-1 text-muted-foreground hover:bg-accent"}
              >
                {r.label}
              </button>
            ))}
          </div>
          <ul className="flex flex-wrap gap-3 text-xs text-muted-foreground" aria-label="Legend">
            {PROMOTION_STATES.map((state) => (
              <li key={state} className="flex items-center gap-1">
                <span aria-hidden="true" className="inline-block size-2.5 rounded-sm" style={{ background: STATE_TONES[state].cssVar }} />
                {STATE_LABELS[state]}
              </li>
            ))}
          </ul>
        </div>
      </div>
      <div className="overflow-x-auto rounded-md border bg-card p-2">
        <svg
          viewBox={`0 0 ${WIDTH} ${height}`}
          className="h-auto w-full min-w-[640px]"
          role="img"
          aria-label={`When each of the ${plural(versions.length, "version")} of ${data.module.name} entered each state`}
          data-testid="pipeline-timeline"
        >
          {tickList.map((t) => (
            <g key={t}>
              <line x1={x(t)} x2={x(t)} y1={AXIS - 4} y2={height} stroke="var(--border)" strokeWidth={1} />
              <text x={x(t)} y={12} textAnchor="middle" fontSize={10} fill="var(--muted-foreground)">
                {tickLabel(t, span)}
              </text>
            </g>
          ))}
          {versions.map((v, row) => {
            const y = AXIS + row * ROW;
            return (
              <g key={v.id} data-version={v.version}>
                <text x={0} y={y + BAR} fontSize={11} fontFamily="var(--font-mono, monospace)" fill="var(--foreground)">
                  {v.version}
                </text>
                {segmentsOf(v.history, now).map((s, i) => {
                  if (s.to.getTime() < from || (s.state === "retired" && s.from.getTime() < from)) return null;
                  const x1 = x(Math.max(s.from.getTime(), from));
                  const w = s.state === "retired" ? 3 : Math.max(2, x(s.to.getTime()) - x1);
                  return (
                    <rect
                      key={`${s.state}-${i}`}
                      x={x1}
                      y={y + 2}
                      width={w}
                      height={BAR}
                      rx={2}
                      fill={STATE_TONES[s.state].cssVar}
                      data-state={s.state}
                    >
                      <title>{`${v.version} ${s.state}: ${formatAbsoluteTime(s.from)}${s.state === "retired" ? "" : ` → ${s.to.getTime() === to ? "now" : formatAbsoluteTime(s.to)}`}`}</title>
                    </rect>
                  );
                })}
              </g>
            );
          })}
        </svg>
      </div>
      <details className="text-xs">
        <summary className="cursor-pointer text-muted-foreground">Timeline as a table</summary>
        <table className="mt-2 w-full text-left">
          <thead>
            <tr className="text-muted-foreground">
              <th className="py-1 pr-4 font-medium">Version</th>
              <th className="py-1 pr-4 font-medium">State</th>
              <th className="py-1 font-medium">Entered</th>
            </tr>
          </thead>
          <tbody>
            {versions.flatMap((v) =>
              v.history.map((h, i) => (
                <tr key={`${v.id}-${i}`} className="border-t">
                  <td className="py-1 pr-4 font-mono">{v.version}</td>
                  <td className={`py-1 pr-4 ${STATE_TONES[h.state].text}`}>{STATE_LABELS[h.state]}</td>
                  <td className="py-1">{formatAbsoluteTime(h.at)}</td>
                </tr>
              )),
            )}
          </tbody>
        </table>
      </details>
    </section>
  );
}
