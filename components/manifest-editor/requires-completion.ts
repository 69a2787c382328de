/**
 * Completion of `dependencies.requires` entries: `<owner>/<module>@^<version>` for the account's modules and their
 * versions, and `capability:<tag>` for the capabilities they provide. Pure (text in, suggestions out); the Monaco
 * provider in monaco-integration.ts adapts it.
 *
 * Context detection works on block-style YAML (every real manifest): the cursor is on a `- ` item whose nearest
 * less-indented key line is `requires:` under a top-level `dependencies:`.
 */

export interface CompletionModule {
  name: string;
  displayName: string;
  versions: { version: string; state: string }[];
  provides: string[];
}

export interface RequiresCompletionData {
  owner: string;
  modules: CompletionModule[];
}

export interface RequiresContext {
  /** 1-based columns of the entry's text to replace (quotes excluded). */
  startColumn: number;
  endColumn: number;
  /** What is typed so far, up to the cursor. */
  prefix: string;
}

export interface RequiresSuggestion {
  label: string;
  detail: string;
  documentation: string;
  /** Keeps modules together and each module's newest version first. */
  sortText: string;
  kind: "module" | "any-version" | "capability";
}

const ITEM = /^(\s*)-(\s*)(["']?)([^\s"'#]*)$/;
const KEY_LINE = /^(\s*)([A-Za-z0-9_."'-]+)\s*:\s*(#.*)?$/;

function indentOf(line: string): number {
  return line.length - line.trimStart().length;
}

function isBlankOrComment(line: string): boolean {
  const t = line.trim();
  return t === "" || t.startsWith("#");
}

function keyName(raw: string): string {
  return raw.replace(/^["']|["']$/g, "");
}

/** Reads a 1-based line; undefined past either end. (A function, so the editor need not copy every line.) */
export type LineReader = (lineNumber: number) => string | undefined;

export function arrayLineReader(lines: readonly string[]): LineReader {
  return (n) => lines[n - 1];
}

/** The nearest preceding line number that opens a block less indented than `indent`, or an equally indented key. */
function parentKeyLine(line: LineReader, from: number, indent: number, allowEqual: boolean): number {
  for (let i = from; i >= 1; i--) {
    const text = line(i) ?? "";
    if (isBlankOrComment(text)) continue;
    const ind = indentOf(text);
    if (ind < indent || (allowEqual && ind === indent && !text.trimStart().startsWith("-"))) return i;
  }
  return -1;
}

export function findRequiresContext(read: LineReader, lineNumber: number, column: number): RequiresContext | null {
  const line = read(lineNumber);
  if (line === undefined) return null;
  const before = line.slice(0, column - 1);
  const m = ITEM.exec(before);
  if (!m) return null;
  const itemIndent = (m[1] ?? "").length;
  // A sequence may sit at the same indentation as its key (`requires:\n- x`) or deeper.
  const keyLine = parentKeyLine(read, lineNumber - 1, itemIndent, true);
  if (keyLine < 0) return null;
  const key = KEY_LINE.exec(read(keyLine) ?? "");
  if (!key || keyName(key[2] ?? "") !== "requires") return null;
  const requiresIndent = (key[1] ?? "").length;
  if (requiresIndent === 0) return null;
  const parentLine = parentKeyLine(read, keyLine - 1, requiresIndent, false);
  const parent = KEY_LINE.exec(read(parentLine) ?? "");
  if (!parent || keyName(parent[2] ?? "") !== "dependencies" || (parent[1] ?? "").length !== 0) return null;

  const prefix = m[4] ?? "";
  const startColumn = column - prefix.length;
  const after = line.slice(column - 1);
  const rest = /^[^\s"'#]*/.exec(after)?.[0] ?? "";
  return { startColumn, endColumn: column + rest.length, prefix };
}

/** Suggestions for a requires entry. Retired versions are offered last; the module itself never. */
export function requiresSuggestions(data: RequiresCompletionData, selfName: string): RequiresSuggestion[] {
  const out: RequiresSuggestion[] = [];
  const modules = data.modules.filter((m) => m.name !== selfName);
  modules.forEach((m, mi) => {
    const group = String(mi).padStart(4, "0");
    const usable = m.versions.filter((v) => v.state !== "retired");
    const offered = usable.length > 0 ? usable : m.versions;
    const seen = new Set<string>();
    offered.forEach((v, vi) => {
      const label = `${data.owner}/${m.name}@^${v.version}`;
      if (seen.has(label)) return;
      seen.add(label);
      out.push({
        label,
        kind: "module",
        detail: `${m.displayName} — ${v.version} (${v.state})`,
        documentation: `Requires ${m.name} ${v.version} or a later compatible version (caret range: same major version).`,
        sortText: `a${group}${String(vi).padStart(4, "0")}`,
      });
    });
    out.push({
      label: `${data.owner}/${m.name}@*`,
      kind: "any-version",
      detail: `${m.displayName} — any version`,
      documentation: m.versions.length === 0 ? `${m.name} has no versions yet.` : `Any version of ${m.name}.`,
      sortText: `a${group}9999`,
    });
  });
  const tags = new Map<string, string[]>();
  for (const m of modules) for (const tag of m.provides) tags.set(tag, [...(tags.get(tag) ?? []), m.name]);
  [...tags.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .forEach(([tag, providers], i) => {
      out.push({
        label: `capability:${tag}`,
        kind: "capability",
        detail: `provided by ${providers.join(", ")}`,
        documentation: `Satisfied by any module in the composition that provides \`${tag}\`.`,
        sortText: `b${String(i).padStart(4, "0")}`,
      });
    });
  return out;
}
