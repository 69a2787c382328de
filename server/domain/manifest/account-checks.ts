/**
 * Checks against the other modules of the same account (docs/manifest-validation.md): dependencies that cannot resolve,
 * cycles, and conflicts that would surface only when modules are composed. Still pure: the caller (a service) loads the
 * account's modules and passes their relevant fields in.
 */
import semver from "semver";
import type { Issue } from "../issues";
import type { ManifestFacts } from "./checks";
import { type Glob, overlap, OverlapBudget, OverlapIndex, parseGlob } from "../glob";
import { budgetIssue, undecidedIssue } from "./checks";
import { isExclusiveCapability, maxSatisfying, parseRequirement } from "./requires";
import { closestMatch } from "./suggest";

export interface AccountModule {
  name: string;
  /** Fields of the module's current draft manifest. */
  protectedSpec: string[];
  fileSpec: string[];
  provides: string[];
  requires: string[];
  /** Existing version numbers (semver), any promotion state. */
  versions: string[];
}

export interface AccountContext {
  /** The account slug: the `<owner>` of `<owner>/<module>@<range>` references that resolve here. */
  owner: string;
  /** The other registered modules of the account (an entry named like this module is ignored). */
  modules: AccountModule[];
  /** Category slugs of the account, to check `categorySlug` against. */
  categories?: string[];
}

interface OtherGlob {
  module: string;
  source: string;
  glob: Glob;
}

/** Versions in ascending semver order (non-semver strings last, as given), so messages read the same everywhere. */
function semverOrder(versions: readonly string[]): string[] {
  const valid = versions.filter((v) => semver.valid(v) !== null).sort(semver.compare);
  return [...valid, ...versions.filter((v) => semver.valid(v) === null)];
}

function listPreview(values: readonly string[], max = 5): string {
  return values.length <= max ? values.join(", ") : `${values.slice(0, max).join(", ")}, … (${values.length} in all)`;
}

/**
 * `budget` bounds the glob comparisons; validateManifest shares one with the manifest's own checks, so the whole
 * validation stays within one step budget however many modules and globs the account has.
 */
