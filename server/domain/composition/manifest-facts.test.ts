import { describe, expect, it } from "vitest";
import { EMPTY_FACTS, manifestFacts } from "./manifest-facts";

describe("manifestFacts", () => {
  it("reads the composition fields and drops the name", () => {
    const yaml = "schema_version: 1\nname: nginx\nfile_spec: ['/etc/nginx/**']\nmask: ['*.bak']\nprotected_spec: ['/etc/nginx/secret']\ndependencies:\n  requires: ['powernode/base@^1']\n  provides: ['http.port:80']\n";
    expect(manifestFacts(yaml)).toEqual({
      fileSpec: ["/etc/nginx/**"],
      mask: ["*.bak"],
      protectedSpec: ["/etc/nginx/secret"],
      requires: ["powernode/base@^1"],
      provides: ["http.port:80"],
      readable: true,
    });
  });

  it("is empty and unreadable for an empty manifest, broken YAML or fields of the wrong type", () => {
    expect(manifestFacts("  \n")).toEqual(EMPTY_FACTS);
    expect(manifestFacts("name: [unclosed\n")).toEqual({ ...EMPTY_FACTS, readable: false });
    expect(manifestFacts("name: x\nfile_spec: /etc/**\n").readable).toBe(false);
  });
});
