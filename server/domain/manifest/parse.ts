/**
 * YAML → (AST with source ranges, plain value). The AST is kept so every JSON pointer the validator produces can be
 * mapped back to the exact characters to underline, and so quick fixes can be computed from node positions.
 *
 * Order matters: decode and size checks, then the linear structural pre-scan (guards.ts), and only then the
 * `yaml` composer; after composing, exact checks on the AST (depth and size *after* alias expansion, duplicate
 * keys, unresolved and recursive aliases) run before anything expands aliases with toJS().
 */
import {
  isAlias,
  isMap,
  isNode,
  Lexer,
  isPair,
  isScalar,
  isSeq,
  parseDocument,
  type Alias,
  type Document,
  type Node,
  type Pair,
  type YAMLError,
} from "yaml";
import type { Issue, SourceRange } from "../issues";
import { plural } from "../plural";
import { WHOLE_DOCUMENT_RANGE } from "../issues";
import {
  decodeManifestInput,
  MANIFEST_LIMITS,
  prescanStructure,
  structureViolationIssue,
} from "./guards";
import { toPointer, type PathSegment } from "./pointer";
import { firstLineEnd, LineIndex, trimEnd } from "./text";

type AnyPair = Pair<unknown, unknown>;

const MAX_REPORTED_YAML_ISSUES = 50;

export interface LocatedNode {
  /** Whether every segment of the path exists in the document. */
  found: boolean;
  /** The value node at the path (null for an empty value such as `key:`). */
  node: Node | null;
  /** The mapping pair whose value is `node`, when the last segment is a key. */
  pair: AnyPair | null;
  /** When not found: the deepest existing collection on the path, and the pair that holds it. */
  container: Node | null;
  containerPair: AnyPair | null;
  /** The first alias the path passed through: its use site is what the author can see and change. */
  viaAlias: Alias | null;
}

export interface ParsedManifest {
  /** The decoded text ("" when the input could not be decoded). */
  readonly text: string;
  readonly lines: LineIndex;
  /** The composed document, when the text was decoded and within limits. */
  readonly doc: Document.Parsed | null;
  /** The document as plain data; only meaningful when `hasValue`. */
  readonly value: unknown;
  /** True when the YAML was well-formed and within limits, so `value` may be validated. */
  readonly hasValue: boolean;
  /** Input, limit and YAML-level issues (errors and warnings). */
  readonly issues: Issue[];
  locate(path: readonly PathSegment[]): LocatedNode;
  /** Range of the value at `path`; for a missing key, the parent's key (or first line). */
  valueRange(path: readonly PathSegment[]): SourceRange;
  /** Range of the key at `path` when it is a mapping key, else the value range. */
  keyRange(path: readonly PathSegment[]): SourceRange;
  /** Range of a node of the AST (trimmed of trailing whitespace), or null for an empty node. */
  nodeRange(node: unknown): SourceRange | null;
  /** [start, end) offsets of a node, trimmed of trailing whitespace. */
  nodeOffsets(node: unknown): [number, number] | null;
  /** Source of the alias → anchored node relation, for walks that must not expand aliases. */
  aliasTarget(alias: Alias): Node | null;
}

function hasRange(node: unknown): node is { range: [number, number, number] } {
  if (typeof node !== "object" || node === null || !("range" in node)) return false;
  const r = (node as { range: unknown }).range;
  return Array.isArray(r) && r.length === 3;
}

/** Mapping keys as toJS() stringifies them, so zod paths and AST lookups agree. */
export function keyString(key: unknown): string {
  if (key === null || key === undefined) return "";
  if (isScalar(key)) return key.value === null ? "" : String(key.value);
  return String(key);
}

const YAML_ERROR_HINTS: Record<string, string> = {
  TAB_AS_INDENT: "Indent with spaces; YAML does not allow tabs for indentation.",
  BAD_INDENT: "Align keys of the same mapping (and items of the same list) in the same column.",
  MISSING_CHAR: "A quote or bracket is not closed.",
  BLOCK_AS_IMPLICIT_KEY: "A key's value starts on the line after `key:`, indented further.",
  MULTILINE_IMPLICIT_KEY: "Keys must fit on one line; check for a missing `:` or a stray indentation.",
  UNEXPECTED_TOKEN: "Check for a stray character or a missing space after `:` or `-`.",
  BAD_DIRECTIVE: "Remove the % directive line; manifests are plain YAML 1.2.",
};

