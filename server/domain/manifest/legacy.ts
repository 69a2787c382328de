/**
 * Older manifests (docs/manifest-validation.md) use shapes schema_version 1 does not accept. Rather than a generic
 * "unknown key", each shape gets an issue saying exactly what changed, and — where the document is block-style YAML, as
 * real manifests are — a QuickFix whose text edits the editor (or `applyQuickFix`) can apply. Fixes are computed from
 * node offsets and rewrite whole lines, so comments elsewhere in the file survive.
 */
import { isMap, isScalar, isSeq, type Pair, type YAMLMap } from "yaml";
import type { Issue, QuickFix, TextEdit } from "../issues";
import type { ParsedManifest } from "./parse";
import { CONSOLE_PLACES } from "../console-places";
import { keyString } from "./parse";
import { toPointer } from "./pointer";
import { toSnakeCase } from "./suggest";
import { detectEol, LineIndex } from "./text";

type AnyPair = Pair<unknown, unknown>;

/** Module fields that live on the registration (docs/domain-model.md), with how the module page names them. */
const REGISTRATION_FIELDS: Readonly<Record<string, string>> = {
  category: "category",
  variety: "variety",
  parent_module: "parent module",
  cosign_identity_regexp: "cosign identity regexp",
  cosign_issuer_regexp: "cosign issuer regexp",
  priority: "priority",
  visibility: "visibility",
  repository_url: "repository URL",
};

const LIFECYCLE_KEYS = new Set(["state", "status", "lifecycle", "lifecycle_state", "promotion_state"]);
const LIFECYCLE_WORDS: Readonly<Record<string, string | null>> = {
  draft: "built",
  archived: "retired",
  built: null,
  staging: null,
  blessed: null,
  live: null,
  retired: null,
};

export interface LegacyAnalysis {
  issues: Issue[];
  /** JSON pointers the legacy issues already explain; schema issues at or under them are not repeated. */
  claimed: string[];
  /** Keys found inside an `identity:` wrapper; they count as present for "missing required key" purposes. */
  wrappedKeys: Set<string>;
}

export interface LegacyOptions {
  /** The category the module is registered in, to point out a contradicting `category:` line. */
  categorySlug?: string;
}

function scalarText(node: unknown): string | null {
  return isScalar(node) && (typeof node.value === "string" || typeof node.value === "number" || typeof node.value === "boolean")
    ? String(node.value)
    : null;
}

class FixBuilder {
  readonly lines: LineIndex;
  readonly eol: string;

  constructor(readonly parsed: ParsedManifest) {
    this.lines = parsed.lines;
    this.eol = detectEol(parsed.text);
  }

  get text(): string {
    return this.parsed.text;
  }

  /** Offset just past the line break ending the line that contains `offset`. */
  private afterLine(offset: number): number {
    const end = this.lines.lineEnd(offset);
    return end < this.text.length ? end + 1 : end;
  }

  /** The whole lines a block-mapping pair occupies, or null when the pair shares a line with something else. */
  pairRegion(pair: AnyPair): [number, number] | null {
    const key = this.parsed.nodeOffsets(pair.key);
    if (!key) return null;
    const lineStart = this.lines.lineStart(key[0]);
    if (this.text.slice(lineStart, key[0]).trim() !== "") return null;
    const value = this.parsed.nodeOffsets(pair.value);
    const end = value ? value[1] : key[1];
    return [lineStart, this.afterLine(Math.max(end - 1, key[0]))];
  }

  /** Offset of the last character of a node. */
  nodeLastChar(node: unknown): number | null {
    const o = this.parsed.nodeOffsets(node);
    return o ? o[1] - 1 : null;
  }

  edit(start: number, end: number, text: string): TextEdit {
    return { range: this.lines.range(start, end), text };
  }

  removePair(pair: AnyPair, title: string): QuickFix | undefined {
    const region = this.pairRegion(pair);
    if (!region) return undefined;
    return { title, edits: [this.edit(region[0], region[1], "")] };
  }

