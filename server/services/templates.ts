import type { z } from "zod";
import { AppError, prismaErrorCode } from "../errors";
import type { ServiceContext } from "./context";
import { recordAudit } from "./audit";
import type { assignModuleInput, createTemplateInput } from "./templates.schema";
import type { Prisma } from "../db/generated/client";

export * from "./templates.schema";

export async function createTemplate(ctx: ServiceContext, input: z.input<typeof createTemplateInput>) {
  try {
    return await ctx.db.$transaction(async (tx) => {
      const template = await tx.template.create({
        data: { accountId: ctx.actor.accountId, name: input.name, description: input.description ?? "", createdAt: ctx.now(), updatedAt: ctx.now() },
        select: { id: true, name: true },
      });
      await recordAudit(tx, ctx, { action: "template.created", targetType: "template", targetId: template.id, targetLabel: template.name });
      return template;
    });
  } catch (error) {
    if (prismaErrorCode(error) === "P2002") {
      throw new AppError("CONFLICT", `A template named ${input.name} already exists.`, { fieldErrors: { name: "This name is taken" } });
    }
    throw error;
  }
}

/** Assigns a module to a template; a pinned version must be blessed or live (node agents get nothing else). */
export async function assignModule(ctx: ServiceContext, input: z.output<typeof assignModuleInput>) {
  const accountId = ctx.actor.accountId;
  try {
    return await ctx.db.$transaction(async (tx) => {
      const template = await tx.template.findFirst({ where: { id: input.templateId, accountId }, select: { id: true, name: true } });
      if (!template) throw new AppError("NOT_FOUND", "Template not found.");
      const module = await tx.module.findUnique({ where: { accountId_name: { accountId, name: input.moduleName } }, select: { id: true, name: true } });
      if (!module) throw new AppError("NOT_FOUND", `Module ${input.moduleName} not found.`, { fieldErrors: { moduleName: "Unknown module" } });
      let pinnedVersionId: string | null = null;
      if (input.pinnedVersion) {
        const pinned = await tx.moduleVersion.findUnique({
          where: { moduleId_version: { moduleId: module.id, version: input.pinnedVersion } },
          select: { id: true, promotionState: true },
        });
        if (!pinned) throw new AppError("BAD_REQUEST", `${module.name}@${input.pinnedVersion} does not exist.`, { fieldErrors: { pinnedVersion: "No such version" } });
        if (pinned.promotionState !== "blessed" && pinned.promotionState !== "live") {
          throw new AppError("UNPROCESSABLE", `Only blessed or live versions can be pinned; ${module.name}@${input.pinnedVersion} is ${pinned.promotionState}.`, {
            fieldErrors: { pinnedVersion: "Must be blessed or live" },
          });
        }
        pinnedVersionId = pinned.id;
      }
      const assignment = await tx.templateModule.create({
        data: {
          accountId,
          templateId: template.id,
          moduleId: module.id,
          enabled: input.enabled,
          effectivePriorityOverride: input.effectivePriorityOverride ?? null,
          pinnedVersionId,
          metadata: input.metadata as Prisma.InputJsonValue,
          createdAt: ctx.now(),
          updatedAt: ctx.now(),
        },
        select: { id: true },
      });
      await recordAudit(tx, ctx, {
        action: "template.module_assigned",
        targetType: "template",
        targetId: template.id,
        targetLabel: template.name,
        after: { module: module.name, enabled: input.enabled, effectivePriorityOverride: input.effectivePriorityOverride ?? null, pinnedVersion: input.pinnedVersion ?? null },
      });
      return assignment;
    });
  } catch (error) {
    if (prismaErrorCode(error) === "P2002") throw new AppError("CONFLICT", `${input.moduleName} is already assigned to this template.`);
    throw error;
  }
}
