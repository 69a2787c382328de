/**
 * Hostile-input guards (docs/manifest-validation.md, Limits): the manifest arrives from browsers, API clients and CI,
 * so size, encoding and structure are bounded *before* the YAML composer sees the text. The `yaml` package builds its
 * AST recursively and spends time proportional to node count, so a 10,000-deep `[[[[` or a 60,000-entry list must be
 * rejected by a linear scan that never allocates per character — these checks run in a few milliseconds on 256 KiB.
 */
import type { Issue, SourceRange } from "../issues";
import { WHOLE_DOCUMENT_RANGE } from "../issues";
import { LineIndex, utf8ByteLength } from "./text";

export const MANIFEST_LIMITS = {
  /** Manifests over 256 KiB are rejected, counted in UTF-8 bytes. */
  maxBytes: 256 * 1024,
  /** Collection nesting; a real manifest needs about 6 levels. */
  maxDepth: 64,
  /** Entries of any single list (or keys of any single mapping). */
  maxEntries: 10_000,
  /** Passed to the `yaml` package's toJS(); it bounds alias uses relative to their size. */
  maxAliasCount: 100,
  /** Nodes after alias expansion; above any alias-free document that fits in maxBytes. */
  maxExpandedNodes: 200_000,
  /**
   * Syntactic nodes (entries, keys, brackets, quoted scalars, anchors, tags, aliases) counted before parsing; it
   * bounds the composer's work (about 10 µs per node) far above what a real manifest uses.
   */
  maxNodes: 15_000,
  /** Tokens of the `yaml` lexer (a valid 10,000-entry list is about 60,000). */
  maxTokens: 80_000,
  /** Lines, blank ones included (a 256 KiB manifest averaging under 9 bytes a line is not a manifest). */
  maxLines: 30_000,
} as const;

export type DecodedInput = { text: string; issues: Issue[] } | { text: null; issues: Issue[] };