  /** Source text of a list item, or null when it spans lines (re-indenting it is not worth the risk). */
  itemSource(node: unknown): string | null {
    const o = this.parsed.nodeOffsets(node);
    if (!o) return null;
    const s = this.text.slice(o[0], o[1]);
    return s.includes("\n") ? null : s;
  }

  /** Items of a list value (a scalar counts as a one-item list), as [value, source] pairs; null if unusable. */
  listItems(node: unknown): Array<{ value: string; source: string }> | null {
    if (node === null || node === undefined) return [];
    if (isScalar(node) && node.value === null) return [];
    if (isScalar(node)) {
      const source = this.itemSource(node);
      return source === null ? null : [{ value: String(node.value), source }];
    }
    if (!isSeq(node)) return null;
    const out: Array<{ value: string; source: string }> = [];
    for (const item of node.items) {
      const source = this.itemSource(item);
      if (source === null) return null;
      out.push({ value: scalarText(item) ?? source, source });
    }
    return out;
  }

  blockList(key: string, items: Array<{ source: string }>): string {
    if (items.length === 0) return `${key}: []${this.eol}`;
    return `${key}:${this.eol}` + items.map((i) => `  - ${i.source}${this.eol}`).join("");
  }
}

function rootBlockMap(parsed: ParsedManifest): YAMLMap<unknown, unknown> | null {
  const root = parsed.doc?.contents;
  return isMap(root) ? root : null;
}

function findPair(map: YAMLMap<unknown, unknown>, key: string): AnyPair | undefined {
  return map.items.find((p) => keyString(p.key) === key);
}

