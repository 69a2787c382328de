/**
 * Pinned versions of template assignments (docs/templates.md, Assignments). A pin may name only a blessed or live
 * version; a pin whose version later leaves those states falls back to the live version rather than dropping the
 * module, exactly as the node agent's desired state does (docs/promotion.md, Drift). The composition preview, the
 * blast radius and the desired state all ask `resolvePin`, so they agree on what a node would run.
 */
import { isDeliverableState, type PromotionState } from "../promotion/states";

/** What deploys for one assignment, and the pin that was passed over (if any). */
export type PinResolution<P, L> =
  | { source: "pinned"; deploying: P; ignoredPin: null }
  | { source: "live"; deploying: L; ignoredPin: P | null }
  | { source: null; deploying: null; ignoredPin: P | null };

/**
 * The version an assignment deploys: its pin when the pin is blessed or live, else the module's live version, else
 * nothing. A pin in any other state is returned as `ignoredPin` so callers can warn about it.
 */
export function resolvePin<P extends { state: PromotionState }, L>(pin: P | null | undefined, live: L | null | undefined): PinResolution<P, L> {
  if (pin && isDeliverableState(pin.state)) return { source: "pinned", deploying: pin, ignoredPin: null };
  const ignoredPin = pin ?? null;
  if (live) return { source: "live", deploying: live, ignoredPin };
  return { source: null, deploying: null, ignoredPin };
}

/** Why a version cannot be pinned; the messages are the ones the API answers with. */
export type PinRefusal =
  | { reason: "unknown_version"; message: string; fieldError: string }
  | { reason: "not_deliverable"; message: string; fieldError: string };

/**
 * Whether `moduleName@version` may be pinned, given the version as found (null when the module has no such
 * version). Node agents get nothing but blessed or live versions, so nothing else can be pinned.
 */
export function pinRefusal(moduleName: string, version: string, found: { state: PromotionState } | null): PinRefusal | null {
  if (!found) return { reason: "unknown_version", message: `${moduleName}@${version} does not exist.`, fieldError: "No such version" };
  if (!isDeliverableState(found.state)) {
    return {
      reason: "not_deliverable",
      message: `Only blessed or live versions can be pinned; ${moduleName}@${version} is ${found.state}.`,
      fieldError: "Must be blessed or live",
    };
  }
  return null;
}
