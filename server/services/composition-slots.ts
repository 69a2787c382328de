/**
 * A template as it would deploy: one slot per assignment with the version that deploys (`resolvePin`: the pin when
 * blessed or live, else live — docs/templates.md, Assignments), and a proposed, unsaved change applied to the slots
 * with the same checks as the real mutation.
 */
import "server-only";
import { resolvePin } from "../domain/composition";
import { AppError } from "../errors";
import type { ProposedChange } from "../contracts/templates";
import { requirePinnableVersion, type AccountCatalog, type AssignmentRow, type DbLike, type ModuleRow, type VersionRef } from "./composition-load";

/** One module of the composition before its manifest facts are attached. */
export interface Slot {
  module: ModuleRow;
  assignmentId: string | null;
  enabled: boolean;
  override: number | null;
  /** The version that would deploy and where it comes from. */
  versionId: string | null;
  version: string | null;
  versionSource: "pinned" | "live" | null;
  /** The assignment's pin as stored, whatever its state. */
  pinned: VersionRef | null;
  /** A pin that no longer names a blessed or live version (it falls back to live, as the agent's desired state does). */
  ignoredPin: { version: string; state: string } | null;
}

export function slotFor(module: ModuleRow, a: { id: string | null; enabled: boolean; override: number | null; pinned: VersionRef | null }): Slot {
  const r = resolvePin(a.pinned, module.live);
  return {
    module,
    assignmentId: a.id,
    enabled: a.enabled,
    override: a.override,
    versionId: r.deploying?.id ?? null,
    version: r.deploying?.version ?? null,
    versionSource: r.source,
    pinned: a.pinned,
    ignoredPin: r.ignoredPin ? { version: r.ignoredPin.version, state: r.ignoredPin.state } : null,
  };
}

/** Slots of the stored assignments (an assignment of a module the catalog lacks is skipped). */
export function slotsOf(catalog: AccountCatalog, assignments: readonly AssignmentRow[]): Slot[] {
  return assignments.flatMap((a) => {
    const module = catalog.byId.get(a.moduleId);
    if (!module) return [];
    const p = a.pinnedVersion;
    const pinned = p ? { id: p.id, version: p.version, state: p.promotionState } : null;
    return [slotFor(module, { id: a.id, enabled: a.enabled, override: a.effectivePriorityOverride, pinned })];
  });
}

/** Applies a proposed (unsaved) change to the template's slots, validating it as the real mutation would. */
export async function applyProposedChange(db: DbLike, accountId: string, catalog: AccountCatalog, slots: Slot[], change: ProposedChange | undefined): Promise<Slot[]> {
  if (!change) return slots;
  const pinOf = async (module: ModuleRow, pinnedVersion: string | null | undefined, current: VersionRef | null): Promise<VersionRef | null> => {
    if (pinnedVersion === undefined) return current;
    if (pinnedVersion === null) return null;
    return requirePinnableVersion(db, accountId, module, pinnedVersion);
  };
  if (change.kind === "assign") {
    const module = catalog.byName.get(change.moduleName);
    if (!module) throw new AppError("NOT_FOUND", `Module ${change.moduleName} not found.`, { fieldErrors: { moduleName: "Unknown module" } });
    if (slots.some((s) => s.module.id === module.id)) throw new AppError("CONFLICT", `${module.name} is already assigned to this template.`);
    const pinned = await pinOf(module, change.pinnedVersion, null);
    return [...slots, slotFor(module, { id: null, enabled: change.enabled ?? true, override: change.effectivePriorityOverride ?? null, pinned })];
  }
  const index = slots.findIndex((s) => s.assignmentId === change.assignmentId);
  if (index < 0) throw new AppError("NOT_FOUND", "Assignment not found.");
  if (change.kind === "unassign") return slots.filter((_, i) => i !== index);
  const slot = slots[index]!;
  const pinned = await pinOf(slot.module, change.pinnedVersion, slot.pinned);
  const next = slotFor(slot.module, {
    id: slot.assignmentId,
    enabled: change.enabled ?? slot.enabled,
    override: change.effectivePriorityOverride !== undefined ? change.effectivePriorityOverride : slot.override,
    pinned,
  });
  return slots.map((s, i) => (i === index ? next : s));
}