class ParsedManifestImpl implements ParsedManifest {
  doc: Document.Parsed | null = null;
  value: unknown = undefined;
  hasValue = false;
  readonly issues: Issue[] = [];
  readonly lines: LineIndex;
  private readonly aliasSources = new Map<Alias, Node>();

  constructor(readonly text: string) {
    this.lines = new LineIndex(text);
  }

  nodeOffsets(node: unknown): [number, number] | null {
    if (!hasRange(node)) return null;
    const start = node.range[0];
    const end = trimEnd(this.text, start, node.range[1]);
    return end > start ? [start, end] : null;
  }

  nodeRange(node: unknown): SourceRange | null {
    const o = this.nodeOffsets(node);
    return o ? this.lines.range(o[0], o[1]) : null;
  }

  /** One character at `offset`; empty when that character is a line break, so the marker stays on its line. */
  private pointRange(offset: number): SourceRange {
    const c = this.text.charCodeAt(offset);
    const end = Number.isNaN(c) || c === 10 || c === 13 ? offset : offset + 1;
    return this.lines.range(offset, end);
  }

  /** The first line of a node: a compact underline for a whole mapping or list. */
  private headRange(node: unknown): SourceRange {
    const o = this.nodeOffsets(node);
    if (!o) return WHOLE_DOCUMENT_RANGE;
    return this.lines.range(o[0], firstLineEnd(this.text, o[0], o[1]));
  }

  aliasTarget(alias: Alias): Node | null {
    return this.aliasSources.get(alias) ?? null;
  }

  locate(path: readonly PathSegment[]): LocatedNode {
    let cur: unknown = this.doc?.contents ?? null;
    let pair: AnyPair | null = null;
    let viaAlias: Alias | null = null;
    const deref = () => {
      let guard = 0;
      while (isAlias(cur) && guard++ < 1000) {
        viaAlias ??= cur;
        cur = this.aliasSources.get(cur) ?? null;
      }
    };
    for (const seg of path) {
      deref();
      if (isMap(cur)) {
        const key = String(seg);
        const next: AnyPair | undefined = cur.items.find((p) => keyString(p.key) === key);
        if (!next) return { found: false, node: null, pair: null, container: cur, containerPair: pair, viaAlias };
        pair = next;
        cur = next.value;
      } else if (isSeq(cur)) {
        const index = typeof seg === "number" ? seg : Number(seg);
        const item: unknown = Number.isInteger(index) ? cur.items[index] : undefined;
        if (item === undefined) return { found: false, node: null, pair: null, container: cur, containerPair: pair, viaAlias };
        pair = null;
        cur = isPair(item) ? item.value : item;
      } else {
        return { found: false, node: null, pair: null, container: isNode(cur) ? cur : null, containerPair: pair, viaAlias };
      }
    }
    return { found: true, node: isNode(cur) ? cur : null, pair, container: null, containerPair: null, viaAlias };
  }

  valueRange(path: readonly PathSegment[]): SourceRange {
    // Underlining a whole document helps nobody; its first line says "here".
    if (path.length === 0) return this.doc?.contents ? this.headRange(this.doc.contents) : WHOLE_DOCUMENT_RANGE;
    const loc = this.locate(path);
    if (loc.viaAlias) return this.nodeRange(loc.viaAlias) ?? WHOLE_DOCUMENT_RANGE;
    if (loc.found) {
      const r = this.nodeRange(loc.node);
      if (r) return r;
      if (loc.pair) return this.nodeRange(loc.pair.key) ?? WHOLE_DOCUMENT_RANGE;
      return this.headRange(this.doc?.contents);
    }
    // Missing: point at the key that holds the parent (`build:`), or the parent's first line.
    if (loc.containerPair) return this.nodeRange(loc.containerPair.key) ?? this.headRange(loc.container);
    if (loc.container) return this.headRange(loc.container);
    return WHOLE_DOCUMENT_RANGE;
  }

  keyRange(path: readonly PathSegment[]): SourceRange {
    const loc = this.locate(path);
    if (loc.found && loc.pair && !loc.viaAlias) {
      const r = this.nodeRange(loc.pair.key);
      if (r) return r;
    }
    return this.valueRange(path);
  }

  // -------------------------------------------------------------------------------------------------------------

