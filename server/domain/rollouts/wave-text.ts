/**
 * Wave specs in words, without plan.ts's schemas: the rollout track on the pipeline board shows them, and plan.ts
 * would ship zod with the board's first load (docs/ui.md, First paint). plan.ts re-exports it.
 */

/** Describes a wave spec for people: "1 instance", "10%". */
export function describeWaveSpec(spec: { instances: number } | { percent: number }): string {
  return "instances" in spec ? `${spec.instances} instance${spec.instances === 1 ? "" : "s"}` : `${spec.percent}%`;
}
