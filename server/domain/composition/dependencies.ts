/**
 * Dependency resolution over a composition (docs/composition.md): module references, capabilities, cycles, exclusive
 * capabilities. Deterministic: roots are processed in sorted order and every list that reaches the output is
 * sorted.
 */
import semver from "semver";
import { COMPOSITION_CODES as C, makeIssue } from "./codes";
import type { CompositionIssue, ResolvedDependency, Variety } from "./types";

export type ParsedRequirement =
  | { kind: "module"; raw: string; owner: string; module: string; range: string | null }
  | { kind: "capability"; raw: string; tag: string; range: string | null }
  | { kind: "invalid"; raw: string; reason: string };

const MODULE_REF = /^([^\s/@]+)\/([^\s/@]+)(?:@(.+))?$/;
const CAPABILITY_PREFIX = "capability:";

function checkRange(raw: string, range: string | undefined): string | null | { error: string } {
  if (range === undefined) return null;
  const trimmed = range.trim();
  if (trimmed.length === 0 || semver.validRange(trimmed) === null)
    return { error: `"${range}" is not a valid semver range in "${raw}"` };
  return trimmed;
}

/** Parse `owner/module@range` or `capability:tag[@range]`. A missing range means any version. */
export function parseRequirement(raw: string): ParsedRequirement {
  const text = raw.trim();
  if (text.startsWith(CAPABILITY_PREFIX)) {
    const body = text.slice(CAPABILITY_PREFIX.length);
    const at = body.indexOf("@");
    const tag = at < 0 ? body : body.slice(0, at);
    if (tag.length === 0 || /\s/.test(tag)) return { kind: "invalid", raw, reason: `"${raw}" names no capability tag` };
    const range = checkRange(raw, at < 0 ? undefined : body.slice(at + 1));
    if (range !== null && typeof range === "object") return { kind: "invalid", raw, reason: range.error };
    return { kind: "capability", raw, tag, range };
  }
  const m = MODULE_REF.exec(text);
  if (!m) {
    return {
      kind: "invalid",
      raw,
      reason: `"${raw}" is neither "<owner>/<module>@<range>" nor "capability:<tag>[@<range>]"`,
    };
  }
  const range = checkRange(raw, m[3]);
  if (range !== null && typeof range === "object") return { kind: "invalid", raw, reason: range.error };
  return { kind: "module", raw, owner: m[1]!, module: m[2]!, range };
}

export interface ProvidedCapability {
  /** The tag without a version: `http-server`, `http.port:80`. */
  name: string;
  version: string | null;
  /** A tag with a value part (`key:value`) is exclusive. */
  exclusive: boolean;
}

/** Parse a provided tag: `tag`, `tag@1.2.0`, `key:value`, `key:value@1.0.0`. */
export function parseProvided(tag: string): ProvidedCapability {
  const text = tag.trim();
  const at = text.indexOf("@");
  const name = at < 0 ? text : text.slice(0, at);
  const version = at < 0 ? null : text.slice(at + 1) || null;
  return { name, version, exclusive: name.includes(":") };
}

/** Does a provided tag answer a required one? Exact name, or `key` answered by any `key:value`. */
export function capabilityMatches(required: string, provided: string): boolean {
  if (provided === required) return true;
  return !required.includes(":") && provided.startsWith(required + ":");
}

/** One module as the resolver sees it. */
export interface DepNode {
  key: string;
  name: string;
  owner: string;
  label: string;
  category: string;
  variety: Variety;
  version: string | null;
  availableVersions: readonly string[];
  requires: readonly string[];
  provides: readonly string[];
  pointer: string;
  requiresPointer: string;
  providesPointer: string;
}

export interface ModuleResolution {
  /** Roots (sorted by key) followed by pulled-in modules in discovery order. */
  nodes: DepNode[];
  /** key → labels of the modules whose requirements pulled it in (only pulled-in modules). */
  via: Map<string, string[]>;
  /** Requirement edges between modules of the composition: from key → target keys. */
  edges: Map<string, string[]>;
  dependencies: ResolvedDependency[];
  issues: CompositionIssue[];
}

function highestSatisfying(versions: readonly string[], range: string | null): string | null {
  const valid = versions.filter((v) => semver.valid(v) !== null);
  if (range === null) return semver.rsort([...valid])[0] ?? null;
  return semver.maxSatisfying(valid, range);
}