  run(): void {
    const violation = prescanStructure(this.text);
    if (violation) {
      const at = Math.min(violation.offset, this.text.length);
      this.issues.push(structureViolationIssue(violation, this.pointRange(at)));
      return;
    }

    const tooManyTokens = this.countTokens();
    if (tooManyTokens !== null) {
      this.issues.push(structureViolationIssue({ kind: "nodes", offset: tooManyTokens, mapping: false }, this.pointRange(tooManyTokens)));
      return;
    }

    // uniqueKeys is off because the library's check is quadratic in the number of keys; walk() does it linearly.
    const doc = parseDocument(this.text, {
      version: "1.2",
      merge: false,
      uniqueKeys: false,
      prettyErrors: false,
      keepSourceTokens: false,
      // "error", not "silent": silent also drops the MULTIPLE_DOCS error; warnings are collected, not printed.
      logLevel: "error",
    });
    this.doc = doc;

    // Garbage input can produce thousands of errors; the first few locate the problem, the rest is noise.
    for (const e of doc.errors.slice(0, MAX_REPORTED_YAML_ISSUES)) this.issues.push(this.yamlErrorIssue(e));
    const firstHidden = doc.errors[MAX_REPORTED_YAML_ISSUES];
    if (firstHidden) {
      const rest = doc.errors.length - MAX_REPORTED_YAML_ISSUES;
      this.issues.push({
        code: "yaml.syntax",
        severity: "error",
        message: `${plural(rest, "more YAML syntax error")} not shown, starting here.`,
        path: "",
        range: this.errorRange(firstHidden),
        hint: "Fix the first errors; the rest often follow from them.",
      });
    }
    for (const w of doc.warnings.slice(0, MAX_REPORTED_YAML_ISSUES)) this.issues.push(this.yamlWarningIssue(w));
    if (doc.errors.length > 0) return;

    if (doc.contents === null) {
      this.issues.push({
        code: "manifest.empty",
        severity: "error",
        message: "The manifest is empty.",
        path: "",
        range: WHOLE_DOCUMENT_RANGE,
        hint: "Start with `schema_version: 1` and `name: <module-name>`.",
      });
      return;
    }

    if (!this.walk(doc.contents)) return;
    if (!this.checkExpansion(doc.contents)) return;

    try {
      this.value = doc.toJS({ maxAliasCount: MANIFEST_LIMITS.maxAliasCount });
      this.hasValue = true;
    } catch (e) {
      const firstAlias = [...this.aliasSources.keys()][0];
      const excessive = e instanceof ReferenceError && /alias/i.test(e.message);
      this.issues.push({
        code: excessive ? "yaml.alias_limit" : "yaml.syntax",
        severity: "error",
        message: excessive
          ? `Aliases are used too often (more than ${MANIFEST_LIMITS.maxAliasCount} expansions of one anchor relative to its size).`
          : `The YAML could not be converted to data: ${e instanceof Error ? e.message : String(e)}`,
        path: "",
        range: (firstAlias && this.nodeRange(firstAlias)) || WHOLE_DOCUMENT_RANGE,
        hint: excessive ? "Write the values out instead of repeating aliases, or use fewer aliases." : undefined,
      });
    }
  }

  /**
   * The composer's time is proportional to the lexer's tokens (2 µs each on valid YAML, 5 µs when each is an
   * error). The pre-scan's node count is a heuristic; this count is exact and stops as soon as the budget is
   * spent, so the whole guard costs at most a few tens of milliseconds. Returns the offset where it stopped.
   */
  private countTokens(): number | null {
    let count = 0;
    let offset = 0;
    for (const token of new Lexer().lex(this.text)) {
      // Control tokens (document start, scalar and flow-error markers) do not consume source text.
      if (!(token.length === 1 && token.charCodeAt(0) < 0x20 && token !== "\n" && token !== "\t")) offset += token.length;
      if (++count > MANIFEST_LIMITS.maxTokens) return Math.min(offset, this.text.length);
    }
    return null;
  }

  /** An error's range; one at the very end of the text moves back onto the last visible character. */
  private errorRange(e: YAMLError): SourceRange {
    let [start, end] = e.pos;
    const lastVisible = trimEnd(this.text, 0, this.text.length);
    if (start >= lastVisible && lastVisible > 0) {
      start = lastVisible - 1;
      end = lastVisible;
    }
    return this.lines.range(start, Math.max(trimEnd(this.text, start, end), start + 1));
  }

  private yamlErrorIssue(e: YAMLError): Issue {
    const range = this.errorRange(e);
    if (e.code === "MULTIPLE_DOCS") {
      return {
        code: "yaml.multiple_documents",
        severity: "error",
        message: "The manifest contains more than one YAML document (a second `---`).",
        path: "",
        range,
        hint: "A manifest is exactly one document: remove the second `---` and what follows, or merge it into the first.",
      };
    }
    const hint = YAML_ERROR_HINTS[e.code];
    return {
      code: "yaml.syntax",
      severity: "error",
      message: `YAML syntax error: ${e.message.split("\n")[0] ?? e.message}`,
      path: "",
      range,
      ...(hint ? { hint } : {}),
    };
  }

