/**
 * compose(input) → { layers, dependencies, overlay, errors, warnings, conflicts } (SPEC §3).
 * Pure and deterministic: the result does not depend on the order of `modules` or `catalog` (except JSON
 * pointers, which name input positions).
 */
import { COMPOSITION_CODES as C, makeIssue, sortIssues } from "./codes";
import { type DepNode, resolveCapabilities, resolveModuleDependencies } from "./dependencies";
import { type Glob, type GlobParse, parseGlob } from "../glob";
import { type OverlayLayerInput, type PairFinding, buildOverlay, globLevelOverlaps } from "./overlay";
import { compareLayers, deriveEffectivePriority } from "./priority";
import type {
  CatalogModule,
  ComposeInput,
  ComposeModule,
  ComposeOptions,
  ComposeResult,
  CompositionCandidate,
  CompositionIssue,
  Layer,
  LayerSource,
  Variety,
  VersionSource,
} from "./types";
import { plural } from "../plural";

type FactField = "fileSpec" | "mask" | "protectedSpec" | "requires" | "provides" | "files";
const FACT_FIELDS: readonly FactField[] = ["fileSpec", "mask", "protectedSpec", "requires", "provides", "files"];

/** One module as compose sees it, whatever it came from. */
interface ModRec {
  key: string;
  name: string;
  owner: string;
  label: string;
  category: string;
  variety: Variety;
  parentModule: string | null;
  priority: number;
  override: number | null;
  enabled: boolean;
  version: string | null;
  versionSource: VersionSource | null;
  availableVersions: readonly string[];
  fileSpec: readonly string[];
  mask: readonly string[];
  protectedSpec: readonly string[];
  requires: readonly string[];
  provides: readonly string[];
  files: readonly string[] | null;
  pointer: string;
  fieldPointer: Record<FactField, string>;
  isCandidate: boolean;
  source: LayerSource;
}

function labelFor(owner: string, name: string, account: string): string {
  return owner === account ? name : `${owner}/${name}`;
}

function recordOf(
  m: ComposeModule | CatalogModule,
  account: string,
  pointer: string,
  source: LayerSource,
): ModRec {
  const owner = m.owner ?? account;
  const fieldPointer = {} as Record<FactField, string>;
  for (const f of FACT_FIELDS) fieldPointer[f] = `${pointer}/${f}`;
  const assignment = m as ComposeModule;
  return {
    key: `${owner}/${m.name}`,
    name: m.name,
    owner,
    label: labelFor(owner, m.name, account),
    category: m.category,
    variety: m.variety,
    parentModule: m.parentModule ?? null,
    priority: m.priority,
    override: source === "template" ? (assignment.effectivePriorityOverride ?? null) : null,
    enabled: source === "template" ? assignment.enabled !== false : true,
    version: m.version ?? null,
    versionSource: source === "template" ? (assignment.versionSource ?? null) : m.version ? "live" : null,
    availableVersions: m.availableVersions ?? [],
    fileSpec: m.fileSpec ?? [],
    mask: m.mask ?? [],
    protectedSpec: m.protectedSpec ?? [],
    requires: m.requires ?? [],
    provides: m.provides ?? [],
    files: m.files ?? null,
    pointer,
    fieldPointer,
    isCandidate: false,
    source,
  };
}

function applyCandidateFacts(rec: ModRec, cand: CompositionCandidate): void {
  rec.version = cand.version;
  rec.versionSource = "candidate";
  rec.isCandidate = true;
  for (const f of FACT_FIELDS) {
    if (f === "files") {
      rec.files = cand.files ?? null;
      rec.fieldPointer.files = "/candidate/files";
      continue;
    }
    const value = cand[f];
    if (value !== undefined) {
      rec[f] = value;
      rec.fieldPointer[f] = `/candidate/${f}`;
    }
  }
}

function depNode(r: ModRec): DepNode {
  return {
    key: r.key,
    name: r.name,
    owner: r.owner,
    label: r.label,
    category: r.category,
    variety: r.variety,
    version: r.version,
    availableVersions: r.availableVersions,
    requires: r.requires,
    provides: r.provides,
    pointer: r.pointer,
    requiresPointer: r.fieldPointer.requires,
    providesPointer: r.fieldPointer.provides,
  };
}

