import { describe, expect, it } from "vitest";
import { arrayLineReader, findRequiresContext as find, requiresSuggestions, type RequiresCompletionData } from "./requires-completion";

const findRequiresContext = (lines: readonly string[], line: number, column: number) => find(arrayLineReader(lines), line, column);

const DOC = [
  "schema_version: 1", // 1
  "name: web", // 2
  "dependencies:", // 3
  "  requires:", // 4
  "    - powernode/ba", // 5
  "    # a comment", // 6
  "    - ", // 7
  "  provides:", // 8
  "    - http", // 9
  "package_spec:", // 10
  "  - nginx", // 11
  "dependencies2:", // 12
  "requires:", // 13
  "  - x", // 14
  "dependencies:", // 15
  "  requires:", // 16
  "  - 'acme/y@^1' # pinned", // 17
];

describe("findRequiresContext", () => {
  it("finds a requires item and the text to replace", () => {
    expect(findRequiresContext(DOC, 5, 19)).toEqual({ startColumn: 7, endColumn: 19, prefix: "powernode/ba" });
    expect(findRequiresContext(DOC, 5, 12)).toEqual({ startColumn: 7, endColumn: 19, prefix: "power" });
    expect(findRequiresContext(DOC, 7, 7)).toEqual({ startColumn: 7, endColumn: 7, prefix: "" });
  });

  it("handles a sequence at the key's indentation and quoted entries", () => {
    expect(findRequiresContext(DOC, 17, 9)).toEqual({ startColumn: 6, endColumn: 15, prefix: "acm" });
  });

  it("is null elsewhere: provides, other lists, a top-level requires, after a comment", () => {
    expect(findRequiresContext(DOC, 9, 11)).toBeNull();
    expect(findRequiresContext(DOC, 11, 10)).toBeNull();
    expect(findRequiresContext(DOC, 14, 6)).toBeNull();
    expect(findRequiresContext(DOC, 17, 26)).toBeNull();
    expect(findRequiresContext(DOC, 4, 5)).toBeNull();
    expect(findRequiresContext(DOC, 99, 1)).toBeNull();
  });
});

describe("requiresSuggestions", () => {
  const data: RequiresCompletionData = {
    owner: "powernode",
    modules: [
      { name: "base", displayName: "Base", versions: [{ version: "2.0.0", state: "live" }, { version: "1.0.0", state: "retired" }], provides: ["time.sync"] },
      { name: "web", displayName: "Web", versions: [{ version: "1.0.0", state: "live" }], provides: ["http.port:80"] },
      { name: "old", displayName: "Old", versions: [{ version: "0.1.0", state: "retired" }], provides: ["time.sync"] },
    ],
  };

  it("offers owner/module@^version (newest first, retired only when nothing else), any version, and capabilities", () => {
    const labels = requiresSuggestions(data, "web").map((s) => s.label);
    expect(labels).toEqual([
      "powernode/base@^2.0.0",
      "powernode/base@*",
      "powernode/old@^0.1.0",
      "powernode/old@*",
      "capability:time.sync",
    ]);
    const cap = requiresSuggestions(data, "web").find((s) => s.kind === "capability");
    expect(cap?.detail).toBe("provided by base, old");
  });

  it("sorts so each module's suggestions stay together", () => {
    const sorted = [...requiresSuggestions(data, "nobody")].sort((a, b) => (a.sortText < b.sortText ? -1 : 1)).map((s) => s.label);
    expect(sorted.slice(0, 4)).toEqual(["powernode/base@^2.0.0", "powernode/base@*", "powernode/web@^1.0.0", "powernode/web@*"]);
  });
});
