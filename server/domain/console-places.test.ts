import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CONSOLE_PLACES } from "./console-places";
import { ISSUE_CODES } from "./manifest/codes";
import { validateManifest } from "./manifest/validate";

const root = new URL("../../", import.meta.url).pathname;
const read = (file: string) => readFileSync(join(root, file), "utf8");

function sources(dir: string): Array<[string, string]> {
  return readdirSync(join(root, dir)).flatMap((name) => {
    const rel = join(dir, name);
    if (statSync(join(root, rel)).isDirectory()) return sources(rel);
    return name.endsWith(".ts") && !name.endsWith(".test.ts") && name !== "console-places.ts" ? [[rel, read(rel)] as [string, string]] : [];
  });
}

/** A visible label in JSX: `>Edit<`, `label: "Overview"`, or a text node on its own line. */
function hasLabel(text: string, label: string): boolean {
  const escaped = label.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`label: "${escaped}"|>\\s*${escaped}\\s*<|^\\s*${escaped}\\s*$`, "m").test(text);
}

describe("console places named by hints", () => {
  it.each(Object.entries(CONSOLE_PLACES))("%s exists in the console", (_name, place) => {
    for (const check of place.checks) expect(hasLabel(read(check.file), check.label), `${check.file} shows "${check.label}"`).toBe(true);
  });

  it("no message or hint names a console place as free text", () => {
    // "on the module page (Settings)" pointed at a tab that never existed; places go through CONSOLE_PLACES.
    const pattern = /(?:module|template|instance) page \(|Settings → [A-Z]|\((?:Settings|Overview|Versions|Manifest)\)/;
    const offenders = [...sources("server/domain"), ...sources("server/services")]
      .flatMap(([file, text]) => text.split("\n").map((line, i) => [`${file}:${i + 1}`, line] as const))
      .filter(([, line]) => /hint|message|`/.test(line) && !/^\s*(\/\/|\*|\/\*)/.test(line) && pattern.test(line))
      .map(([where]) => where);
    expect(offenders).toEqual([]);
  });

  it("every legacy registration field's hint names a place that exists", () => {
    expect(ISSUE_CODES["legacy.registration_field"]).toBeDefined();
    const fields = ["category", "variety", "parent_module", "cosign_identity_regexp", "cosign_issuer_regexp", "priority", "visibility", "repository_url"];
    const yaml = `schema_version: 1\nname: nginx\n${fields.map((f) => `${f}: x`).join("\n")}\n`;
    const hints = validateManifest({ manifestYaml: yaml, moduleName: "nginx" })
      .errors.filter((i) => i.code === "legacy.registration_field")
      .map((i) => i.hint ?? "");
    expect(hints).toHaveLength(fields.length);
    const places = Object.values(CONSOLE_PLACES).map((p) => p.text);
    for (const hint of hints) expect(places.some((p) => hint.includes(p)), hint).toBe(true);
  });
});