/**
 * Resolve module references transitively. `roots` are the enabled assignments; `disabled` are assigned but
 * disabled (never pulled back in); `catalog` modules are pulled in when required ("via nginx").
 * A reference resolves to the highest version satisfying its range among the versions the composition would
 * deploy — for each module exactly one: pinned, else live, or the what-if candidate.
 */
export function resolveModuleDependencies(args: {
  owner: string;
  roots: readonly DepNode[];
  disabled: ReadonlyMap<string, DepNode>;
  catalog: ReadonlyMap<string, DepNode>;
}): ModuleResolution {
  const inComposition = new Map<string, DepNode>();
  const roots = [...args.roots].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  for (const r of roots) inComposition.set(r.key, r);
  const nodes = [...roots];
  const via = new Map<string, Set<string>>();
  const edges = new Map<string, string[]>();
  const dependencies: ResolvedDependency[] = [];
  const issues: CompositionIssue[] = [];

  for (let q = 0; q < nodes.length; q++) {
    const node = nodes[q]!;
    const out: string[] = [];
    node.requires.forEach((raw, j) => {
      const pointer = `${node.requiresPointer}/${j}`;
      const parsed = parseRequirement(raw);
      if (parsed.kind === "invalid") {
        dependencies.push(dep(node, raw, "module", raw, null, "invalid", pointer));
        issues.push(
          makeIssue({
            code: C.invalidReference,
            message: `${node.label}: ${parsed.reason}`,
            path: pointer,
            relatedModule: node.label,
            hint: 'Write "<owner>/<module>@<semver-range>" or "capability:<tag>[@<range>]".',
            subject: `${node.key}|${raw}`,
          }),
        );
        return;
      }
      if (parsed.kind === "capability") return; // resolved once the composition is complete
      const targetKey = `${parsed.owner}/${parsed.module}`;
      const targetLabel = parsed.owner === args.owner ? parsed.module : targetKey;
      let target = inComposition.get(targetKey);
      let pulledIn = target !== undefined && via.has(targetKey);
      if (target === undefined) {
        const off = args.disabled.get(targetKey);
        if (off !== undefined) {
          dependencies.push(dep(node, raw, "module", targetKey, parsed.range, "disabled", pointer));
          issues.push(
            makeIssue({
              code: C.disabled,
              message: `${node.label} requires ${raw}, but ${targetLabel} is assigned to this template and disabled.`,
              path: pointer,
              relatedModule: node.label,
              hint: `Enable the ${targetLabel} assignment, or remove the requirement.`,
              subject: `${node.key}|${raw}`,
            }),
          );
          return;
        }
        const candidate = args.catalog.get(targetKey);
        if (candidate === undefined) {
          dependencies.push(dep(node, raw, "module", targetKey, parsed.range, "missing", pointer));
          issues.push(
            makeIssue({
              code: C.missing,
              message: `${node.label} requires ${raw}, but no module ${targetKey} is registered${
                parsed.owner === args.owner ? "" : ` (owner "${parsed.owner}" is not this account, "${args.owner}")`
              }.`,
              path: pointer,
              relatedModule: node.label,
              hint: `Register ${targetLabel} or fix the reference.`,
              subject: `${node.key}|${raw}`,
            }),
          );
          return;
        }
        if (candidate.version === null) {
          dependencies.push(dep(node, raw, "module", targetKey, parsed.range, "unsatisfied", pointer));
          issues.push(
            makeIssue({
              code: C.unsatisfied,
              message: `${node.label} requires ${raw}, but ${targetLabel} has no live version to deploy.`,
              path: pointer,
              relatedModule: node.label,
              hint: hintForVersions(targetLabel, candidate.availableVersions, parsed.range),
              subject: `${node.key}|${raw}`,
            }),
          );
          return;
        }
        target = candidate;
        inComposition.set(targetKey, candidate);
        nodes.push(candidate);
        via.set(targetKey, new Set());
        pulledIn = true;
      }
      via.get(targetKey)?.add(node.label);
      out.push(targetKey);
      const chosen = highestSatisfying(target.version === null ? [] : [target.version], parsed.range);
      if (chosen !== null) {
        dependencies.push({
          ...dep(node, raw, "module", targetKey, parsed.range, "satisfied", pointer),
          resolvedModule: target.label,
          resolvedVersion: chosen,
          pulledIn,
        });
        return;
      }
      dependencies.push({
        ...dep(node, raw, "module", targetKey, parsed.range, "unsatisfied", pointer),
        resolvedModule: target.label,
        pulledIn,
      });
      const deploys =
        target.version === null
          ? "has no version to deploy (no pin and no live version)"
          : semver.valid(target.version) === null
            ? `would deploy "${target.version}", which is not a semver version`
            : `would deploy ${target.version}`;
      issues.push(
        makeIssue({
          code: C.unsatisfied,
          message: `${node.label} requires ${raw}, but ${targetLabel} ${deploys}, which does not satisfy ${parsed.range ?? "*"}.`,
          path: pointer,
          relatedModule: node.label,
          hint: hintForVersions(targetLabel, target.availableVersions, parsed.range),
          subject: `${node.key}|${raw}`,
        }),
      );
    });
    if (out.length > 0) edges.set(node.key, [...new Set(out)].sort());
  }

  const viaSorted = new Map<string, string[]>();
  for (const [k, set] of via) viaSorted.set(k, [...set].sort());
  issues.push(...findCycles(nodes, edges));
  return { nodes, via: viaSorted, edges, dependencies, issues };
}