function formatKiB(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KiB`;
}

function tooLarge(bytes: number | null): Issue {
  const size = bytes === null ? "more than 256 KiB" : formatKiB(bytes);
  return {
    code: "input.too_large",
    severity: "error",
    message: `The manifest is ${size}; the limit is 256 KiB (262,144 bytes of UTF-8).`,
    path: "",
    range: WHOLE_DOCUMENT_RANGE,
    hint: "Manifests describe files with globs; long explicit file lists belong in the build's file-list.txt.",
  };
}

/**
 * The offset of the first byte that is not part of a well-formed UTF-8 sequence (RFC 3629: no overlongs, no
 * surrogates, nothing above U+10FFFF), or -1. TextDecoder tells us *that* the bytes are invalid; this tells us
 * *where*, so the issue can point at the line.
 */
export function firstInvalidUtf8Offset(bytes: Uint8Array): number {
  let i = 0;
  const n = bytes.length;
  while (i < n) {
    const b0 = bytes[i] ?? 0;
    if (b0 < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min2 = 0x80;
    let max2 = 0xbf;
    if (b0 >= 0xc2 && b0 <= 0xdf) need = 1;
    else if (b0 >= 0xe0 && b0 <= 0xef) {
      need = 2;
      if (b0 === 0xe0) min2 = 0xa0;
      if (b0 === 0xed) max2 = 0x9f;
    } else if (b0 >= 0xf0 && b0 <= 0xf4) {
      need = 3;
      if (b0 === 0xf0) min2 = 0x90;
      if (b0 === 0xf4) max2 = 0x8f;
    } else return i;
    if (i + need >= n) return i;
    const b1 = bytes[i + 1];
    if (b1 === undefined || b1 < min2 || b1 > max2) return i;
    for (let k = 2; k <= need; k++) {
      const b = bytes[i + k];
      if (b === undefined || b < 0x80 || b > 0xbf) return i;
    }
    i += need + 1;
  }
  return -1;
}

/**
 * Turns the raw input into text, or explains why it cannot. Bytes are decoded strictly; strings are checked for
 * what a lossy decode upstream leaves behind (U+FFFD) and for lone surrogates, which cannot be encoded as UTF-8.
 */
export function decodeManifestInput(input: string | Uint8Array): DecodedInput {
  if (typeof input !== "string") {
    if (input.byteLength > MANIFEST_LIMITS.maxBytes) return { text: null, issues: [tooLarge(input.byteLength)] };
    try {
      const text = new TextDecoder("utf-8", { fatal: true }).decode(input);
      return checkDecodedText(text);
    } catch {
      const bad = firstInvalidUtf8Offset(input);
      const at = Math.max(0, bad);
      // The prefix before the first bad byte is valid, so decoding it gives the exact line and column.
      const prefix = new TextDecoder("utf-8").decode(input.subarray(0, at));
      const lines = new LineIndex(prefix);
      const pos = lines.position(prefix.length);
      const byte = input[at];
      return {
        text: null,
        issues: [
          {
            code: "input.invalid_utf8",
            severity: "error",
            message: `The manifest is not valid UTF-8: byte 0x${(byte ?? 0).toString(16).padStart(2, "0")} at byte offset ${at} does not start or continue a valid sequence.`,
            path: "",
            range: { startLine: pos.line, startColumn: pos.column, endLine: pos.line, endColumn: pos.column + 1 },
            hint: "Save the file as UTF-8 (without Latin-1 or Windows-1252 characters).",
          },
        ],
      };
    }
  }
  // A UTF-16 code unit never encodes to fewer than one byte, so this avoids measuring huge strings.
  if (input.length > MANIFEST_LIMITS.maxBytes) return { text: null, issues: [tooLarge(null)] };
  const bytes = utf8ByteLength(input);
  if (bytes > MANIFEST_LIMITS.maxBytes) return { text: null, issues: [tooLarge(bytes)] };
  return checkDecodedText(input);
}

function checkDecodedText(text: string): DecodedInput {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0xd800 || (c > 0xdfff && c !== 0xfffd)) continue;
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        i++;
        continue;
      }
    }
    const lines = new LineIndex(text);
    const range = lines.range(i, i + 1);
    if (c === 0xfffd) {
      return {
        text: null,
        issues: [
          {
            code: "input.invalid_utf8",
            severity: "error",
            message:
              "The manifest contains U+FFFD (the replacement character), which means it was decoded from invalid UTF-8 on its way here.",
            path: "",
            range,
            hint: "Fix the original file's encoding (save it as UTF-8) and submit it again, or remove the character.",
          },
        ],
      };
    }
    return {
      text: null,
      issues: [
        {
          code: "input.invalid_unicode",
          severity: "error",
          message: `The manifest contains a lone UTF-16 surrogate (\\u${c.toString(16)}), which cannot be encoded as UTF-8.`,
          path: "",
          range,
          hint: "Remove the character or replace it with the intended one.",
        },
      ],
    };
  }
  return { text, issues: [] };
}

// ---------------------------------------------------------------------------------------------------------------
// Structural pre-scan

export interface StructureViolation {
  kind: "depth" | "entries" | "nodes" | "lines";
  offset: number;
  /** For entries: whether the collection is a mapping (keys) rather than a list. */
  mapping: boolean;
}

const LF = 10;
const CR = 13;
const SPACE = 32;
const TAB = 9;

function isBlankOrEnd(code: number): boolean {
  // NaN (past the end) counts as end of input.
  return code === SPACE || code === TAB || code === LF || code === CR || Number.isNaN(code);
}

function isFlowStart(code: number): boolean {
  return code === 0x5b /* [ */ || code === 0x7b; /* { */
}

/** Flow terminators and reserved indicators that cannot start a plain scalar. */
function isStrayIndicator(code: number): boolean {
  return code === 0x5d || code === 0x7d || code === 0x2c || code === 0x40 /* @ */ || code === 0x60; /* ` */
}

