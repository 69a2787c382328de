import { describe, expect, it } from "vitest";
import { reachableCatalogModules, type ReachabilityCatalog } from "./reachability";

function catalog(modules: Record<string, string[]>): ReachabilityCatalog & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    has: (name) => Object.hasOwn(modules, name),
    requiresOf: (name) => {
      asked.push(name);
      return modules[name]!;
    },
  };
}

describe("reachableCatalogModules", () => {
  it("follows the owner's module references transitively, and asks each reached module's requirements once", () => {
    const c = catalog({ tls: ["powernode/openssl@^3"], openssl: ["powernode/libc"], libc: [], unrelated: ["powernode/libc"] });
    expect(reachableCatalogModules("powernode", [["powernode/tls@^1.0.0", "powernode/openssl"]], c)).toEqual(new Set(["tls", "openssl", "libc"]));
    expect(c.asked.sort()).toEqual(["libc", "openssl", "tls"]);
  });

  it("ignores capabilities, other owners, invalid references and modules outside the catalog (unknown or already assigned)", () => {
    const c = catalog({ base: [], foreign: [] });
    const roots = [["capability:http-server", "other/base@^1", "not a reference", "powernode/assigned", "powernode/nowhere"], ["powernode/base@nonsense"]];
    expect(reachableCatalogModules("powernode", roots, c)).toEqual(new Set());
    expect(c.asked).toEqual([]);
  });

  it("terminates on cycles and starts from every root", () => {
    const c = catalog({ a: ["powernode/b"], b: ["powernode/a"], c: [] });
    expect(reachableCatalogModules("powernode", [["powernode/a"], [], ["powernode/c"]], c)).toEqual(new Set(["a", "b", "c"]));
    expect(c.asked.sort()).toEqual(["a", "b", "c"]);
  });

  it("is empty without roots", () => {
    expect(reachableCatalogModules("powernode", [], catalog({ a: [] }))).toEqual(new Set());
  });
});
