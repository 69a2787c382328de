/**
 * Conformance: manifests written the way module repositories write them (conformance/*.yaml) are valid — in
 * validateManifest and in the exported JSON Schema. Each may carry only the warnings listed here, so a check that
 * starts rejecting (or nagging about) real manifests fails this test, not a module author's build.
 */
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { compileManifestJsonSchema } from "./test-support";
import { validateManifest } from "./validate";

const dir = new URL("./conformance/", import.meta.url);
const files = readdirSync(dir).filter((f) => f.endsWith(".yaml")).sort();

/** Every fixture's expected warnings as [code, path]; a fixture missing here fails, so none is checked loosely. */
const EXPECTED_WARNINGS: Record<string, Array<[code: string, path: string]>> = {
  "chrony.yaml": [],
  // An empty stop command: dockerd is stopped by signal, and templates write "" for "none".
  "docker-ce.yaml": [["schema.too_short", "/services/0/stop_command"]],
  "edge-site-config.yaml": [],
  // Spring's dotted property name as an environment variable.
  "inventory-api.yaml": [["schema.invalid_key", "/services/0/env/spring.profiles.active"]],
  "k3s-server.yaml": [],
  "linux-firmware.yaml": [],
  "nginx.yaml": [],
  "node-exporter.yaml": [],
  "openssh-hardening.yaml": [],
  "postgresql.yaml": [],
  // Every key present with an empty value, as a new module's template has them.
  "starter-template.yaml": [
    ["schema.too_short", "/display_name"],
    ["schema.too_short", "/description"],
    ["license.unknown_spdx", "/license"],
    ["schema.too_short", "/init/start"],
    ["schema.too_short", "/init/stop"],
    ["schema.too_short", "/init/restart"],
  ],
  "system-base.yaml": [["schema.too_short", "/init/stop"]],
  "wireguard-overlay.yaml": [],
};

const schemaAccepts = compileManifestJsonSchema().accepts;

describe("conformance manifests", () => {
  it("the set covers the styles it is meant to", () => {
    expect(files.length).toBeGreaterThanOrEqual(8);
    expect(Object.keys(EXPECTED_WARNINGS).sort()).toEqual(files);
    const manifests = files.map((f) => parse(readFileSync(new URL(f, dir), "utf8")) as Record<string, unknown>);
    // A firmware module: reboot required, no packages.
    expect(manifests.some((m) => m.reboot_required === true && (m.package_spec === undefined || (Array.isArray(m.package_spec) && m.package_spec.length === 0)))).toBe(true);
    // A base module with a long protected_spec.
    expect(Math.max(...manifests.map((m) => (Array.isArray(m.protected_spec) ? m.protected_spec.length : 0)))).toBeGreaterThanOrEqual(100);
    // Services with HTTP and TCP health checks.
    const methods = manifests.flatMap((m) => (Array.isArray(m.services) ? (m.services as Array<{ health?: { method?: string } }>) : []).map((s) => s.health?.method));
    expect(methods).toEqual(expect.arrayContaining(["GET", "TCP"]));
  });

  it.each(files)("%s is valid, with only its expected warnings", (file) => {
    const bytes = readFileSync(new URL(file, dir));
    // The registered name is the file name, so a name mismatch would show up too.
    const result = validateManifest({ manifestYaml: bytes, moduleName: file.replace(/\.yaml$/, "") });
    expect(result.errors).toEqual([]);
    expect(result.conflicts).toEqual([]);
    expect(result.warnings.map((w) => [w.code, w.path])).toEqual(EXPECTED_WARNINGS[file]);
    expect(result.valid).toBe(true);
  });

  it.each(files)("%s passes the exported JSON Schema", (file) => {
    const value: unknown = parse(readFileSync(new URL(file, dir), "utf8"));
    expect(schemaAccepts(value), JSON.stringify(schemaAccepts.errors)).toBe(true);
  });
});