interface BlockLevel {
  indent: number;
  kind: "seq" | "map";
  count: number;
}

class Violation {
  constructor(readonly value: StructureViolation) {}
}

/**
 * A linear, non-allocating approximation of YAML's structure: block collections are tracked by indentation, flow
 * collections by brackets (skipping quoted scalars, comments and block scalars). It also counts syntactic nodes
 * (entries, keys, brackets, quoted scalars, anchors, tags, aliases): the `yaml` composer spends roughly 10 µs on
 * each, more when each one is an error, so a document of nothing but `& & & …` or `[}[}[}…` must be refused before
 * it is composed. It can only over-count in pathological documents, and the exact checks on the composed AST
 * (parse.ts) still run afterwards.
 */
export function prescanStructure(text: string): StructureViolation | null {
  try {
    new Prescanner(text).run();
    return null;
  } catch (e) {
    if (e instanceof Violation) return e.value;
    throw e;
  }
}

class Prescanner {
  private pos = 0;
  private readonly block: BlockLevel[] = [];
  private readonly n: number;
  /** Start of the current line; kept so column() stays O(1) on pathological long lines. */
  private lineStart = 0;
  private nodes = 0;

  constructor(private readonly text: string) {
    this.n = text.length;
  }

  run(): void {
    const { text, n } = this;
    let lines = 0;
    while (this.pos < n) {
      this.lineStart = this.pos;
      // Even empty lines cost the composer a token each; no manifest has this many.
      if (++lines > MANIFEST_LIMITS.maxLines) this.violation("lines", this.pos);
      let col = 0;
      // Tabs are not indentation in YAML (the composer reports them), but they must not hide a line's content.
      while (this.pos < n && (text.charCodeAt(this.pos) === SPACE || text.charCodeAt(this.pos) === TAB)) {
        this.pos++;
        col++;
      }
      if (this.pos >= n) return;
      const c = text.charCodeAt(this.pos);
      if (c === LF || c === CR) {
        this.pos++;
        continue;
      }
      if (c === 0x23 /* # */) {
        this.skipToEol();
        continue;
      }
      if (col === 0 && (text.startsWith("---", this.pos) || text.startsWith("...", this.pos)) && isBlankOrEnd(text.charCodeAt(this.pos + 3))) {
        this.block.length = 0;
        this.pos += 3;
        // `--- [ ...` puts a node on the marker line.
        this.value(-1);
        continue;
      }
      if (col === 0 && c === 0x25 /* % */) {
        this.countNode(this.pos);
        this.skipToEol();
        continue;
      }
      this.lineContent(col);
    }
  }

  private violation(kind: StructureViolation["kind"], offset: number, mapping = false): never {
    throw new Violation({ kind, offset, mapping });
  }

  private countNode(offset: number): void {
    this.nodes++;
    if (this.nodes > MANIFEST_LIMITS.maxNodes) this.violation("nodes", offset);
  }

  private register(indent: number, kind: "seq" | "map", offset: number): void {
    this.countNode(offset);
    const block = this.block;
    for (;;) {
      const top = block[block.length - 1];
      if (!top) break;
      if (top.indent > indent || (top.indent === indent && top.kind === "seq" && kind === "map")) block.pop();
      else break;
    }
    const top = block[block.length - 1];
    if (top && top.indent === indent && top.kind === kind) {
      top.count++;
      if (top.count > MANIFEST_LIMITS.maxEntries) this.violation("entries", offset, kind === "map");
    } else {
      block.push({ indent, kind, count: 1 });
      if (block.length > MANIFEST_LIMITS.maxDepth) this.violation("depth", offset);
    }
  }

  private skipToEol(): void {
    const nl = this.text.indexOf("\n", this.pos);
    this.pos = nl === -1 ? this.n : nl + 1;
  }

