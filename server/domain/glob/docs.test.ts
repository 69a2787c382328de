/** docs/globs.md is the definition of the glob language: every example row in it must hold for the engine. */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { MAX_GLOB_LENGTH, MAX_GLOB_SEGMENTS, MAX_GLOB_WILDCARDS, OVERLAP_STEPS_PER_PAIR, OVERLAP_STEPS_PER_VALIDATION } from "./limits";
import { overlap } from "./overlap";
import { compileGlob, parseGlob } from "./parse";
import { referenceCovers, referenceMatches } from "./test-reference";

const doc = readFileSync(new URL("../../../docs/globs.md", import.meta.url), "utf8");

/** Rows of the markdown table whose header row is exactly `header`. */
function table(header: string): string[][] {
  const lines = doc.split("\n");
  const start = lines.indexOf(header);
  if (start < 0) throw new Error(`no table "${header}" in docs/globs.md`);
  const rows: string[][] = [];
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith("|")) break;
    rows.push(line.slice(1, -1).split(" | ").map((cell) => cell.trim()));
  }
  return rows;
}

/** A cell holding one code span: its content. (The table cells never contain " | " or backticks inside.) */
function code(cell: string): string {
  const m = /^`(.*)`$/.exec(cell);
  if (!m) throw new Error(`expected a code span, got ${cell}`);
  return m[1]!;
}

const yesNo = (cell: string) => {
  if (cell !== "yes" && cell !== "no") throw new Error(`expected yes or no, got ${cell}`);
  return cell === "yes";
};

describe("docs/globs.md", () => {
  it("matching and covering examples", () => {
    const rows = table("| glob | path | matches | covers |");
    expect(rows.length).toBeGreaterThan(25);
    for (const [glob, path, matches, covers] of rows) {
      const g = compileGlob(code(glob!));
      expect(g.matches(code(path!)), `${glob} matches ${path}`).toBe(yesNo(matches!));
      expect(g.covers(code(path!)), `${glob} covers ${path}`).toBe(yesNo(covers!));
      if (!glob!.includes("\\")) {
        expect(referenceMatches(code(glob!), code(path!)), `reference: ${glob} matches ${path}`).toBe(yesNo(matches!));
        expect(referenceCovers(code(glob!), code(path!)), `reference: ${glob} covers ${path}`).toBe(yesNo(covers!));
      }
    }
  });

  it("overlap examples", () => {
    const rows = table("| a | b | overlap |");
    expect(rows.length).toBeGreaterThan(8);
    for (const [a, b, expected] of rows) {
      const r = overlap(compileGlob(code(a!)), compileGlob(code(b!)));
      expect(r.kind === "overlap" ? `\`${r.example}\`` : r.kind === "disjoint" ? "no" : "undecided", `${a} ∩ ${b}`).toBe(expected);
    }
  });

  it("problem examples", () => {
    const rows = table("| glob | problem |");
    for (const [glob, problem] of rows) {
      const source = glob === "(empty)" ? "" : code(glob!);
      const found = parseGlob(source).problems.map((p) => (p.severity === "warning" ? `\`${p.code}\` (warning)` : `\`${p.code}\``));
      expect(found.length > 0 ? found.join(", ") : "none", source).toBe(problem);
    }
  });

  it("bounds and budgets state the values in limits.ts", () => {
    const rows = table("| bound | value | when exceeded |");
    const values = rows.map(([, value]) => Number(value!.replace(/,/g, "")));
    expect(values).toEqual([MAX_GLOB_LENGTH, MAX_GLOB_WILDCARDS, MAX_GLOB_SEGMENTS, OVERLAP_STEPS_PER_PAIR, OVERLAP_STEPS_PER_VALIDATION]);
  });
});
