/**
 * `strata compose <composition.yaml> [--json] [--paths | --contested]` — the author's dry run before pushing:
 * composes local manifests (and file lists) exactly as Strata's compose preview does and prints the layers,
 * dependencies, errors, warnings and conflicts; with --paths the per-path overlay.
 */
import path from "node:path";
import { parseArgs } from "node:util";
import { parse as parseYaml } from "yaml";
import * as z from "zod";
import {
  compose,
  healthOf,
  overlayEntries,
  toExternalComposeResult,
  type ComposeInput,
  type ComposeModule,
  type ComposeResult,
  type CompositionIssue,
} from "../domain/composition";
import { extractCompositionFacts } from "../domain/manifest/facts";
import { plural } from "../domain/plural";
import { EXIT_INVALID, EXIT_OK, EXIT_USAGE, UsageError, type CliIo, type Command } from "./command";

const USAGE = `Usage: strata compose <composition.yaml> [--json] [--paths | --contested]

Composes local module manifests the way Strata's compose preview does: layer order with the derivation of each
effective priority, dependency resolution, and errors, warnings and conflicts; with file lists, who wins each
path.

  <composition.yaml>   the composition file (paths inside it are relative to it)
  --json               print the compose preview object (snake_case), as GET .../compose_preview returns it
  --paths              also print every path of the overlay: winner, shadowed layers, dropped copies
  --contested          like --paths, but only contested paths (shadowed, dropped or protected twice)

Composition file:
  owner: powernode                 # the account slug used by requires
  categories: {userland: 90}       # optional; merged over the five default positions
  modules:
    - manifest: base/manifest.yaml
      category: system-base
      variety: subscription        # default; or config, instance
      parent_module: nginx         # optional; the module a config module overrides
      priority: 0                  # default; 0-999
      version: 1.4.2               # default 1.0.0; used by requires ranges
      files: base/file-list.txt    # optional; one absolute path per line
      effective_priority: 95000    # optional override
      enabled: true                # default

Exit status: 0 no composition errors (warnings and conflicts allowed), 1 errors, 2 usage or I/O error.`;

export const DEFAULT_CATEGORIES: Readonly<Record<string, number>> = {
  "system-base": 10,
  "security-hardening": 20,
  "network-overlay": 60,
  "container-runtimes": 70,
  userland: 90,
};

const MAX_COMPOSITION_BYTES = 1024 * 1024;
const MAX_FILE_LIST_BYTES = 256 * 1024 * 1024;
const slug = z.string().regex(/^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/, "lowercase letters, digits and dashes");

export const compositionFileSchema = z.strictObject({
  owner: slug,
  categories: z.record(slug, z.number().int("a whole number").min(0, "0 or more").max(1_000_000)).optional(),
  modules: z
    .array(
      z.strictObject({
        manifest: z.string().min(1, "the manifest file"),
        category: slug,
        variety: z.enum(["subscription", "config", "instance"]).default("subscription"),
        parent_module: z.string().min(1).max(64).optional(),
        priority: z.number().int("a whole number").min(0, "0 to 999").max(999, "0 to 999").default(0),
        version: z.string().min(1).max(100).default("1.0.0"),
        files: z.string().min(1).optional(),
        effective_priority: z.number().int("a whole number").optional(),
        enabled: z.boolean().default(true),
      }),
    )
    .min(1, "at least one module")
    .max(5000),
});
export type CompositionFile = z.output<typeof compositionFileSchema>;

/** `modules.2.priority: 0 to 999` — one line per problem, zod's path joined the way it appears in the file. */
function zodProblems(error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    const where = issue.path.length ? issue.path.map(String).join(".") : "(top level)";
    if (issue.code === "unrecognized_keys") return `${where}: unknown ${plural(issue.keys.length, "key", { withCount: false })} ${issue.keys.join(", ")}`;
    return `${where}: ${issue.message}`;
  });
}

class InputError extends Error {
  override name = "InputError";
}

function readError(file: string, e: unknown): InputError {
  const code = (e as { code?: unknown }).code;
  const reason = code === "ENOENT" ? "no such file" : code === "EISDIR" ? "is a directory" : e instanceof Error ? e.message : String(e);
  return new InputError(`cannot read ${file}: ${reason}`);
}

async function readText(io: CliIo, file: string, display: string, max: number): Promise<string> {
  let bytes: Uint8Array;
  try {
    bytes = await io.readFile(file);
  } catch (e) {
    throw readError(display, e);
  }
  if (bytes.byteLength > max) throw new InputError(`${display} is larger than ${Math.round(max / 1024)} KiB`);
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new InputError(`${display} is not valid UTF-8`);
  }
}