  /**
   * After a complete node on a block line only a comment may follow. Anything else is a syntax error for the
   * composer, so it is counted (and nested brackets measured) rather than skipped.
   */
  private restOfLine(): void {
    const { text, n } = this;
    let prev = SPACE;
    while (this.pos < n) {
      const c = text.charCodeAt(this.pos);
      if (c === LF) {
        this.pos++;
        return;
      }
      const tokenStart = prev === SPACE || prev === TAB;
      if (c === 0x23 && tokenStart) return this.skipToEol();
      if (isFlowStart(c)) {
        this.flow();
        prev = 0x5d;
        continue;
      }
      if (c === 0x5d || c === 0x7d || c === 0x2c || c === 0x3a || c === 0x40 || c === 0x60) this.countNode(this.pos);
      else if (c === 0x22 || (c === 0x27 && tokenStart)) {
        this.countNode(this.pos);
        this.quoted();
        prev = c;
        continue;
      } else if (tokenStart && (c === 0x26 || c === 0x21 || c === 0x2a || c === 0x2d || c === 0x3f)) this.countNode(this.pos);
      prev = c;
      this.pos++;
    }
  }

  private skipSpaces(): void {
    const { text, n } = this;
    while (this.pos < n) {
      const c = text.charCodeAt(this.pos);
      if (c !== SPACE && c !== TAB) break;
      this.pos++;
    }
  }

  private column(): number {
    return this.pos - this.lineStart;
  }

  /** Skips an anchor, tag or alias name; like the YAML lexer, flow indicators end it. */
  private skipToken(): void {
    const { text, n } = this;
    const tag = text.charCodeAt(this.pos) === 0x21;
    this.pos++;
    while (this.pos < n) {
      const c = text.charCodeAt(this.pos);
      if (isBlankOrEnd(c) || c === 0x5b || c === 0x5d || c === 0x7b || c === 0x7d || c === 0x2c) break;
      // A double quote is not a tag character (RFC 3986), so `!"x"` is a tag followed by a quoted scalar.
      if (tag && c === 0x22) break;
      this.pos++;
    }
  }

  private atEolOrComment(): boolean {
    const c = this.text.charCodeAt(this.pos);
    return this.pos >= this.n || c === LF || c === CR || c === 0x23;
  }

  /** A line's content, starting at its first non-space character in column `col`. */
  private lineContent(col: number): void {
    const { text } = this;
    let indent = col;
    let owner = col - 1;
    for (;;) {
      const c = text.charCodeAt(this.pos);
      const next = text.charCodeAt(this.pos + 1);
      if ((c === 0x2d /* - */ || c === 0x3f) /* ? */ && isBlankOrEnd(next)) {
        this.register(indent, c === 0x2d ? "seq" : "map", this.pos);
        owner = indent;
        this.pos++;
        this.skipSpaces();
        if (this.atEolOrComment()) return this.skipToEol();
        indent = this.column();
        continue;
      }
      if (c === 0x3a /* : */ && isBlankOrEnd(next)) {
        this.countNode(this.pos);
        this.pos++;
        return this.value(indent);
      }
      if (c === 0x26 /* & */ || c === 0x21 /* ! */) {
        this.countNode(this.pos);
        this.skipToken();
        this.skipSpaces();
        if (this.atEolOrComment()) return this.skipToEol();
        indent = this.column();
        continue;
      }
      break;
    }
    const start = this.pos;
    const c = text.charCodeAt(this.pos);
    if (isFlowStart(c)) {
      this.flow();
      return this.afterNode(indent, start);
    }
    if (c === 0x22 || c === 0x27) {
      this.countNode(this.pos);
      this.quoted();
      return this.afterNode(indent, start);
    }
    if (c === 0x7c /* | */ || c === 0x3e /* > */) return this.blockScalar(owner);
    if (c === 0x2a /* * */) {
      this.countNode(this.pos);
      this.skipToken();
      return this.afterNode(indent, start);
    }
    // A node cannot start with a flow terminator; the composer turns each one into an error token.
    if (isStrayIndicator(c)) return this.restOfLine();
    // A plain scalar: a mapping key when `: ` follows on the same line; otherwise it runs to the end of the line.
    const { n } = this;
    while (this.pos < n) {
      const ch = text.charCodeAt(this.pos);
      if (ch === LF) break;
      if (ch === 0x3a && isBlankOrEnd(text.charCodeAt(this.pos + 1))) {
        this.register(indent, "map", start);
        this.pos++;
        return this.value(indent);
      }
      if (ch === 0x23 && (text.charCodeAt(this.pos - 1) === SPACE || text.charCodeAt(this.pos - 1) === TAB)) break;
      this.pos++;
    }
    this.skipToEol();
  }

