import { resolvePin } from "@/server/domain/composition/pins";
import type { PromotionState } from "@/server/domain/promotion/states";

/** A version as handed to a node agent. */
export interface DeliverableVersion {
  version: string;
  state: PromotionState;
  ociRef: string;
  ociDigest: string;
  composefsDigest?: string | null;
}

export interface AssignmentForDesiredState {
  moduleName: string;
  enabled: boolean;
  pinnedVersion?: DeliverableVersion | null;
  /** Passed through to the agent: the layer's place in the stack and the assignment's metadata. */
  effectivePriority?: number;
  metadata?: Readonly<Record<string, unknown>>;
}

/** The module's live version; `state`, when given, is checked like a pin's. */
export type LiveVersionForDesiredState = Omit<DeliverableVersion, "state"> & { state?: PromotionState };

export interface DesiredStateInput {
  assignments: readonly AssignmentForDesiredState[];
  liveVersions: Readonly<Record<string, LiveVersionForDesiredState | undefined>>;
}

export interface DesiredModuleVersion {
  moduleName: string;
  version: string;
  state: PromotionState;
  ociRef: string;
  ociDigest: string;
  composefsDigest?: string | null;
  source: "pin" | "live";
  effectivePriority?: number;
  metadata?: Readonly<Record<string, unknown>>;
}

export interface UnresolvedModule {
  moduleName: string;
  code: "NO_LIVE_VERSION";
  message: string;
}

/** A pin the agent was not given because its version is no longer blessed or live. */
export interface IgnoredPin {
  moduleName: string;
  version: string;
  state: PromotionState;
}

export interface DesiredState {
  modules: DesiredModuleVersion[];
  unresolved: UnresolvedModule[];
  ignoredPins: IgnoredPin[];
}

/**
 * Desired state (docs/promotion.md, Drift): for each enabled assignment, the pinned version if it is blessed or live,
 * else the module's live version. A pin in any other state (a version retired after it was pinned) falls back to live
 * rather than dropping the module from the node, and is reported in `ignoredPins` so the UI can warn. The pin rule is
 * `resolvePin`, which the compose preview and the blast radius use too.
 * Order follows the assignments; a module assigned twice resolves once, from its first enabled assignment.
 */
export function desiredStateFor(input: DesiredStateInput): DesiredState {
  const modules: DesiredModuleVersion[] = [];
  const unresolved: UnresolvedModule[] = [];
  const ignoredPins: IgnoredPin[] = [];
  const seen = new Set<string>();

  for (const a of input.assignments) {
    if (!a.enabled || seen.has(a.moduleName)) continue;
    seen.add(a.moduleName);
    const pin = a.pinnedVersion;
    const live = Object.hasOwn(input.liveVersions, a.moduleName) ? input.liveVersions[a.moduleName] : undefined;
    const resolved = resolvePin(pin, live && (live.state === undefined || live.state === "live") ? live : null);
    if (resolved.ignoredPin) ignoredPins.push({ moduleName: a.moduleName, version: resolved.ignoredPin.version, state: resolved.ignoredPin.state });
    if (resolved.source === "pinned") {
      modules.push({ moduleName: a.moduleName, ...pick(resolved.deploying, resolved.deploying.state), source: "pin", ...layerOf(a) });
      continue;
    }
    if (resolved.source === "live") {
      modules.push({ moduleName: a.moduleName, ...pick(resolved.deploying, "live"), source: "live", ...layerOf(a) });
      continue;
    }
    unresolved.push({
      moduleName: a.moduleName,
      code: "NO_LIVE_VERSION",
      message: pin
        ? `Pinned version ${pin.version} is ${pin.state} and ${a.moduleName} has no live version.`
        : `${a.moduleName} has no live version and the assignment pins none.`,
    });
  }
  return { modules, unresolved, ignoredPins };
}

function pick(v: Omit<DeliverableVersion, "state">, state: PromotionState) {
  return {
    version: v.version,
    state,
    ociRef: v.ociRef,
    ociDigest: v.ociDigest,
    ...(v.composefsDigest !== undefined ? { composefsDigest: v.composefsDigest } : {}),
  };
}

function layerOf(a: AssignmentForDesiredState) {
  return {
    ...(a.effectivePriority !== undefined ? { effectivePriority: a.effectivePriority } : {}),
    ...(a.metadata !== undefined ? { metadata: a.metadata } : {}),
  };
}
