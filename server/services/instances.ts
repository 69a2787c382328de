import "server-only";
import type { z } from "zod";
import { randomSecret, sha256Hex } from "../auth/secrets";
import { AppError } from "../errors";
import type { Prisma } from "../db/generated/client";
import type { ServiceContext } from "./context";
import { recordAudit } from "./audit";
import type { createInstanceInput, heartbeatInput } from "../contracts/instances";
import { runInTransaction } from "./transaction";


/** Registers a node; returns its agent token once (only the hash is stored). */
export async function createInstance(ctx: ServiceContext, input: z.output<typeof createInstanceInput>) {
  const agentToken = `sna_${randomSecret(32)}`;
  return await runInTransaction(ctx, async (tx) => {
    if (input.templateId) {
      const template = await tx.template.findFirst({ where: { id: input.templateId, accountId: ctx.actor.accountId }, select: { id: true } });
      if (!template) throw new AppError("NOT_FOUND", "Template not found.", { fieldErrors: { templateId: "Unknown template" } });
    }
    const instance = await tx.nodeInstance.create({
      data: {
        accountId: ctx.actor.accountId,
        templateId: input.templateId,
        name: input.name,
        arch: input.arch,
        status: "pending",
        agentTokenHash: sha256Hex(agentToken),
        createdAt: ctx.now(),
      },
      select: { id: true, name: true },
    });
    await recordAudit(tx, ctx, { action: "instance.registered", targetType: "instance", targetId: instance.id, targetLabel: instance.name, after: { arch: input.arch } });
    return { ...instance, agentToken };
  }, { uniqueViolation: () => new AppError("CONFLICT", `An instance named ${input.name} already exists.`, { fieldErrors: { name: "This name is taken" } }) });
}

/**
 * Records what a node runs. `runningSince` keeps, per module, when its current digest was first reported, so
 * the ready-to-bless sensor can tell how long a version has run. Heartbeats are not audited (they are not
 * operator changes and would drown the log).
 */
export async function recordHeartbeat(ctx: ServiceContext, instanceId: string, input: z.output<typeof heartbeatInput>) {
  const instance = await ctx.db.nodeInstance.findFirst({
    where: { id: instanceId, accountId: ctx.actor.accountId },
    select: { id: true, runningModules: true, runningSince: true },
  });
  if (!instance) throw new AppError("NOT_FOUND", "Instance not found.");
  const now = ctx.now();
  const previous = (instance.runningModules ?? {}) as Record<string, string>;
  const previousSince = (instance.runningSince ?? {}) as Record<string, string>;
  const runningSince: Record<string, string> = {};
  for (const [name, digest] of Object.entries(input.modules)) {
    runningSince[name] = previous[name] === digest && previousSince[name] ? previousSince[name] : now.toISOString();
  }
  await ctx.db.nodeInstance.update({
    where: { id: instance.id },
    data: {
      status: input.status,
      lastHeartbeatAt: now,
      runningModules: input.modules as Prisma.InputJsonValue,
      runningSince: runningSince as Prisma.InputJsonValue,
    },
  });
  return { id: instance.id, lastHeartbeatAt: now };
}