  private yamlWarningIssue(w: YAMLError): Issue {
    const range = this.errorRange(w);
    if (w.code === "TAG_RESOLVE_FAILED") {
      return {
        code: "yaml.unknown_tag",
        severity: "warning",
        message: `${w.message}; the value is read as a plain string.`,
        path: "",
        range,
        hint: "Remove the `!tag`: manifests use plain YAML values.",
      };
    }
    return { code: "yaml.warning", severity: "warning", message: w.message.split("\n")[0] ?? w.message, path: "", range };
  }

  /**
   * One pre-order pass in document order (so an alias sees exactly the anchors defined before it), without
   * recursion: depth, entry counts, keys, anchors and aliases. Returns false when the document must not be
   * converted to data.
   */
  private walk(root: Node): boolean {
    const anchors = new Map<string, Node>();
    type Frame = { node: unknown; depth: number; path: PathSegment[] };
    const stack: Frame[] = [{ node: root, depth: 1, path: [] }];
    let ok = true;
    while (stack.length > 0) {
      const frame = stack.pop();
      if (!frame) break;
      const { node, depth, path } = frame;
      if (node === null || node === undefined) continue;
      if (isPair(node)) {
        stack.push({ node: node.value, depth, path });
        stack.push({ node: node.key, depth, path });
        continue;
      }
      if (isNode(node) && node.anchor) anchors.set(node.anchor, node);
      if (isAlias(node)) {
        const source = anchors.get(node.source);
        if (!source) {
          ok = false;
          this.issues.push({
            code: "yaml.unresolved_alias",
            severity: "error",
            message: `The alias *${node.source} refers to an anchor &${node.source} that is not defined before it.`,
            path: toPointer(path),
            range: this.nodeRange(node) ?? WHOLE_DOCUMENT_RANGE,
            hint: `Define \`&${node.source}\` on a value above this line, or write the value out.`,
          });
        } else if (hasRange(node) && hasRange(source) && source.range[0] <= node.range[0] && node.range[1] <= source.range[1]) {
          ok = false;
          this.issues.push({
            code: "yaml.recursive_alias",
            severity: "error",
            message: `The alias *${node.source} is inside the value it refers to, which would make the data infinitely deep.`,
            path: toPointer(path),
            range: this.nodeRange(node) ?? WHOLE_DOCUMENT_RANGE,
          });
        } else {
          this.aliasSources.set(node, source);
          this.aliasDepths.set(node, depth);
        }
        continue;
      }
      if (!isMap(node) && !isSeq(node)) continue;
      const range = this.headRange(node);
      if (depth > MANIFEST_LIMITS.maxDepth) {
        this.issues.push({ ...structureViolationIssue({ kind: "depth", offset: 0, mapping: false }, range), path: toPointer(path) });
        return false;
      }
      if (node.items.length > MANIFEST_LIMITS.maxEntries) {
        const extra = node.items[MANIFEST_LIMITS.maxEntries];
        const at = (isPair(extra) ? this.nodeRange(extra.key) : this.nodeRange(extra)) ?? range;
        this.issues.push({ ...structureViolationIssue({ kind: "entries", offset: 0, mapping: isMap(node) }, at), path: toPointer(path) });
        return false;
      }
      if (isMap(node)) {
        const seen = new Set<string>();
        const items = node.items as AnyPair[];
        for (let i = items.length - 1; i >= 0; i--) {
          const p = items[i];
          if (!p) continue;
          const k = keyString(p.key);
          stack.push({ node: p.value, depth: depth + 1, path: [...path, k] });
          if (p.key !== null && p.key !== undefined && !isScalar(p.key)) {
            ok = false;
            this.issues.push({
              code: "yaml.non_scalar_key",
              severity: "error",
              message: "A mapping key is a list, a mapping or an alias; manifest keys are plain words.",
              path: toPointer(path),
              range: this.nodeRange(p.key) ?? range,
            });
          }
        }
        for (const p of items) {
          const k = keyString(p.key);
          if (seen.has(k)) {
            ok = false;
            this.issues.push({
              code: "yaml.duplicate_key",
              severity: "error",
              message: `The key \`${k}\` appears more than once in the same mapping.`,
              path: toPointer([...path, k]),
              range: this.nodeRange(p.key) ?? range,
              hint: "YAML keys must be unique; merge the two entries or remove one.",
            });
          }
          seen.add(k);
        }
      } else {
        for (let i = node.items.length - 1; i >= 0; i--) stack.push({ node: node.items[i], depth: depth + 1, path: [...path, i] });
      }
    }
    return ok;
  }

