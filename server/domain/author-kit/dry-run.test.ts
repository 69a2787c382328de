import { describe, expect, it } from "vitest";
import { dryRun } from "./dry-run";

const MANIFEST = `schema_version: 1
name: web
package_spec: [nginx, ssl-cert=1.1.2]
file_spec:
  - /etc/web
  - /usr/share/web/*.html
  - /opt/never/**
mask:
  - /etc/web/secret.key
`;

describe("dryRun", () => {
  const result = dryRun({
    manifestYaml: MANIFEST,
    files: [
      { path: "/etc/web/web.conf", text: "listen 80\n" },
      { path: "/etc/web/conf.d/a.conf", text: "" },
      { path: "/etc/web/secret.key", text: null },
      { path: "/usr/share/web/index.html", text: "<h1>${instance.hostname}</h1>" },
      { path: "/usr/share/web/img/logo.png", text: null },
      { path: "/etc/hosts", text: "" },
    ],
    otherModules: [
      { module: "base", protectedSpec: ["/etc/web/conf.d/**"] },
      { module: "web", protectedSpec: ["/etc/web/**"] },
    ],
  });

  it("ships what file_spec covers (a directory selects everything below it) minus the mask, sorted", () => {
    expect(result.validation.valid).toBe(true);
    expect(result.fileList).toEqual(["/etc/web/conf.d/a.conf", "/etc/web/web.conf", "/usr/share/web/index.html"]);
    expect(result.masked).toEqual(["/etc/web/secret.key"]);
  });

  it("reports files no glob covers and globs that cover no file", () => {
    // `*.html` covers only one segment: the image below img/ does not ship.
    expect(result.notCovered).toEqual(["/etc/hosts", "/usr/share/web/img/logo.png"]);
    expect(result.unmatchedGlobs).toEqual(["/opt/never/**"]);
  });

  it("lists packages and the parsed manifest", () => {
    expect(result.packageList).toEqual(["nginx", "ssl-cert=1.1.2"]);
    expect((result.manifest as { name: string }).name).toBe("web");
  });

  it("names what another module protects, never the module itself", () => {
    expect(result.protectedElsewhere).toEqual([{ path: "/etc/web/conf.d/a.conf", module: "base", glob: "/etc/web/conf.d/**" }]);
  });

  it("finds placeholders in shipped files; renders them with instance metadata", () => {
    expect(result.placeholders).toEqual([{ path: "/usr/share/web/index.html", names: ["instance.hostname"], missing: [], unknown: [], rendered: null }]);
    const rendered = dryRun({
      manifestYaml: MANIFEST,
      files: [{ path: "/usr/share/web/index.html", text: "${instance.hostname} ${instance.site} ${instance.color}" }],
      instanceMetadata: { hostname: "edge-1" },
    });
    expect(rendered.placeholders).toEqual([
      {
        path: "/usr/share/web/index.html",
        names: ["instance.hostname", "instance.site", "instance.color"],
        missing: ["instance.site", "instance.color"],
        unknown: ["instance.color"],
        rendered: "edge-1 ${instance.site} ${instance.color}",
      },
    ]);
  });

  it("an invalid manifest is reported (the CLI exits 1) and nothing is parsed from broken YAML", () => {
    const r = dryRun({ manifestYaml: "schema_version: 1\nname: web\nfile_spec: [etc/web]\n", files: [{ path: "/etc/web/x" }] });
    expect(r.validation.errors.map((e) => e.code)).toEqual(["glob.not_absolute"]);
    const broken = dryRun({ manifestYaml: "file_spec: [\n", files: [{ path: "/etc/web/x" }] });
    expect(broken.validation.valid).toBe(false);
    expect(broken.manifest).toBeNull();
    expect(broken.fileList).toEqual([]);
  });
});