function hintForVersions(label: string, available: readonly string[], range: string | null): string {
  const fits = highestSatisfying(available, range);
  if (fits !== null) return `${label} ${fits} satisfies ${range ?? "*"}: pin it, or promote it to live.`;
  return `No version of ${label} satisfies ${range ?? "*"}: relax the range or publish a matching version.`;
}

function dep(
  node: DepNode,
  requirement: string,
  kind: "module" | "capability",
  target: string,
  range: string | null,
  status: ResolvedDependency["status"],
  pointer: string,
): ResolvedDependency {
  return {
    from: node.label,
    requirement,
    kind,
    target,
    range,
    status,
    resolvedModule: null,
    resolvedVersion: null,
    providers: [],
    pulledIn: false,
    pointer,
  };
}

/** Tarjan's SCCs; one issue per strongly connected component, with the shortest cycle through its first node. */
export function findCycles(nodes: readonly DepNode[], edges: ReadonlyMap<string, readonly string[]>): CompositionIssue[] {
  const byKey = new Map(nodes.map((n) => [n.key, n]));
  const keys = [...byKey.keys()].sort();
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: string[][] = [];
  let counter = 0;

  const strongConnect = (v: string): void => {
    index.set(v, counter);
    low.set(v, counter);
    counter++;
    stack.push(v);
    onStack.add(v);
    for (const w of edges.get(v) ?? []) {
      if (!byKey.has(w)) continue;
      if (!index.has(w)) {
        strongConnect(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, index.get(w)!));
      }
    }
    if (low.get(v) === index.get(v)) {
      const comp: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        comp.push(w);
      } while (w !== v);
      components.push(comp);
    }
  };
  for (const k of keys) if (!index.has(k)) strongConnect(k);

  const issues: CompositionIssue[] = [];
  for (const comp of components) {
    const members = new Set(comp);
    const start = [...comp].sort()[0]!;
    const selfLoop = (edges.get(start) ?? []).includes(start);
    if (comp.length === 1 && !selfLoop) continue;
    const cycle = selfLoop ? [start, start] : shortestCycle(start, members, edges);
    const labels = cycle.map((k) => byKey.get(k)!.label);
    const startNode = byKey.get(start)!;
    const next = cycle[1]!;
    const reqIndex = startNode.requires.findIndex((r) => {
      const p = parseRequirement(r);
      return p.kind === "module" && `${p.owner}/${p.module}` === next;
    });
    issues.push(
      makeIssue({
        code: C.cycle,
        message: `Dependency cycle: ${labels.join(" → ")}.`,
        path: reqIndex >= 0 ? `${startNode.requiresPointer}/${reqIndex}` : startNode.pointer,
        relatedModule: startNode.label,
        hint: "Break the cycle: one of these modules must not require the next.",
        subject: [...comp].sort().join(","),
      }),
    );
  }
  return issues;
}

function shortestCycle(start: string, members: ReadonlySet<string>, edges: ReadonlyMap<string, readonly string[]>): string[] {
  const prev = new Map<string, string>();
  const queue: string[] = [start];
  for (let q = 0; q < queue.length; q++) {
    const v = queue[q]!;
    for (const w of edges.get(v) ?? []) {
      if (!members.has(w)) continue;
      if (w === start) {
        const path = [v];
        while (path[0] !== start) path.unshift(prev.get(path[0]!)!);
        return [...path, start];
      }
      if (!prev.has(w) && w !== start) {
        prev.set(w, v);
        queue.push(w);
      }
    }
  }
  return [start, start];
}