export function detectLegacyShapes(parsed: ParsedManifest, options: LegacyOptions = {}): LegacyAnalysis {
  const result: LegacyAnalysis = { issues: [], claimed: [], wrappedKeys: new Set() };
  const root = rootBlockMap(parsed);
  if (!root) return result;
  const fb = new FixBuilder(parsed);
  const blockRoot = !root.flow;

  const keyRange = (pair: AnyPair) => parsed.nodeRange(pair.key) ?? parsed.valueRange([]);

  const checkFieldsOf = (map: YAMLMap<unknown, unknown>, prefix: string[], blockStyle: boolean) => {
    for (const pair of map.items) {
      const key = keyString(pair.key);
      const snake = toSnakeCase(key);
      const path = [...prefix, key];
      const registration = REGISTRATION_FIELDS[snake];
      if (registration !== undefined) {
        const value = scalarText(pair.value);
        const contradicts =
          snake === "category" && value !== null && options.categorySlug !== undefined && value !== options.categorySlug
            ? ` (the module is registered in \`${options.categorySlug}\`, not \`${value}\`)`
            : "";
        result.claimed.push(toPointer(path));
        const fix = blockStyle ? fb.removePair(pair, `Remove \`${key}\` from the manifest`) : undefined;
        result.issues.push({
          code: "legacy.registration_field",
          severity: "error",
          message: `\`${key}\` is a registration field, not a manifest field${contradicts}: it is set once on the module's page and applies to every version.`,
          path: toPointer(path),
          range: keyRange(pair),
          hint: `Remove it here and set the ${registration} on ${CONSOLE_PLACES.moduleRegistration.text}.`,
          ...(fix ? { fix } : {}),
        });
        continue;
      }
      if (LIFECYCLE_KEYS.has(snake)) {
        const word = scalarText(pair.value)?.toLowerCase();
        if (word === undefined || !(word in LIFECYCLE_WORDS)) continue;
        const renamed = LIFECYCLE_WORDS[word];
        result.claimed.push(toPointer(path));
        const fix = blockStyle ? fb.removePair(pair, `Remove \`${key}: ${word}\``) : undefined;
        result.issues.push({
          code: "legacy.lifecycle_state",
          severity: "error",
          message:
            (renamed ? `\`${word}\` is the old name of \`${renamed}\`, and a` : "A") +
            " lifecycle state is not part of the manifest: each version's state (built → staging → blessed → live → retired) is tracked by the promotion pipeline.",
          path: toPointer(path),
          range: parsed.nodeRange(pair.value) ?? keyRange(pair),
          hint: `Remove \`${key}:\`; promote, demote or retire versions from the pipeline instead.`,
          ...(fix ? { fix } : {}),
        });
      }
    }
  };

  checkFieldsOf(root, [], blockRoot);

  // identity: { name, schema_version, ... } → top-level keys
  const identity = findPair(root, "identity");
  if (identity && isMap(identity.value)) {
    const inner = identity.value;
    const innerKeys = inner.items.map((p) => keyString(p.key));
    for (const k of innerKeys) result.wrappedKeys.add(k);
    result.claimed.push("/identity");
    const collisions = innerKeys.filter((k) => k !== "identity" && findPair(root, k) !== undefined);
    const fix = blockRoot && collisions.length === 0 ? identityFix(fb, parsed, identity, inner) : undefined;
    result.issues.push({
      code: "legacy.identity_wrapper",
      severity: "error",
      message:
        "The `identity:` wrapper is an older manifest shape; schema_version 1 has flat top-level keys" +
        (innerKeys.length > 0 ? ` (${innerKeys.map((k) => `\`${k}\``).join(", ")}).` : "."),
      path: "/identity",
      range: keyRange(identity),
      hint:
        collisions.length > 0
          ? `Move the keys out of identity: to the top level; ${collisions.map((k) => `\`${k}\``).join(", ")} already exist there, so keep one of each.`
          : "Move its keys to the top level and delete the `identity:` line.",
      ...(fix ? { fix } : {}),
    });
    checkFieldsOf(inner, ["identity"], blockRoot && !inner.flow);
  }

  // file_spec: { include: [...], mask: [...] } → file_spec: [...] + top-level mask
  const fileSpec = findPair(root, "file_spec");
  if (fileSpec && isMap(fileSpec.value)) {
    const inner = fileSpec.value;
    const include = findPair(inner, "include");
    const mask = findPair(inner, "mask");
    const others = inner.items.map((p) => keyString(p.key)).filter((k) => k !== "include" && k !== "mask");
    result.claimed.push("/file_spec");
    const fix = blockRoot && others.length === 0 ? fileSpecFix(fb, root, fileSpec, include, mask) : undefined;
    result.issues.push({
      code: "legacy.file_spec_object",
      severity: "error",
      message:
        "`file_spec` with `include:`/`mask:` is an older manifest shape; schema_version 1 makes file_spec a plain list of globs and mask a top-level list." +
        (others.length > 0 ? ` It also contains ${others.map((k) => `\`${k}\``).join(", ")}, which has no equivalent.` : ""),
      path: "/file_spec",
      range: keyRange(fileSpec),
      hint: "Put the include globs directly under file_spec: and move the mask globs to a top-level mask: list (merged with any existing one).",
      ...(fix ? { fix } : {}),
    });
  }

  return result;
}

function identityFix(fb: FixBuilder, parsed: ParsedManifest, identity: AnyPair, inner: YAMLMap<unknown, unknown>): QuickFix | undefined {
  const region = fb.pairRegion(identity);
  if (!region) return undefined;
  const text = fb.text;
  let replacement: string;
  if (!inner.flow) {
    const first = parsed.nodeOffsets(inner.items[0]?.key);
    if (!first) return undefined;
    const contentStart = fb.lines.lineStart(first[0]);
    const indent = first[0] - contentStart;
    // Everything from the line after `identity:` to the end of its value, shifted left by the inner indentation.
    const keyLineEnd = fb.lines.lineEnd(region[0]);
    const from = keyLineEnd < text.length ? keyLineEnd + 1 : keyLineEnd;
    const body = text.slice(Math.min(from, contentStart), region[1]);
    replacement = body
      .split("\n")
      .map((line) => {
        let k = 0;
        while (k < indent && line.charCodeAt(k) === 32) k++;
        return line.slice(k);
      })
      .join("\n");
  } else {
    const lines: string[] = [];
    for (const p of inner.items) {
      const k = fb.itemSource(p.key);
      const v = p.value === null || p.value === undefined ? "" : fb.itemSource(p.value);
      if (k === null || v === null) return undefined;
      lines.push(v === "" ? `${k}:` : `${k}: ${v}`);
    }
    replacement = lines.map((l) => l + fb.eol).join("");
  }
  return { title: "Move the identity: keys to the top level", edits: [fb.edit(region[0], region[1], replacement)] };
}

function fileSpecFix(
  fb: FixBuilder,
  root: YAMLMap<unknown, unknown>,
  fileSpec: AnyPair,
  include: AnyPair | undefined,
  mask: AnyPair | undefined,
): QuickFix | undefined {
  const region = fb.pairRegion(fileSpec);
  if (!region) return undefined;
  const includeItems = fb.listItems(include?.value);
  const maskItems = fb.listItems(mask?.value);
  if (includeItems === null || maskItems === null) return undefined;

  let replacement = fb.blockList("file_spec", includeItems);
  const edits: TextEdit[] = [];
  const topMask = findPair(root, "mask");
  if (maskItems.length > 0) {
    if (!topMask) {
      replacement += fb.blockList("mask", maskItems);
    } else {
      const existing = fb.listItems(topMask.value);
      if (existing === null) return undefined;
      const known = new Set(existing.map((i) => i.value));
      const added = maskItems.filter((i) => {
        if (known.has(i.value)) return false;
        known.add(i.value);
        return true;
      });
      const seq = topMask.value;
      if (isSeq(seq) && !seq.flow && seq.items.length > 0) {
        if (added.length > 0) {
          const lastItem = seq.items[seq.items.length - 1];
          const seqOffsets = fb.parsed.nodeOffsets(seq);
          if (!seqOffsets) return undefined;
          const dashColumn = seqOffsets[0] - fb.lines.lineStart(seqOffsets[0]);
          const last = fb.nodeLastChar(lastItem);
          if (last === null) return undefined;
          const lineEnd = fb.lines.lineEnd(last);
          const atEof = lineEnd >= fb.text.length;
          const insertAt = atEof ? lineEnd : lineEnd + 1;
          const lines = added.map((i) => `${" ".repeat(dashColumn)}- ${i.source}${fb.eol}`).join("");
          edits.push(fb.edit(insertAt, insertAt, atEof ? fb.eol + lines.slice(0, -fb.eol.length) : lines));
        }
      } else {
        const maskRegion = fb.pairRegion(topMask);
        if (!maskRegion) return undefined;
        edits.push(fb.edit(maskRegion[0], maskRegion[1], fb.blockList("mask", [...existing, ...added])));
      }
    }
  }
  // A region that ends without a line break (end of file) must not gain one.
  if (!fb.text.slice(region[0], region[1]).endsWith("\n")) replacement = replacement.replace(/\r?\n$/, "");
  edits.push(fb.edit(region[0], region[1], replacement));
  return { title: "Flatten file_spec and move its mask to the top-level mask", edits };
}

/**
 * Applies a QuickFix's edits to `text`. Edits are given against the original text and must not overlap;
 * they are applied back to front so earlier offsets stay valid.
 */
export function applyQuickFix(text: string, fix: QuickFix): string {
  const lines = new LineIndex(text);
  const spans = fix.edits
    .map((e) => ({
      start: lines.offset(e.range.startLine, e.range.startColumn),
      end: lines.offset(e.range.endLine, e.range.endColumn),
      text: e.text,
    }))
    .sort((a, b) => b.start - a.start || b.end - a.end);
  let out = text;
  let limit = Infinity;
  for (const s of spans) {
    if (s.end > limit) throw new Error(`QuickFix "${fix.title}" has overlapping edits`);
    out = out.slice(0, s.start) + s.text + out.slice(s.end);
    limit = s.start;
  }
  return out;
}