  private readonly aliasDepths = new Map<Alias, number>();

  /**
   * Size and depth of the data *after* alias expansion, computed over the alias DAG with memoisation (linear in
   * the AST), so a "billion laughs" document is measured without being expanded.
   */
  private checkExpansion(root: Node): boolean {
    if (this.aliasSources.size === 0) return true;
    const cap = MANIFEST_LIMITS.maxExpandedNodes + 1;
    const memo = new Map<unknown, { size: number; depth: number }>();
    const children = (node: unknown): unknown[] => {
      if (isAlias(node)) {
        const s = this.aliasSources.get(node);
        return s ? [s] : [];
      }
      if (isPair(node)) return [node.key, node.value];
      if (isMap(node) || isSeq(node)) return node.items as unknown[];
      return [];
    };
    const stack: Array<{ node: unknown; expanded: boolean }> = [{ node: root, expanded: false }];
    const inProgress = new Set<unknown>();
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      if (!top) break;
      if (top.node === null || top.node === undefined || memo.has(top.node)) {
        stack.pop();
        continue;
      }
      const kids = children(top.node);
      if (!top.expanded) {
        top.expanded = true;
        inProgress.add(top.node);
        for (const k of kids) if (k !== null && k !== undefined && !memo.has(k) && !inProgress.has(k)) stack.push({ node: k, expanded: false });
        continue;
      }
      let size = isAlias(top.node) || isPair(top.node) ? 0 : 1;
      let depth = 0;
      for (const k of kids) {
        const m = memo.get(k);
        if (!m) continue;
        size = Math.min(cap, size + m.size);
        depth = Math.max(depth, m.depth);
      }
      if (isMap(top.node) || isSeq(top.node)) depth += 1;
      memo.set(top.node, { size, depth });
      inProgress.delete(top.node);
      stack.pop();
    }

    for (const [alias, source] of this.aliasSources) {
      const d = (this.aliasDepths.get(alias) ?? 1) - 1 + (memo.get(source)?.depth ?? 0);
      if (d > MANIFEST_LIMITS.maxDepth) {
        this.issues.push({
          ...structureViolationIssue({ kind: "depth", offset: 0, mapping: false }, this.nodeRange(alias) ?? WHOLE_DOCUMENT_RANGE),
          message: `Through aliases, the document nests collections more than ${MANIFEST_LIMITS.maxDepth} levels deep.`,
        });
        return false;
      }
    }
    const total = memo.get(root)?.size ?? 0;
    if (total > MANIFEST_LIMITS.maxExpandedNodes) {
      let worst: Alias | null = null;
      let worstSize = -1;
      for (const [alias, source] of this.aliasSources) {
        const s = memo.get(source)?.size ?? 0;
        if (s > worstSize) {
          worstSize = s;
          worst = alias;
        }
      }
      this.issues.push({
        code: "yaml.alias_limit",
        severity: "error",
        message: `Aliases expand the document to more than ${MANIFEST_LIMITS.maxExpandedNodes.toLocaleString("en-US")} values (an alias "bomb").`,
        path: "",
        range: (worst && this.nodeRange(worst)) || WHOLE_DOCUMENT_RANGE,
        hint: "Aliases that repeat other aliases grow exponentially; write the values out instead.",
      });
      return false;
    }
    return true;
  }
}

/** Decodes, bounds and parses manifest YAML. Never throws; problems come back as issues. */
export function parseManifestYaml(input: string | Uint8Array): ParsedManifest {
  const decoded = decodeManifestInput(input);
  if (decoded.text === null) {
    const parsed = new ParsedManifestImpl("");
    parsed.issues.push(...decoded.issues);
    return parsed;
  }
  const parsed = new ParsedManifestImpl(decoded.text);
  try {
    parsed.run();
  } catch (e) {
    // The yaml package is not expected to throw on any input; if it does, the caller still gets an issue.
    parsed.hasValue = false;
    parsed.issues.push({
      code: "yaml.syntax",
      severity: "error",
      message: `The YAML could not be parsed: ${e instanceof Error ? e.message : String(e)}`,
      path: "",
      range: WHOLE_DOCUMENT_RANGE,
    });
  }
  return parsed;
}