/**
 * Capability requirements and exclusive capabilities, over the complete composition. `ordered` is in layer
 * order (ascending), so the resolved provider is the highest layer that provides the tag.
 * A provided tag's version is its own (`tag@1.2.0`), else the providing module's deploying version.
 */
export function resolveCapabilities(args: {
  ordered: readonly DepNode[];
  catalog: ReadonlyMap<string, DepNode>;
}): { dependencies: ResolvedDependency[]; issues: CompositionIssue[] } {
  const dependencies: ResolvedDependency[] = [];
  const issues: CompositionIssue[] = [];
  const provided = args.ordered.map((n) => ({ node: n, caps: n.provides.map(parseProvided) }));

  for (const node of args.ordered) {
    node.requires.forEach((raw, j) => {
      const parsed = parseRequirement(raw);
      if (parsed.kind !== "capability") return;
      const pointer = `${node.requiresPointer}/${j}`;
      const matching: Array<{ node: DepNode; version: string | null }> = [];
      for (const p of provided) {
        for (const cap of p.caps) {
          if (!capabilityMatches(parsed.tag, cap.name)) continue;
          matching.push({ node: p.node, version: cap.version ?? p.node.version });
          break;
        }
      }
      const satisfying =
        parsed.range === null
          ? matching
          : matching.filter((m) => m.version !== null && semver.valid(m.version) !== null && semver.satisfies(m.version, parsed.range!));
      const base = dep(node, raw, "capability", parsed.tag, parsed.range, "satisfied", pointer);
      if (satisfying.length > 0) {
        const top = satisfying[satisfying.length - 1]!;
        dependencies.push({
          ...base,
          resolvedModule: top.node.label,
          resolvedVersion: top.version,
          providers: satisfying.map((m) => m.node.label).sort(),
        });
        return;
      }
      if (matching.length > 0) {
        dependencies.push({ ...base, status: "unsatisfied", providers: [] });
        const found = matching.map((m) => `${m.node.label} ${m.version ?? "(no version)"}`).join(", ");
        issues.push(
          makeIssue({
            code: C.capabilityUnsatisfied,
            message: `${node.label} requires ${raw}, but the providers in this composition do not satisfy ${parsed.range}: ${found}.`,
            path: pointer,
            relatedModule: node.label,
            hint: "A provided tag's version is the one after @ in provides (tag@1.2.0), else the providing module's version.",
            subject: `${node.key}|${raw}`,
          }),
        );
        return;
      }
      dependencies.push({ ...base, status: "missing" });
      const elsewhere = [...args.catalog.values()]
        .filter((c) => c.provides.some((t) => capabilityMatches(parsed.tag, parseProvided(t).name)))
        .map((c) => c.label)
        .sort();
      issues.push(
        makeIssue({
          code: C.capabilityMissing,
          message: `${node.label} requires ${raw}, but no module in this composition provides ${parsed.tag}.`,
          path: pointer,
          relatedModule: node.label,
          hint:
            elsewhere.length > 0
              ? `Registered modules that provide it: ${elsewhere.join(", ")} — assign one to the template.`
              : `No registered module provides ${parsed.tag}.`,
          subject: `${node.key}|${raw}`,
        }),
      );
    });
  }

  const exclusive = new Map<string, Array<{ node: DepNode; index: number }>>();
  for (const p of provided) {
    const seen = new Set<string>();
    p.caps.forEach((cap, index) => {
      if (!cap.exclusive || seen.has(cap.name)) return;
      seen.add(cap.name);
      const list = exclusive.get(cap.name) ?? [];
      list.push({ node: p.node, index });
      exclusive.set(cap.name, list);
    });
  }
  for (const [tag, list] of [...exclusive].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    if (list.length < 2) continue;
    const labels = list.map((l) => l.node.label).sort();
    const last = list[list.length - 1]!;
    issues.push(
      makeIssue({
        code: C.exclusiveClash,
        // The manifest validator reports the same code as a conflict (possible somewhere in the account); here the
        // modules are composed together, so it is an error, and the message says so.
        message: `${tag} is an exclusive capability but ${labels.length} modules of this composition provide it: ${labels.join(", ")}. Composed together they clash: an error (a template keeps it only with an override reason).`,
        path: `${last.node.providesPointer}/${last.index}`,
        relatedModule: last.node.label,
        hint: "Only one module of a composition may provide a key:value capability; remove one of them.",
        subject: tag,
      }),
    );
  }
  return { dependencies, issues };
}