export function compose(input: ComposeInput, options: ComposeOptions = {}): ComposeResult {
  const account = input.owner;
  const issues: CompositionIssue[] = [];

  // -- assignments and catalog -------------------------------------------------------------------------
  const template = new Map<string, ModRec>();
  input.modules.forEach((m, i) => {
    const rec = recordOf(m, account, `/modules/${i}`, "template");
    if (template.has(rec.key)) {
      issues.push(
        makeIssue({
          code: C.duplicateModule,
          message: `${rec.label} is assigned more than once; only the first assignment is used.`,
          path: rec.pointer,
          relatedModule: rec.label,
          subject: rec.key,
        }),
      );
      return;
    }
    template.set(rec.key, rec);
  });
  const catalog = new Map<string, ModRec>();
  (input.catalog ?? []).forEach((m, i) => {
    const rec = recordOf(m, account, `/catalog/${i}`, "dependency");
    if (!template.has(rec.key) && !catalog.has(rec.key)) catalog.set(rec.key, rec);
  });

  // -- what-if candidate -------------------------------------------------------------------------------
  const cand = options.candidate !== undefined ? options.candidate : (input.candidate ?? null);
  let candidateInfo: ComposeResult["candidate"] = null;
  if (cand) {
    const owner = cand.owner ?? account;
    const key = `${owner}/${cand.moduleName}`;
    const label = labelFor(owner, cand.moduleName, account);
    const inTemplate = template.get(key);
    const inCatalog = catalog.get(key);
    if (inTemplate) {
      applyCandidateFacts(inTemplate, cand);
      candidateInfo = { module: label, version: cand.version, placement: "template" };
    } else if (inCatalog && !cand.assign) {
      applyCandidateFacts(inCatalog, cand);
      candidateInfo = { module: label, version: cand.version, placement: "catalog" };
    } else {
      const category = cand.category ?? inCatalog?.category;
      const variety = cand.variety ?? inCatalog?.variety;
      const priority = cand.priority ?? inCatalog?.priority;
      if (category === undefined || variety === undefined || priority === undefined) {
        issues.push(
          makeIssue({
            code: C.invalidCandidate,
            message: `The candidate ${label}@${cand.version} is neither assigned nor registered, and gives no category, variety and priority; it was ignored.`,
            path: "/candidate",
            relatedModule: label,
            subject: key,
          }),
        );
      } else {
        const rec = recordOf(
          {
            name: cand.moduleName,
            owner,
            category,
            variety,
            parentModule: cand.parentModule ?? inCatalog?.parentModule ?? null,
            priority,
            ...(inCatalog
              ? {
                  fileSpec: inCatalog.fileSpec,
                  mask: inCatalog.mask,
                  protectedSpec: inCatalog.protectedSpec,
                  requires: inCatalog.requires,
                  provides: inCatalog.provides,
                }
              : {}),
          },
          account,
          "/candidate",
          "template",
        );
        rec.source = "candidate";
        applyCandidateFacts(rec, cand);
        if (inCatalog) catalog.delete(key);
        template.set(key, rec);
        candidateInfo = { module: label, version: cand.version, placement: "added" };
      }
    }
  }

  // -- dependencies (module references) ----------------------------------------------------------------
  const enabled = [...template.values()].filter((r) => r.enabled);
  const disabled = new Map([...template.values()].filter((r) => !r.enabled).map((r) => [r.key, depNode(r)]));
  const catalogNodes = new Map([...catalog.values()].map((r) => [r.key, depNode(r)]));
  const resolution = resolveModuleDependencies({
    owner: account,
    roots: enabled.map(depNode),
    disabled,
    catalog: catalogNodes,
  });
  issues.push(...resolution.issues);
  const recByKey = new Map<string, ModRec>([...catalog, ...template]);

  // -- layers ------------------------------------------------------------------------------------------
  const composed = resolution.nodes.map((n) => recByKey.get(n.key)!);
  const unsorted = composed.map((r) => {
    const position = Object.hasOwn(input.categories, r.category) ? input.categories[r.category] : undefined;
    const derivation = deriveEffectivePriority({
      categorySlug: r.category,
      categoryPosition: position,
      variety: r.variety,
      priority: r.priority,
      override: r.override,
    });
    return { rec: r, derivation, effectivePriority: derivation.effective, name: r.name, owner: r.owner };
  });
  unsorted.sort(compareLayers);
  const layers: Layer[] = unsorted.map(({ rec: r, derivation }, index) => ({
    index,
    name: r.name,
    owner: r.owner,
    label: r.label,
    category: r.category,
    variety: r.variety,
    parentModule: r.parentModule,
    version: r.version,
    versionSource: r.versionSource,
    effectivePriority: derivation.effective,
    derivation,
    source: r.source,
    viaDependencyOf: resolution.via.get(r.key) ?? [],
    isCandidate: r.isCandidate,
    filesKnown: r.files !== null,
    counts: {
      listed: 0,
      shipped: 0,
      winning: 0,
      shadowed: 0,
      droppedByMask: 0,
      droppedByProtection: 0,
      droppedByConflict: 0,
      outsideFileSpec: 0,
      invalidPaths: 0,
      duplicates: 0,
    },
    pointer: r.pointer,
    fileSpec: r.fileSpec,
    mask: r.mask,
    protectedSpec: r.protectedSpec,
    requires: r.requires,
    provides: r.provides,
  }));
  const recs = unsorted.map((u) => u.rec);

  for (const [i, l] of layers.entries()) {
    const r = recs[i]!;
    if (!l.derivation.categoryKnown)
      issues.push(
        makeIssue({
          code: C.unknownCategory,
          message: `${l.label} is in category "${l.category}", which this account does not have; it counts as position 0.`,
          path: r.pointer,
          relatedModule: l.label,
          subject: r.key,
        }),
      );
    if (!Number.isInteger(r.priority) || r.priority < 0 || r.priority > 999)
      issues.push(
        makeIssue({
          code: C.invalidPriority,
          message: `${l.label} has priority ${r.priority}; a module priority is an integer from 0 to 999.`,
          path: `${r.pointer}/priority`,
          relatedModule: l.label,
          subject: `${r.key}|priority`,
        }),
      );
    if (r.override !== null && !Number.isInteger(r.override))
      issues.push(
        makeIssue({
          code: C.invalidPriority,
          message: `${l.label} has effectivePriorityOverride ${r.override}; it must be an integer.`,
          path: `${r.pointer}/effectivePriorityOverride`,
          relatedModule: l.label,
          subject: `${r.key}|override`,
        }),
      );
    if (r.version === null && l.source !== "dependency")
      issues.push(
        makeIssue({
          code: C.noDeployableVersion,
          message: `${l.label} has no version to deploy (no pinned and no live version); nodes will not run it.`,
          path: r.pointer,
          relatedModule: l.label,
          hint: "Pin a blessed version or promote one to live.",
          subject: r.key,
        }),
      );
  }

  // -- capabilities, varieties -------------------------------------------------------------------------
  const caps = resolveCapabilities({ ordered: recs.map(depNode), catalog: catalogNodes });
  issues.push(...caps.issues);
  const dependencies = [...resolution.dependencies, ...caps.dependencies].sort((a, b) =>
    a.from !== b.from ? (a.from < b.from ? -1 : 1) : a.pointer < b.pointer ? -1 : a.pointer > b.pointer ? 1 : 0,
  );
  issues.push(...varietyIssues(layers, recs));

  // -- globs and overlay -------------------------------------------------------------------------------
  // A glob the engine rejects matches nothing and is reported; the rest keep their order in the list.
  const globCache = new Map<string, GlobParse>();
  const compile = (r: ModRec, field: "fileSpec" | "mask" | "protectedSpec"): Glob[] => {
    const out: Glob[] = [];
    r[field].forEach((source, i) => {
      let parsed = globCache.get(source);
      if (parsed === undefined) {
        parsed = parseGlob(source);
        globCache.set(source, parsed);
      }
      if (parsed.glob) {
        out.push(parsed.glob);
        return;
      }
      const problem = parsed.problems.find((p) => p.severity === "error");
      issues.push(
        makeIssue({
          code: C.invalidGlob,
          message: `${r.label}: ${field} glob "${source}" matches nothing: ${problem?.message ?? "it is not a valid glob."}`,
          path: `${r.fieldPointer[field]}/${i}`,
          relatedModule: r.label,
          subject: `${r.key}|${field}|${source}`,
        }),
      );
    });
    return out;
  };
  const overlayInput: OverlayLayerInput[] = layers.map((l, i) => {
    const r = recs[i]!;
    return {
      index: i,
      effectivePriority: l.effectivePriority,
      fileSpec: compile(r, "fileSpec"),
      mask: compile(r, "mask"),
      protectedSpec: compile(r, "protectedSpec"),
      files: r.files,
    };
  });
  const built = buildOverlay(overlayInput);
  const globOverlaps = globLevelOverlaps(overlayInput);
  built.overlay.globOverlaps = globOverlaps;
  layers.forEach((l, i) => {
    l.counts = built.counts[i]!;
  });

  issues.push(...overlayIssues(layers, recs, built, globOverlaps));

  sortIssues(issues);
  return {
    layers,
    dependencies,
    overlay: built.overlay,
    errors: issues.filter((i) => i.severity === "error"),
    warnings: issues.filter((i) => i.severity === "warning"),
    conflicts: issues.filter((i) => i.severity === "conflict"),
    candidate: candidateInfo,
  };
}

