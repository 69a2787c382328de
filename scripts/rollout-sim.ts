/**
 * A phased rollout of 1,000 instances on a compressed clock (docs/rollouts.md, "A simulated 1,000-instance
 * rollout"): the real services on an in-memory PGlite — the live promotion that starts the rollout, the nodes'
 * heartbeats (`recordHeartbeat`, the agent API's write) and the job's tick (`advanceRollouts`) — with virtual time
 * instead of the wall clock. Prints when each wave is released and passes its gate, and the total time.
 *
 *   npx tsx --import ./scripts/node/server-process.mjs scripts/rollout-sim.ts [--instances 1000] [--soak 10]
 *     [--deadline 30] [--fail-digest-at-wave N] [--seed 1]
 *
 * Nodes install the version they are told 5–60 s (uniform) after their wave is released, beat every 60 s, and the
 * tick runs every 15 s, as in production. Held nodes do not beat (only a wave's members decide its gate), which
 * keeps the run short. `--fail-digest-at-wave N` makes one node of wave N report `error` on the new digest.
 */
import { randomUUID } from "node:crypto";
import { parseArgs } from "node:util";
import { PGlite } from "@electric-sql/pglite";
import type { Actor } from "@/server/auth/actor";
import { createPrismaForPglite } from "@/server/db/client";
import { applyMigrationsToPglite } from "@/server/db/migrate";
import { mulberry32 } from "@/server/fleet-sim";
import { createAccount } from "@/server/services/accounts";
import { serviceContext } from "@/server/services/context";
import { recordHeartbeat } from "@/server/services/instances";
import { registerModule } from "@/server/services/modules";
import { requestLive, transitionVersion } from "@/server/services/promotion";
import { advanceRollouts, getRollout } from "@/server/services/rollouts";
import { assignModule, createTemplate } from "@/server/services/templates";
import { createModuleVersion } from "@/server/services/versions";
import { registerModuleInput } from "@/server/contracts/modules";
import { createVersionInput } from "@/server/contracts/versions";

const { values } = parseArgs({
  options: {
    instances: { type: "string", default: "1000" },
    soak: { type: "string", default: "10" },
    deadline: { type: "string", default: "30" },
    "fail-digest-at-wave": { type: "string" },
    seed: { type: "string", default: "1" },
  },
});
const INSTANCES = Number(values.instances);
const TICK_MS = 15_000;
const BEAT_MS = 60_000;
const random = mulberry32(Number(values.seed));
const failAtWave = values["fail-digest-at-wave"] === undefined ? null : Number(values["fail-digest-at-wave"]) - 1;

const wallStart = performance.now();
const pglite = new PGlite();
await applyMigrationsToPglite(pglite);
const db = createPrismaForPglite(pglite);

const T0 = new Date("2026-12-03T08:00:00Z");
let virtual = T0.getTime() - 3_600_000;
const now = () => new Date(virtual);
const account = await createAccount(db, { slug: "rollout-sim", name: "Rollout simulation" }, now());
await db.account.update({
  where: { id: account.id },
  data: { requireApproval: false, rolloutSoakMinutes: Number(values.soak), rolloutDeadlineMinutes: Number(values.deadline) },
});
// The simulation acts as a system admin: no people are involved, and the policy needs no approval.
const actor: Actor = { kind: "system", label: "system:rollout-sim", accountId: account.id, accountSlug: "rollout-sim", role: "admin" };
const ctx = serviceContext(db, actor, now);
const name = "edge-proxy";
const manifest = `schema_version: 1\nname: ${name}\nfile_spec:\n  - /usr/bin/${name}\n`;
await registerModule(ctx, registerModuleInput.parse({ name, displayName: name, categorySlug: "userland", manifestYaml: manifest }));

async function ship(version: string) {
  const digest = `sha256:${version.replace(/\./g, "").padStart(64, "0")}`;
  const created = await createModuleVersion(ctx, name, createVersionInput.parse({ version, ociRef: `registry.example/${name}:${version}`, ociDigest: digest, manifestYaml: manifest }));
  await transitionVersion(ctx, { versionId: created.id, targetState: "staging", reason: "sim" });
  await transitionVersion(ctx, { versionId: created.id, targetState: "blessed", reason: "sim" });
  const request = await requestLive(ctx, { versionId: created.id, reason: "sim" });
  return { rolloutId: request.requestId, digest };
}