export function accountChecks(facts: ManifestFacts, context: AccountContext, budget: OverlapBudget = new OverlapBudget()): Issue[] {
  const issues: Issue[] = [];
  const self = facts.name;
  const others = context.modules.filter((m) => m.name !== self);
  const byName = new Map(others.map((m) => [m.name, m]));

  // Dependencies ---------------------------------------------------------------------------------------------
  for (const entry of facts.requires) {
    const req = entry.requirement;
    if (req.kind === "capability") {
      // A capability the module provides itself is reported as requires.self_capability.
      if (facts.provides.some((p) => p.value === req.tag)) continue;
      if (!others.some((m) => m.provides.includes(req.tag))) {
        issues.push({
          code: "requires.unknown_capability",
          severity: "warning",
          message: `No other module of this account provides capability \`${req.tag}\` yet.`,
          path: entry.pointer,
          range: entry.range,
          hint: "Compositions that include this module will fail dependency resolution until a module providing it is added.",
        });
      }
      continue;
    }
    if (req.owner !== context.owner) {
      issues.push({
        code: "requires.cross_account",
        severity: "warning",
        message: `\`${entry.value}\` refers to account \`${req.owner}\`; dependencies resolve only within this account (\`${context.owner}\`), so it can never be satisfied here.`,
        path: entry.pointer,
        range: entry.range,
        hint: `If the module lives in this account, write ${context.owner}/${req.module}@${req.range}.`,
      });
      continue;
    }
    const target = byName.get(req.module);
    if (!target) {
      const near = closestMatch(req.module, [...byName.keys()]);
      issues.push({
        code: "requires.unknown_module",
        severity: "warning",
        message: `No module named \`${req.module}\` is registered in this account yet.`,
        path: entry.pointer,
        range: entry.range,
        hint: near ? `Did you mean \`${near}\`?` : "Register it, or check the spelling.",
      });
      continue;
    }
    if (maxSatisfying(target.versions, req.range) === null) {
      issues.push({
        code: "requires.unsatisfied_range",
        severity: "warning",
        message:
          target.versions.length === 0
            ? `\`${req.module}\` has no versions yet, so \`${req.range}\` cannot be satisfied.`
            : `No version of \`${req.module}\` satisfies \`${req.range}\` (existing: ${listPreview(semverOrder(target.versions))}).`,
        path: entry.pointer,
        range: entry.range,
        hint: "Widen the range or wait for a matching build.",
      });
    }
  }

  // Cycles through registered modules ---------------------------------------------------------------------------
  if (self !== null) {
    const edges = new Map<string, string[]>();
    for (const m of others) {
      const targets: string[] = [];
      for (const r of m.requires) {
        const p = parseRequirement(r);
        if (p.ok && p.requirement.kind === "module" && p.requirement.owner === context.owner) targets.push(p.requirement.module);
      }
      edges.set(m.name, targets);
    }
    for (const entry of facts.requires) {
      const req = entry.requirement;
      if (req.kind !== "module" || req.owner !== context.owner || !byName.has(req.module)) continue;
      const path = shortestPathTo(req.module, self, edges);
      if (path) {
        const cycle = [self, ...path];
        issues.push({
          code: "requires.cycle",
          severity: "error",
          message: `Dependency cycle: ${cycle.join(" → ")}.`,
          path: entry.pointer,
          range: entry.range,
          hint: "Modules cannot require each other in a loop; move the shared part into a module both can require.",
        });
      }
    }
  }

  // Conflicts ---------------------------------------------------------------------------------------------------
  const otherProtected: OtherGlob[] = [];
  for (const m of others) {
    for (const source of m.protectedSpec) {
      const glob = parseGlob(source).glob;
      if (glob) otherProtected.push({ module: m.name, source, glob });
    }
  }
  const index = new OverlapIndex(otherProtected);

  const conflictsFor = (entries: ManifestFacts["protectedSpec"], kind: "protected" | "file_spec") => {
    for (const own of entries) {
      const reported = new Set<string>();
      let undecidedWith: OtherGlob | null = null;
      for (const other of index.candidates(own.glob)) {
        if (reported.has(other.module)) continue;
        const result = overlap(own.glob, other.glob, budget);
        if (budget.exhausted) return;
        if (result.kind === "undecided") undecidedWith ??= other;
        if (result.kind !== "overlap") continue;
        const witness = result.example;
        reported.add(other.module);
        issues.push(
          kind === "protected"
            ? {
                code: "conflict.protected_path",
                severity: "conflict",
                message: `\`${own.value}\` overlaps \`${other.source}\`, which \`${other.module}\` also protects (both match ${witness}): a path protected by two modules is shipped by neither when both are composed.`,
                path: own.pointer,
                range: own.range,
                relatedModule: other.module,
                hint: `Decide which module owns these paths and narrow the other's protected_spec.`,
              }
            : {
                code: "conflict.file_spec_protected",
                severity: "conflict",
                message: `\`${own.value}\` reaches into \`${other.source}\`, which \`${other.module}\` protects (both match ${witness}): those files would be dropped from this module whenever both are composed.`,
                path: own.pointer,
                range: own.range,
                relatedModule: other.module,
                hint: `Exclude those paths with a mask, or agree with ${other.module} on who owns them.`,
              },
        );
      }
      if (undecidedWith !== null && !reported.has(undecidedWith.module)) {
        issues.push(
          undecidedIssue(own, `whether \`${own.value}\` overlaps \`${undecidedWith.source}\`, which \`${undecidedWith.module}\` protects`),
        );
      }
    }
  };
  conflictsFor(facts.protectedSpec, "protected");
  conflictsFor(facts.fileSpec, "file_spec");
  if (budget.exhausted) issues.push(budgetIssue("protected-path"));

  for (const entry of facts.provides) {
    if (!isExclusiveCapability(entry.value)) continue;
    for (const m of others) {
      if (!m.provides.includes(entry.value)) continue;
      issues.push({
        code: "capability.exclusive_clash",
        severity: "conflict",
        // The same code as the composition's error: here it is a possibility across the account (a conflict),
        // in a template that composes both modules it is a real clash (an error). The message says which.
        message: `\`${entry.value}\` is exclusive and \`${m.name}\` already provides it: a template that composes both modules gets this clash as an error.`,
        path: entry.pointer,
        range: entry.range,
        relatedModule: m.name,
        hint: "Only one module of a composition may provide a capability with a value part; change one of them, or never compose the two together.",
      });
    }
  }

  return issues;
}

/** Breadth-first: the shortest module path from `from` to `to` (inclusive), or null. */
function shortestPathTo(from: string, to: string, edges: ReadonlyMap<string, string[]>): string[] | null {
  if (from === to) return [from];
  const parent = new Map<string, string | null>([[from, null]]);
  const queue = [from];
  for (let i = 0; i < queue.length; i++) {
    const cur = queue[i];
    if (cur === undefined) break;
    for (const next of edges.get(cur) ?? []) {
      if (parent.has(next)) continue;
      parent.set(next, cur);
      if (next === to) {
        const path: string[] = [];
        let n: string | null | undefined = next;
        while (n !== null && n !== undefined) {
          path.push(n);
          n = parent.get(n);
        }
        return path.reverse();
      }
      queue.push(next);
    }
  }
  return null;
}