function varietyIssues(layers: readonly Layer[], recs: readonly ModRec[]): CompositionIssue[] {
  const out: CompositionIssue[] = [];
  const instances = new Map<string, Layer[]>();
  for (const l of layers) {
    if (l.variety !== "instance") continue;
    const list = instances.get(l.category) ?? [];
    list.push(l);
    instances.set(l.category, list);
  }
  for (const [category, list] of [...instances].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    if (list.length < 2) continue;
    const top = list[list.length - 1]!;
    out.push(
      makeIssue({
        code: C.multipleInstances,
        message: `Category ${category} has ${list.length} instance-variety modules: ${list
          .map((l) => l.label)
          .sort()
          .join(", ")}; a composition normally has at most one per category.`,
        path: recs[top.index]!.pointer,
        relatedModule: top.label,
        subject: category,
      }),
    );
  }
  for (const l of layers) {
    if (l.variety !== "config") continue;
    const r = recs[l.index]!;
    if (l.parentModule === null) {
      out.push(
        makeIssue({
          code: C.missingParent,
          message: `${l.label} is a config module but names no parent module.`,
          path: r.pointer,
          relatedModule: l.label,
          subject: r.key,
        }),
      );
      continue;
    }
    const parent = layers.find((p) => p.name === l.parentModule && p.owner === l.owner);
    if (parent === undefined) {
      out.push(
        makeIssue({
          code: C.missingParent,
          message: `${l.label} configures ${l.parentModule}, which is not part of this composition.`,
          path: r.pointer,
          relatedModule: l.label,
          hint: `Assign ${l.parentModule} to the template, or remove ${l.label}.`,
          subject: r.key,
        }),
      );
    } else if (parent.index > l.index) {
      out.push(
        makeIssue({
          code: C.configBelowParent,
          message: `${l.label} configures ${parent.label} but sits below it (${l.effectivePriority} < ${parent.effectivePriority}), so ${parent.label} wins every path both ship.`,
          path: r.pointer,
          relatedModule: l.label,
          hint: "Config modules normally rank above their parent; check the category or the effective priority override.",
          subject: r.key,
        }),
      );
    }
  }
  return out;
}