  /** After a quoted scalar, flow collection or alias: it was a key if `:` follows. */
  private afterNode(indent: number, start: number): void {
    this.skipSpaces();
    if (this.text.charCodeAt(this.pos) === 0x3a && isBlankOrEnd(this.text.charCodeAt(this.pos + 1))) {
      this.register(indent, "map", start);
      this.pos++;
      return this.value(indent);
    }
    this.restOfLine();
  }

  /** The value after `key:` (or `---`); `owner` is the indentation its block scalar content must exceed. */
  private value(owner: number): void {
    const { text } = this;
    for (;;) {
      this.skipSpaces();
      if (this.atEolOrComment()) return this.skipToEol();
      const c = text.charCodeAt(this.pos);
      if (c === 0x26 || c === 0x21) {
        this.countNode(this.pos);
        this.skipToken();
        continue;
      }
      if (c === 0x7c || c === 0x3e) return this.blockScalar(owner);
      if (isFlowStart(c)) {
        this.flow();
        return this.restOfLine();
      }
      if (c === 0x22 || c === 0x27) {
        this.countNode(this.pos);
        this.quoted();
        return this.restOfLine();
      }
      if (c === 0x2a) {
        this.countNode(this.pos);
        this.skipToken();
        return this.restOfLine();
      }
      if (isStrayIndicator(c)) return this.restOfLine();
      if ((c === 0x3a || c === 0x2d || c === 0x3f) && isBlankOrEnd(text.charCodeAt(this.pos + 1))) {
        // `key: : x` or `key: - x`: indicators where a value belongs are errors, each one work for the composer.
        this.countNode(this.pos);
        this.pos++;
        continue;
      }
      if (this.plainValue()) continue;
      return;
    }
  }

  /**
   * A plain scalar value runs to the end of the line (or a comment). In block context `: ` ends it (`key: a: b`
   * is an error) and the lexer starts a new node after it; returns true there so value() scans that node too.
   */
  private plainValue(): boolean {
    const { text, n } = this;
    while (this.pos < n) {
      const c = text.charCodeAt(this.pos);
      if (c === LF) {
        this.pos++;
        return false;
      }
      const prev = text.charCodeAt(this.pos - 1);
      if (c === 0x23 && (prev === SPACE || prev === TAB)) {
        this.skipToEol();
        return false;
      }
      if (c === 0x3a && isBlankOrEnd(text.charCodeAt(this.pos + 1))) {
        this.countNode(this.pos);
        this.pos++;
        return true;
      }
      this.pos++;
    }
    return false;
  }

  /** Skips a block scalar's header line and every following line indented deeper than `owner` (or blank). */
  private blockScalar(owner: number): void {
    const { text, n } = this;
    this.countNode(this.pos);
    this.skipToEol();
    while (this.pos < n) {
      let p = this.pos;
      let col = 0;
      while (p < n && text.charCodeAt(p) === SPACE) {
        p++;
        col++;
      }
      const c = text.charCodeAt(p);
      const blank = p >= n || c === LF || c === CR;
      if (!blank && col <= owner) return;
      const nl = text.indexOf("\n", p);
      this.pos = nl === -1 ? n : nl + 1;
    }
  }