const v1 = await ship("1.0.0");
const template = await createTemplate(ctx, { name: "edge", description: "" });
await assignModule(ctx, { templateId: template!.id, moduleName: name, enabled: true, metadata: {} });
// Bulk: a thousand registrations through the service would measure registration, not the rollout.
const nodeIds = Array.from({ length: INSTANCES }, () => randomUUID());
await db.nodeInstance.createMany({
  data: nodeIds.map((id, i) => ({
    id,
    accountId: account.id,
    templateId: template!.id,
    name: `edge-${String(i + 1).padStart(5, "0")}`,
    status: "running" as const,
    runningModules: { [name]: v1.digest },
    lastHeartbeatAt: now(),
    createdAt: now(),
  })),
});

virtual = T0.getTime();
const setupSeconds = (performance.now() - wallStart) / 1000;
const v2 = await ship("2.0.0");
const plan = await getRollout(ctx, { rolloutId: v2.rolloutId });
const waveOf = new Map<string, number>();
const fullWaves = await db.rolloutInstance.findMany({ where: { rolloutId: v2.rolloutId }, select: { instanceId: true, wave: true } });
for (const row of fullWaves) waveOf.set(row.instanceId, row.wave);
const failing = failAtWave === null ? null : (fullWaves.find((r) => r.wave === failAtWave)?.instanceId ?? null);

const stamp = (t: number) => {
  const s = Math.round((t - T0.getTime()) / 1000);
  return `T+${String(Math.floor(s / 60)).padStart(2, "0")}:${String(s % 60).padStart(2, "0")}`;
};
console.log(`${INSTANCES} instances, waves ${plan.waves.map((w) => w.size).join(" / ")}, soak ${values.soak} min, deadline ${values.deadline} min, tick 15 s, heartbeat 60 s`);
console.log(`${stamp(virtual)}  wave 1 released (${plan.waves[0]?.size ?? 0} instance${plan.waves[0]?.size === 1 ? "" : "s"})`);

/** Per node: when its install finishes and when it beats next (virtual ms). */
const installAt = new Map<string, number>();
const nextBeat = new Map<string, number>();
const release = (wave: number) => {
  for (const [id, w] of waveOf) {
    if (w !== wave) continue;
    installAt.set(id, virtual + 5_000 + random() * 55_000);
    nextBeat.set(id, virtual + random() * BEAT_MS);
  }
};
release(0);

let heartbeats = 0;
let state: string = plan.state;
let wave = 0;
while (state === "progressing" && virtual - T0.getTime() < 6 * 3_600_000) {
  virtual += TICK_MS;
  for (const [id, due] of nextBeat) {
    if (due > virtual) continue;
    const installed = (installAt.get(id) ?? Infinity) <= virtual;
    const bad = installed && id === failing;
    await recordHeartbeat(ctx, id, { status: bad ? "error" : installed ? "running" : "provisioning", modules: { [name]: installed ? v2.digest : v1.digest } });
    heartbeats += 1;
    nextBeat.set(id, due + BEAT_MS);
  }
  const tally = await advanceRollouts(db, now());
  if (tally.wave_released + tally.completed + tally.halted + tally.rolled_back === 0) continue;
  const current = await getRollout(ctx, { rolloutId: v2.rolloutId });
  const passed = current.waves[wave];
  if (tally.wave_released > 0) {
    console.log(`${stamp(virtual)}  wave ${wave + 1} gate passed (${passed?.converged ?? "?"}/${passed?.size ?? "?"} healthy for ${values.soak} min); wave ${wave + 2} released (${current.waves[wave + 1]?.size ?? 0} instances)`);
    wave += 1;
    release(wave);
  } else if (tally.completed > 0) {
    console.log(`${stamp(virtual)}  wave ${wave + 1} gate passed (${passed?.converged ?? "?"}/${passed?.size ?? "?"}); rollout completed`);
  } else {
    console.log(`${stamp(virtual)}  wave ${wave + 1} failed: ${current.haltReason ?? "?"}; rollout ${current.state}`);
  }
  state = current.state;
}
const total = (virtual - T0.getTime()) / 60_000;
console.log(`total: ${total.toFixed(2)} min of rollout time, ${heartbeats} heartbeats; wall ${((performance.now() - wallStart) / 1000).toFixed(1)} s (setup ${setupSeconds.toFixed(1)} s)`);
await db.$disconnect();
await pglite.close();
process.exit(0);