function overlayIssues(
  layers: readonly Layer[],
  recs: readonly ModRec[],
  built: ReturnType<typeof buildOverlay>,
  overlaps: ReturnType<typeof globLevelOverlaps>,
): CompositionIssue[] {
  const out: CompositionIssue[] = [];
  const L = (i: number): Layer => layers[i]!;
  const R = (i: number): ModRec => recs[i]!;
  const globPointer = (i: number, field: "fileSpec" | "protectedSpec", glob: string | null): string => {
    const idx = glob === null ? -1 : R(i)[field].indexOf(glob);
    return idx >= 0 ? `${R(i).fieldPointer[field]}/${idx}` : R(i).pointer;
  };

  // Protected-path conflicts, one issue per pair of layers.
  const conflictPairs = new Map<string, { a: number; b: number; globs: Array<[string, string]>; files: PairFinding | null }>();
  for (const o of overlaps) {
    if (o.kind !== "protected_conflict") continue;
    const k = `${o.layerA},${o.layerB}`;
    const entry = conflictPairs.get(k) ?? { a: o.layerA, b: o.layerB, globs: [], files: null };
    entry.globs.push([o.globA, o.globB]);
    conflictPairs.set(k, entry);
  }
  for (const [k, f] of built.protectedConflicts) {
    const entry = conflictPairs.get(k) ?? { a: f.a, b: f.b, globs: [[f.globA ?? "", f.globB ?? ""]], files: null };
    entry.files = f;
    conflictPairs.set(k, entry);
  }
  for (const e of conflictPairs.values()) {
    const a = L(e.a);
    const b = L(e.b);
    const globs = e.globs.map(([x, y]) => (x === y ? `"${x}"` : `"${x}" / "${y}"`)).join(", ");
    const files = e.files
      ? ` ${plural(e.files.count, "listed file")} affected, e.g. ${e.files.example}.`
      : " No listed file is affected yet.";
    out.push(
      makeIssue({
        code: C.protectedConflict,
        message: `${a.label} and ${b.label} both protect the same paths (${globs}); neither ships them.${files}`,
        path: globPointer(e.b, "protectedSpec", e.globs[0]?.[1] ?? null),
        relatedModule: b.label,
        hint: "A path may be protected by one module only: remove it from one protected_spec.",
        subject: `${R(e.a).key}|${R(e.b).key}`,
      }),
    );
  }

  // Copies dropped by another module's protection.
  const drops = new Map<string, { a: number; b: number; text: string; glob: string | null; fsGlob: string | null }>();
  for (const f of built.protectedDrops.values()) {
    drops.set(`${f.a},${f.b}`, {
      a: f.a,
      b: f.b,
      glob: f.globB,
      fsGlob: null,
      text: `${plural(f.count, "listed file")} of ${L(f.a).label} (e.g. ${f.example}) ${f.count === 1 ? "is" : "are"} dropped because ${L(f.b).label} protects "${f.globB}".`,
    });
  }
  for (const o of overlaps) {
    if (o.kind !== "protected_drop") continue;
    const k = `${o.layerA},${o.layerB}`;
    if (drops.has(k)) continue;
    drops.set(k, {
      a: o.layerA,
      b: o.layerB,
      glob: o.globB,
      fsGlob: o.globA,
      text: `${L(o.layerA).label}'s file_spec "${o.globA}" reaches into "${o.globB}"${o.example ? ` (both match ${o.example})` : ""}, which ${L(o.layerB).label} protects; those paths would be dropped from ${L(o.layerA).label}.`,
    });
  }
  for (const d of drops.values()) {
    out.push(
      makeIssue({
        code: C.protectedDrop,
        message: d.text,
        path: d.fsGlob !== null ? globPointer(d.a, "fileSpec", d.fsGlob) : R(d.a).fieldPointer.files,
        relatedModule: L(d.a).label,
        hint: `Only ${L(d.b).label} may ship paths it protects: mask them in ${L(d.a).label} or drop the protection.`,
        subject: `${R(d.a).key}|${R(d.b).key}`,
      }),
    );
  }

  // Ambiguous order.
  const ambiguous = new Map<string, { a: number; b: number; text: string }>();
  for (const f of built.ambiguous.values())
    ambiguous.set(`${f.a},${f.b}`, { a: f.a, b: f.b, text: `both ship ${plural(f.count, "path")} (e.g. ${f.example})` });
  for (const o of overlaps) {
    if (o.kind !== "shadow" || !o.ambiguous) continue;
    const k = `${o.layerA},${o.layerB}`;
    if (!ambiguous.has(k)) ambiguous.set(k, { a: o.layerA, b: o.layerB, text: `have overlapping file_spec globs ("${o.globA}", "${o.globB}")` });
  }
  for (const x of ambiguous.values()) {
    const a = L(x.a);
    const b = L(x.b);
    out.push(
      makeIssue({
        code: C.ambiguousOrder,
        message: `${a.label} and ${b.label} have the same effective priority ${a.effectivePriority} and ${x.text}; ${b.label} wins only because of name order.`,
        path: R(x.b).pointer,
        relatedModule: b.label,
        hint: "Set an effective priority override on one assignment (or change a module priority) to make the order explicit.",
        subject: `${R(x.a).key}|${R(x.b).key}`,
      }),
    );
  }

  for (const f of built.outsideFileSpec.values()) {
    const l = L(f.a);
    out.push(
      makeIssue({
        code: C.outsideFileSpec,
        message: `${plural(f.count, "listed file")} of ${l.label} ${f.count === 1 ? "matches" : "match"} none of its file_spec globs and are not shipped, e.g. ${f.example}.`,
        path: R(f.a).fieldPointer.files,
        relatedModule: l.label,
        hint: "The file list and file_spec disagree: widen file_spec or fix the build.",
        subject: R(f.a).key,
      }),
    );
  }
  for (const f of built.invalidPaths.values()) {
    const l = L(f.a);
    out.push(
      makeIssue({
        code: C.invalidPath,
        message: `${plural(f.count, "file list entry", "file list entries")} of ${l.label} ${f.count === 1 ? "is not an absolute file path and was" : "are not absolute file paths and were"} ignored, e.g. "${f.example}".`,
        path: R(f.a).fieldPointer.files,
        relatedModule: l.label,
        subject: R(f.a).key,
      }),
    );
  }
  return out;
}