/** Reads a composition file and everything it names into the engine's input. Throws InputError on bad input. */
export async function loadComposition(io: CliIo, file: string): Promise<ComposeInput> {
  const text = await readText(io, file, file, MAX_COMPOSITION_BYTES);
  let raw: unknown;
  try {
    raw = parseYaml(text, { maxAliasCount: 100, prettyErrors: true });
  } catch (e) {
    throw new InputError(`${file} is not valid YAML: ${e instanceof Error ? e.message.split("\n")[0] : String(e)}`);
  }
  const parsed = compositionFileSchema.safeParse(raw);
  if (!parsed.success) throw new InputError(`${file} is not a valid composition file:\n${zodProblems(parsed.error).map((p) => `  ${p}`).join("\n")}`);
  const doc = parsed.data;
  const dir = path.dirname(file);
  const display = (p: string) => path.join(path.dirname(file), p);
  const modules: ComposeModule[] = [];
  for (const [i, m] of doc.modules.entries()) {
    const manifestPath = path.resolve(dir, m.manifest);
    const facts = extractCompositionFacts(await readText(io, manifestPath, display(m.manifest), 256 * 1024));
    if (!facts.ok) throw new InputError(`modules.${i}.manifest: ${display(m.manifest)} cannot be composed:\n${facts.problems.map((p) => `  ${p}`).join("\n")}`);
    const name = facts.facts.name;
    if (!name) throw new InputError(`modules.${i}.manifest: ${display(m.manifest)} has no name`);
    let files: string[] | null = null;
    if (m.files) {
      const list = await readText(io, path.resolve(dir, m.files), display(m.files), MAX_FILE_LIST_BYTES);
      files = list.split("\n").map((l) => l.replace(/\r$/, "")).filter((l) => l.trim() !== "");
    }
    modules.push({
      name,
      category: m.category,
      variety: m.variety,
      parentModule: m.parent_module ?? null,
      priority: m.priority,
      effectivePriorityOverride: m.effective_priority ?? null,
      enabled: m.enabled,
      version: m.version,
      versionSource: "live",
      fileSpec: facts.facts.fileSpec,
      mask: facts.facts.mask,
      protectedSpec: facts.facts.protectedSpec,
      requires: facts.facts.requires,
      provides: facts.facts.provides,
      files,
    });
  }
  return { owner: doc.owner, categories: { ...DEFAULT_CATEGORIES, ...(doc.categories ?? {}) }, modules };
}

// ---------------------------------------------------------------------------------------------------------
// Text output

/** Compose summaries count paths, which run to hundreds of thousands: grouped like the console shows them. */
function count(n: number, word: string): string {
  return plural(n, word, { thousands: true });
}

function pad(text: string, width: number): string {
  return text.length >= width ? text : text + " ".repeat(width - text.length);
}

function formatIssue(issue: CompositionIssue): string {
  const head = `  ${issue.severity} ${issue.code}: ${issue.message}`;
  const hint = issue.hint ? `\n      hint: ${issue.hint.replace(/\n/g, "\n            ")}` : "";
  return head + hint;
}