  private quoted(): void {
    const { text, n } = this;
    const quote = text.charCodeAt(this.pos);
    let p = this.pos + 1;
    while (p < n) {
      const c = text.charCodeAt(p);
      if (quote === 0x22 && c === 0x5c /* \ */) {
        p += 2;
        continue;
      }
      if (c === quote) {
        if (quote === 0x27 && text.charCodeAt(p + 1) === 0x27) {
          p += 2;
          continue;
        }
        this.pos = p + 1;
        return;
      }
      p++;
    }
    this.pos = n;
  }

  private flow(): void {
    const { text, n } = this;
    const base = this.block.length;
    // Commas seen at each open level; one more than that is the entry count (a trailing comma is allowed).
    const commas: number[] = [];
    let prev = SPACE;
    while (this.pos < n) {
      const c = text.charCodeAt(this.pos);
      const tokenStart = prev === SPACE || prev === TAB || prev === LF || prev === 0x5b || prev === 0x7b || prev === 0x2c;
      if (isFlowStart(c)) {
        this.countNode(this.pos);
        commas.push(0);
        if (base + commas.length > MANIFEST_LIMITS.maxDepth) this.violation("depth", this.pos);
      } else if (c === 0x5d || c === 0x7d) {
        this.countNode(this.pos);
        commas.pop();
        if (commas.length === 0) {
          this.pos++;
          return;
        }
      } else if (c === 0x2c /* , */) {
        this.countNode(this.pos);
        const top = commas.length - 1;
        const count = (commas[top] ?? 0) + 1;
        commas[top] = count;
        if (count > MANIFEST_LIMITS.maxEntries) this.violation("entries", this.pos);
      } else if ((c === 0x22 || c === 0x27) && (tokenStart || prev === 0x3a)) {
        this.countNode(this.pos);
        this.quoted();
        prev = c;
        continue;
      } else if (c === 0x23 && (prev === SPACE || prev === TAB || prev === LF)) {
        this.skipToEol();
        prev = LF;
        continue;
      } else if (tokenStart && (c === 0x26 || c === 0x21 || c === 0x2a || c === 0x3f)) {
        this.countNode(this.pos);
      }
      prev = c;
      this.pos++;
    }
  }
}

export function structureViolationIssue(v: StructureViolation, range: SourceRange): Issue {
  if (v.kind === "depth") {
    return {
      code: "yaml.too_deep",
      severity: "error",
      message: `The document nests collections more than ${MANIFEST_LIMITS.maxDepth} levels deep.`,
      path: "",
      range,
      hint: "A manifest needs only a few levels of nesting; check for runaway brackets or indentation.",
    };
  }
  if (v.kind === "lines") {
    return {
      code: "yaml.too_many_lines",
      severity: "error",
      message: `The document has more than ${MANIFEST_LIMITS.maxLines.toLocaleString("en-US")} lines.`,
      path: "",
      range,
      hint: "Check the file is the manifest you meant to submit.",
    };
  }
  if (v.kind === "nodes") {
    return {
      code: "yaml.too_many_nodes",
      severity: "error",
      message: `The document has more than ${MANIFEST_LIMITS.maxNodes.toLocaleString("en-US")} YAML values and markers; a manifest needs far fewer.`,
      path: "",
      range,
      hint: "Use globs instead of long explicit lists, and check the file is the manifest you meant to submit.",
    };
  }
  return {
    code: "yaml.too_many_entries",
    severity: "error",
    message: v.mapping
      ? `A mapping has more than ${MANIFEST_LIMITS.maxEntries.toLocaleString("en-US")} keys.`
      : `A list has more than ${MANIFEST_LIMITS.maxEntries.toLocaleString("en-US")} entries.`,
    path: "",
    range,
    hint: "Use globs (e.g. /usr/share/doc/**) instead of enumerating files one by one.",
  };
}
