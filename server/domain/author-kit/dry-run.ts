/**
 * `strata dry-run` (docs/cli.md): what a build of this module repository would ship, without building it. Pure: the
 * CLI reads manifest.yaml and rootfs/ and hands them here. The file rule is the composition's (docs/globs.md): a
 * path ships when a file_spec glob covers it and no mask glob covers it; another module's protected_spec drops it
 * when both are composed.
 */
import { parseGlob, type Glob } from "../glob";
import { validateManifest, type ValidationResult } from "../manifest/validate";
import { parseManifestYaml } from "../manifest/parse";
import { extractCompositionFacts } from "../manifest/facts";
import { findPlaceholders, instanceBindings, isKnownPlaceholder, renderPlaceholders, type InstanceMetadata } from "../instance-metadata/placeholders";

/** Bounds: the same as ingest's file list (docs/ingest.md), so a tree the dry run accepts, ingest accepts. */
export const DRY_RUN_LIMITS = { files: 200_000, placeholderScanBytes: 1024 * 1024 } as const;

export interface DryRunFile {
  /** The path on the node: absolute, `/`-separated (rootfs/etc/x → /etc/x). */
  path: string;
  /** The text, when it was read as UTF-8 (placeholders are looked for in it); null for binary or large files. */
  text?: string | null;
}

export interface ProtectedBy {
  module: string;
  protectedSpec: readonly string[];
}

export interface DryRunInput {
  manifestYaml: string | Uint8Array;
  files: readonly DryRunFile[];
  /** Other modules of the account (`--remote`): their protected_spec drops our paths when both are composed. */
  otherModules?: readonly ProtectedBy[];
  /** `--instance-metadata`: render `${instance.*}` as one node would get it. */
  instanceMetadata?: InstanceMetadata | null;
}

export interface DryRunResult {
  validation: ValidationResult;
  /** The parsed manifest (what dist/manifest.json holds); null when the YAML does not parse. */
  manifest: unknown;
  /** Paths that ship, sorted. */
  fileList: string[];
  /** package_spec entries, in manifest order. */
  packageList: string[];
  /** Files in rootfs/ no file_spec glob covers: they will not ship. */
  notCovered: string[];
  /** Files a file_spec glob covers but the module's own mask removes. */
  masked: string[];
  /** file_spec globs that cover no file of rootfs/ (they may still match packages' files). */
  unmatchedGlobs: string[];
  /** Shipped paths another module of the account protects: dropped whenever both are composed. */
  protectedElsewhere: { path: string; module: string; glob: string }[];
  /** Files that use `${instance.*}` placeholders, with what each would render to (when metadata was given). */
  placeholders: { path: string; names: string[]; missing: string[]; unknown: string[]; rendered: string | null }[];
}

function compile(sources: readonly string[]): { source: string; glob: Glob }[] {
  const out: { source: string; glob: Glob }[] = [];
  for (const source of sources) {
    const { glob } = parseGlob(source);
    if (glob) out.push({ source, glob });
  }
  return out;
}

export function dryRun(input: DryRunInput): DryRunResult {
  const validation = validateManifest({ manifestYaml: input.manifestYaml });
  const parsed = parseManifestYaml(input.manifestYaml);
  const manifest = parsed.hasValue && parsed.issues.every((i) => i.severity !== "error") ? parsed.value : null;
  const facts = extractCompositionFacts(input.manifestYaml);
  const fileSpec = compile(facts.ok ? facts.facts.fileSpec : []);
  const mask = compile(facts.ok ? facts.facts.mask : []);
  const packageList = packageSpecOf(manifest);

  const paths = [...new Set(input.files.map((f) => f.path))].sort();
  const fileList: string[] = [];
  const notCovered: string[] = [];
  const masked: string[] = [];
  const used = new Set<string>();
  for (const path of paths) {
    const covering = fileSpec.filter((g) => g.glob.covers(path));
    if (covering.length === 0) {
      notCovered.push(path);
      continue;
    }
    for (const g of covering) used.add(g.source);
    if (mask.some((g) => g.glob.covers(path))) masked.push(path);
    else fileList.push(path);
  }
  const unmatchedGlobs = fileSpec.filter((g) => !used.has(g.source)).map((g) => g.source);

  const ownName = facts.ok ? facts.facts.name : null;
  const others = (input.otherModules ?? []).filter((m) => m.module !== ownName).map((m) => ({ module: m.module, globs: compile(m.protectedSpec) }));
  const protectedElsewhere: DryRunResult["protectedElsewhere"] = [];
  for (const path of fileList) {
    for (const other of others) {
      const hit = other.globs.find((g) => g.glob.covers(path));
      if (hit) protectedElsewhere.push({ path, module: other.module, glob: hit.source });
    }
  }

  const shipped = new Set(fileList);
  const bindings = input.instanceMetadata ? instanceBindings(input.instanceMetadata) : null;
  const placeholders: DryRunResult["placeholders"] = [];
  for (const file of input.files) {
    if (!shipped.has(file.path) || typeof file.text !== "string") continue;
    const names = findPlaceholders(file.text);
    if (names.length === 0) continue;
    const unknown = names.filter((n) => !isKnownPlaceholder(n));
    if (bindings) {
      const r = renderPlaceholders(file.text, bindings);
      placeholders.push({ path: file.path, names, missing: r.missing, unknown, rendered: r.text });
    } else {
      placeholders.push({ path: file.path, names, missing: [], unknown, rendered: null });
    }
  }
  placeholders.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));

  return { validation, manifest, fileList, packageList, notCovered, masked, unmatchedGlobs, protectedElsewhere, placeholders };
}

function packageSpecOf(manifest: unknown): string[] {
  if (manifest === null || typeof manifest !== "object" || Array.isArray(manifest)) return [];
  const spec = (manifest as Record<string, unknown>).package_spec;
  return Array.isArray(spec) ? spec.filter((p): p is string => typeof p === "string") : [];
}
