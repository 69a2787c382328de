/**
 * Which catalog modules a composition could pull in (docs/composition.md, Dependency resolution): those reachable
 * through `owner/module` references of the composition's own owner, from the enabled assignments (and a what-if
 * candidate), transitively through each reached module's own requirements. Capability requirements never pull a
 * module in, and references to other owners resolve against nothing in an account's catalog.
 *
 * The set is an upper bound of what the engine pulls in (it also needs a live version and an enabled module), so
 * the composition service loads file lists for these modules alone and fingerprints the result with it.
 */
import { parseRequirement } from "./dependencies";

export interface ReachabilityCatalog {
  /** Whether `name` can be pulled in: registered to the owner and not already in the composition. */
  has(name: string): boolean;
  /** The requirements of what `name` would deploy; asked once per reached module, after `has(name)`. */
  requiresOf(name: string): readonly string[];
}

/** `roots`: the requirement lists of the modules already in the composition. */
export function reachableCatalogModules(owner: string, roots: Iterable<readonly string[]>, catalog: ReachabilityCatalog): Set<string> {
  const reachable = new Set<string>();
  const queue: string[] = [];
  const visit = (requires: readonly string[]): void => {
    for (const raw of requires) {
      const r = parseRequirement(raw);
      if (r.kind !== "module" || r.owner !== owner) continue;
      if (reachable.has(r.module) || !catalog.has(r.module)) continue;
      reachable.add(r.module);
      queue.push(r.module);
    }
  };
  for (const requires of roots) visit(requires);
  for (let i = 0; i < queue.length; i += 1) visit(catalog.requiresOf(queue[i]!));
  return reachable;
}
