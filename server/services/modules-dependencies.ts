/**
 * The Dependencies tab: what a module's draft manifest requires and provides, how each requirement resolves in
 * the account right now, and which other modules' drafts require it. Read from the current drafts (what
 * authors are working on); a composition preview resolves against deployable versions instead.
 */
import "server-only";
import { capabilityMatches, parseProvided } from "../domain/composition/dependencies";
import { isDeliverableState, type PromotionState } from "../domain/promotion/states";
import { maxSatisfying, parseRequirement } from "../domain/manifest/requires";
import { AppError } from "../errors";
import type { ServiceContext } from "./context";
import { loadDraftFacts } from "./module-facts";

export type RequirementStatus =
  /** The live version satisfies the range (or a module provides the capability): resolves as deployed today. */
  | "resolved"
  /** Only a blessed version satisfies it: compositions resolve it when they pin that version. */
  | "needs_pin"
  /** Only built/staging versions satisfy it: it resolves once one is blessed. */
  | "not_deliverable"
  /** The module exists but no version satisfies the range. */
  | "unsatisfied"
  | "unknown_module"
  | "cross_account"
  /** No module of the account provides the capability. */
  | "unprovided"
  | "self"
  | "invalid";

export interface RequirementView {
  raw: string;
  kind: "module" | "capability" | "invalid";
  module?: string;
  owner?: string;
  range?: string | null;
  tag?: string;
  status: RequirementStatus;
  message: string;
  /** The version that would satisfy it: the highest deliverable one, else the highest of any state. */
  satisfiedBy?: { version: string; state: PromotionState } | null;
  /** Modules providing the capability. */
  providers?: string[];
}

export async function getModuleDependencies(ctx: ServiceContext, name: string) {
  const accountId = ctx.actor.accountId;
  const owner = ctx.actor.accountSlug;
  const [all, versions] = await Promise.all([
    loadDraftFacts(ctx),
    ctx.db.moduleVersion.findMany({
      where: { accountId },
      select: { version: true, promotionState: true, module: { select: { name: true } } },
    }),
  ]);
  const self = all.find((m) => m.name === name);
  if (!self) throw new AppError("NOT_FOUND", `Module ${name} not found.`);
  const others = all.filter((m) => m.name !== name);
  const versionsOf = new Map<string, Array<{ version: string; state: PromotionState }>>();
  for (const v of versions) {
    const list = versionsOf.get(v.module.name) ?? [];
    list.push({ version: v.version, state: v.promotionState });
    versionsOf.set(v.module.name, list);
  }
  const registered = new Set(all.map((m) => m.name));

  /**
   * A composition resolves against what a composition deploys: the pinned version, else the live one. So the live
   * version satisfying the range is "resolved"; a blessed one means a template has to pin it.
   */
  function resolveModule(target: string, range: string): Pick<RequirementView, "status" | "message" | "satisfiedBy"> {
    const list = (versionsOf.get(target) ?? []).filter((v) => v.state !== "retired");
    const live = list.find((v) => v.state === "live");
    if (live && maxSatisfying([live.version], range)) {
      return { status: "resolved", message: `${target} ${live.version} (live) satisfies ${range}`, satisfiedBy: { version: live.version, state: "live" } };
    }
    const deliverable = list.filter((v) => isDeliverableState(v.state));
    const best = maxSatisfying(deliverable.map((v) => v.version), range);
    if (best) {
      return {
        status: "needs_pin",
        message: `${live ? `Live ${target} ${live.version} does not satisfy ${range}; ` : `${target} has no live version; `}pin ${best} (blessed) where it is needed`,
        satisfiedBy: { version: best, state: "blessed" },
      };
    }
    const any = maxSatisfying(list.map((v) => v.version), range);
    if (any) {
      const state = list.find((v) => v.version === any)?.state ?? "built";
      return {
        status: "not_deliverable",
        message: `Only ${target} ${any} (${state}) satisfies ${range}; it resolves once a matching version is blessed`,
        satisfiedBy: { version: any, state },
      };
    }
    return {
      status: "unsatisfied",
      message: list.length ? `No version of ${target} satisfies ${range}` : `${target} has no versions yet`,
      satisfiedBy: null,
    };
  }

  const requires: RequirementView[] = self.requires.map((raw) => {
    const parsed = parseRequirement(raw);
    if (!parsed.ok) return { raw, kind: "invalid", status: "invalid", message: parsed.message };
    const req = parsed.requirement;
    if (req.kind === "capability") {
      const providers = all.filter((m) => m.provides.some((p) => capabilityMatches(req.tag, parseProvided(p).name))).map((m) => m.name);
      const external = providers.filter((p) => p !== name);
      return {
        raw,
        kind: "capability",
        tag: req.tag,
        range: req.range,
        providers,
        status: providers.length ? "resolved" : "unprovided",
        message: providers.length
          ? external.length
            ? `Provided by ${external.join(", ")}`
            : "Provided by this module itself"
          : `No module of this account provides ${req.tag}`,
      };
    }
    const base = { raw, kind: "module" as const, module: req.module, owner: req.owner, range: req.range };
    if (req.owner !== owner) return { ...base, status: "cross_account", message: `Dependencies resolve only within this account (${owner})` };
    if (req.module === name) return { ...base, status: "self", message: "A module cannot require itself" };
    if (!registered.has(req.module)) return { ...base, status: "unknown_module", message: `No module named ${req.module} is registered` };
    return { ...base, ...resolveModule(req.module, req.range) };
  });

  const provides = self.provides.map((raw) => {
    const tag = parseProvided(raw);
    const alsoProvidedBy = tag.exclusive ? others.filter((m) => m.provides.some((p) => parseProvided(p).name === tag.name)).map((m) => m.name) : [];
    return { raw, name: tag.name, version: tag.version, exclusive: tag.exclusive, alsoProvidedBy };
  });

  // Who requires this module: by name (this account's owner) or through a capability it provides.
  const requiredBy: Array<{ module: string; requirement: string; via: "module" | "capability"; status: RequirementStatus; message: string }> = [];
  for (const other of others) {
    for (const raw of other.requires) {
      const parsed = parseRequirement(raw);
      if (!parsed.ok) continue;
      const req = parsed.requirement;
      if (req.kind === "module" && req.owner === owner && req.module === name) {
        requiredBy.push({ module: other.name, requirement: raw, via: "module", ...pick(resolveModule(name, req.range)) });
      } else if (req.kind === "capability" && provides.some((p) => capabilityMatches(req.tag, p.name))) {
        requiredBy.push({ module: other.name, requirement: raw, via: "capability", status: "resolved", message: `Satisfied by ${name} providing ${req.tag}` });
      }
    }
  }

  return { name, draftParsed: self.parsed, requires, provides, requiredBy };
}

function pick(view: Pick<RequirementView, "status" | "message">) {
  return { status: view.status, message: view.message };
}
