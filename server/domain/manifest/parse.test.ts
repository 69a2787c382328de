import { describe, expect, it } from "vitest";
import { parseManifestYaml } from "./parse";
import { check, codes, only, rangeText } from "./test-support";

describe("YAML syntax", () => {
  it("reports syntax errors with their range and nothing else", () => {
    const r = check("schema_version: 1\nname: demo\nfile_spec: [/a, /b\nmask: x\n");
    expect(r.valid).toBe(false);
    expect(new Set(codes(r))).toEqual(new Set(["yaml.syntax"]));
    // yaml notices the unclosed [ where the next key starts.
    expect(r.errors[0]?.range.startLine).toBe(4);
  });

  it("tabs as indentation", () => {
    const issue = r0(check("schema_version: 1\nbuild:\n\tk3s_version: v1\n"));
    expect(issue.code).toBe("yaml.syntax");
    expect(rangeText(issue.range)).toBe("3:1-3:2");
    expect(issue.hint).toContain("spaces");
  });

  it("an unclosed quote", () => {
    const issue = r0(check('schema_version: 1\nname: "demo\n'));
    expect(issue.code).toBe("yaml.syntax");
    expect(rangeText(issue.range)).toBe("2:11-2:12");
  });

  it("duplicate keys are errors on the second key", () => {
    const issue = only(check("schema_version: 1\nname: a\nlicense: MIT\nname: b\n"), "yaml.duplicate_key");
    expect(rangeText(issue.range)).toBe("4:1-4:5");
    expect(issue.path).toBe("/name");
  });

  it("duplicate keys inside nested mappings", () => {
    const issue = only(check("schema_version: 1\nname: a\nbuild:\n  k3s_version: a\n  k3s_version: b\n"), "yaml.duplicate_key");
    expect(issue.path).toBe("/build/k3s_version");
    expect(rangeText(issue.range)).toBe("5:3-5:14");
  });

  it("a second document", () => {
    const issue = only(check("schema_version: 1\nname: a\n---\nname: b\n"), "yaml.multiple_documents");
    expect(rangeText(issue.range)).toBe("3:1-4:8");
  });

  it("an empty document", () => {
    expect(codes(check(""))).toEqual(["manifest.empty"]);
    expect(codes(check("# only a comment\n"))).toEqual(["manifest.empty"]);
  });

  it("complex keys", () => {
    expect(rangeText(only(check("? [a, b]\n: 1\n"), "yaml.non_scalar_key").range)).toBe("1:3-1:9");
  });

  it("unknown tags are warnings, values read as strings", () => {
    const r = check("schema_version: 1\nname: demo\nlicense: !spdx MIT\n");
    expect(r.valid).toBe(true);
    expect(rangeText(only(r, "yaml.unknown_tag").range)).toBe("3:10-3:15");
  });

  it("other parser warnings are passed on", () => {
    const r = check("%YAML 1.3\n---\nschema_version: 1\nname: demo\n");
    expect(r.valid).toBe(true);
    const issue = only(r, "yaml.warning");
    expect(issue.message).toBe("Unsupported YAML version 1.3");
    expect(rangeText(issue.range)).toBe("1:7-1:10");
  });

  it("caps the number of syntax errors reported", () => {
    const text = Array.from({ length: 200 }, () => "a: [}\n").join("");
    const r = check(text);
    expect(r.errors.length).toBe(51);
    expect(r.errors[r.errors.length - 1]?.message).toMatch(/more YAML syntax errors? not shown/);
  });
});

describe("anchors and aliases", () => {
  it("legitimate aliases validate, and issues inside them point at the use site", () => {
    const text = [
      "schema_version: 1",
      "name: demo",
      "services:",
      "  - name: a",
      "    env: &env",
      "      LANG: C.UTF-8",
      "      PORT: 80",
      "  - name: b",
      "    env: *env",
      "",
    ].join("\n");
    const r = check(text);
    const ranges = r.errors.map((e) => [e.path, rangeText(e.range)]);
    expect(ranges).toEqual([
      ["/services/0/env/PORT", "7:13-7:15"],
      ["/services/1/env/PORT", "9:10-9:14"],
    ]);
  });
});

describe("source ranges", () => {
  const text = [
    "schema_version: 1",
    "name: demo",
    "description: |",
    "  multi",
    "  line",
    "services:",
    "  - name: web",
    "    exposed_ports:",
    "      - {port: 80, protocol: tcp}",
    "build:",
    "",
  ].join("\n");
  const parsed = parseManifestYaml(text);

  it("maps values, keys and missing keys", () => {
    expect(rangeText(parsed.valueRange(["name"]))).toBe("2:7-2:11");
    expect(rangeText(parsed.keyRange(["name"]))).toBe("2:1-2:5");
    expect(rangeText(parsed.valueRange(["description"]))).toBe("3:14-5:7");
    expect(rangeText(parsed.valueRange(["services", 0, "exposed_ports", 0, "protocol"]))).toBe("9:30-9:33");
    expect(rangeText(parsed.valueRange(["services", "0", "name"]))).toBe("7:11-7:14");
    // Missing: the parent's key, or the list item's first line.
    expect(rangeText(parsed.valueRange(["services", 0, "user"]))).toBe("7:5-7:14");
    expect(rangeText(parsed.valueRange(["services", 0, "exposed_ports", 0, "name"]))).toBe("9:9-9:34");
    // An empty value: the key.
    expect(rangeText(parsed.valueRange(["build"]))).toBe("10:1-10:6");
    expect(rangeText(parsed.valueRange(["build", "k3s_version"]))).toBe("10:1-10:6");
    // The document itself: its first line.
    expect(rangeText(parsed.valueRange([]))).toBe("1:1-1:18");
  });

  it("never throws on odd paths", () => {
    expect(parsed.locate(["name", "x", 3]).found).toBe(false);
    expect(parsed.locate(["services", 99]).found).toBe(false);
    expect(parsed.locate(["services", "x"]).found).toBe(false);
  });
});

function r0(result: ReturnType<typeof check>) {
  const first = result.errors[0];
  if (!first) throw new Error("no errors");
  return first;
}