export function formatComposition(file: string, r: ComposeResult, paths: "none" | "all" | "contested"): string {
  const out: string[] = [];
  const o = r.overlay;
  out.push(`${file}: ${count(r.layers.length, "layer")}, ${count(o.pathCount, "path")} (${o.mode}), ${count(o.contestedCount, "contested path")}`);
  out.push("");
  out.push("Layers (top wins; bottom = lowest effective priority):");
  const nameWidth = Math.max(6, ...r.layers.map((l) => `${l.label} ${l.version ?? "-"}`.length));
  const kindWidth = Math.max(6, ...r.layers.map((l) => `${l.category} · ${l.variety}`.length));
  for (const l of [...r.layers].reverse()) {
    const c = l.counts;
    const via = l.viaDependencyOf.length ? `  via ${l.viaDependencyOf.join(", ")}` : "";
    const files = l.filesKnown
      ? `  files: ${c.shipped} shipped, ${c.winning} winning, ${c.shadowed} shadowed, ${c.droppedByMask + c.droppedByProtection + c.droppedByConflict + c.outsideFileSpec} dropped`
      : "  files: unknown (globs only)";
    out.push(`  ${String(l.effectivePriority).padStart(7)}  ${pad(`${l.label} ${l.version ?? "-"}`, nameWidth)}  ${pad(`${l.category} · ${l.variety}`, kindWidth)}  ${l.derivation.text}${via}`);
    out.push(`  ${" ".repeat(7)}  ${files}`);
  }
  out.push("");
  out.push(`Dependencies (${r.dependencies.length}):`);
  if (r.dependencies.length === 0) out.push("  none");
  for (const d of r.dependencies) {
    const resolved =
      d.status === "satisfied"
        ? d.kind === "capability"
          ? `provided by ${d.providers.join(", ")}`
          : `${d.resolvedModule}${d.resolvedVersion ? ` ${d.resolvedVersion}` : ""}${d.pulledIn ? " (pulled in)" : ""}`
        : d.status.toUpperCase();
    out.push(`  ${d.from} → ${d.requirement}: ${resolved}`);
  }
  for (const [title, issues] of [
    ["Errors", r.errors],
    ["Warnings", r.warnings],
    ["Conflicts", r.conflicts],
  ] as const) {
    out.push("");
    out.push(`${title} (${issues.length}):`);
    if (issues.length === 0) out.push("  none");
    for (const issue of issues) out.push(formatIssue(issue));
  }
  if (o.globOverlaps.length > 0) {
    out.push("");
    out.push(`Glob-level overlaps (${o.globOverlaps.length}; file lists unknown):`);
    for (const g of o.globOverlaps.slice(0, 200)) {
      const a = r.layers[g.layerA]?.label;
      const b = r.layers[g.layerB]?.label;
      out.push(`  ${g.kind}${g.ambiguous ? " (ambiguous order)" : ""}: ${a} ${g.globA} ↔ ${b} ${g.globB}${g.example ? ` (both match ${g.example})` : ""}`);
    }
    if (o.globOverlaps.length > 200) out.push(`  … ${o.globOverlaps.length - 200} more (use --json)`);
  }
  if (paths !== "none") {
    out.push("");
    out.push(paths === "contested" ? "Contested paths:" : "Paths:");
    for (const e of overlayEntries(r, { contestedOnly: paths === "contested", sorted: true })) {
      const parts = [e.winner ?? "(nobody ships it)"];
      if (e.shadowed.length) parts.push(`shadows ${e.shadowed.join(", ")}`);
      for (const d of e.dropped) {
        const by = d.byModule ? ` by ${d.byModule}` : "";
        parts.push(`dropped ${d.module} (${d.reason.replace(/_/g, " ")}${by}${d.glob ? `: ${d.glob}` : ""})`);
      }
      if (e.protectors) parts.push(`protected by ${e.protectors.join(" and ")}`);
      out.push(`  ${e.path}  ${parts.join("; ")}`);
    }
  }
  // Nothing is accepted locally: any error means the template could not be saved without an override.
  const health = healthOf(r, []);
  out.push("");
  out.push(`${file}: ${health.status === "errors" ? "does not compose" : "composes"} (${count(health.errors, "error")}, ${count(health.warnings, "warning")}, ${count(health.conflicts, "conflict")})`);
  return out.join("\n") + "\n";
}

export const composeCommand: Command = {
  usage: USAGE,
  async run(args: string[], io: CliIo): Promise<number> {
    let parsed;
    try {
      parsed = parseArgs({
        args,
        allowPositionals: true,
        strict: true,
        options: {
          json: { type: "boolean", default: false },
          paths: { type: "boolean", default: false },
          contested: { type: "boolean", default: false },
        },
      });
    } catch (e) {
      throw new UsageError(e instanceof Error ? e.message : String(e));
    }
    const { positionals, values } = parsed;
    if (positionals.length !== 1) {
      throw new UsageError(positionals.length === 0 ? "missing the composition file" : `expected one composition file, got ${positionals.length}`);
    }
    if (values.paths && values.contested) throw new UsageError("--paths and --contested cannot be combined");
    const file = positionals[0]!;
    let input: ComposeInput;
    try {
      input = await loadComposition(io, file);
    } catch (e) {
      if (e instanceof InputError) {
        io.stderr(`strata compose: ${e.message}\n`);
        return EXIT_USAGE;
      }
      throw e;
    }
    const result = compose(input);
    const paths = values.paths ? "all" : values.contested ? "contested" : "none";
    if (values.json) {
      io.stdout(JSON.stringify(toExternalComposeResult(result, { includePaths: paths === "none" ? false : paths }), null, 2) + "\n");
    } else {
      io.stdout(formatComposition(file, result, paths));
    }
    // The server's health rule (docs/templates.md): errors block, warnings and conflicts do not.
    return healthOf(result, []).status === "errors" ? EXIT_INVALID : EXIT_OK;
  },
};
