import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { ANNOTATION, MEDIA, artifactVersion, moduleLayers, parseTopLevel } from "../ingest";
import { validateManifest } from "../manifest";
import { checkRegexpShape, regexpMatches } from "../registration/regexp";
import { exampleFilePath, generateStarterRepo, suggestedIdentityRegexp, suggestedIssuerRegexp, WORKFLOW_FILES, type StarterInput } from "./starter";

const VARIETIES: StarterInput[] = [
  { name: "my-mod" },
  { name: "edge-conf", variety: "instance", category: "network-overlay" },
  { name: "nginx-tuning", variety: "config", parentModule: "nginx" },
];

const fileOf = (input: StarterInput, path: string) => {
  const f = generateStarterRepo(input).find((x) => x.path === path);
  if (!f) throw new Error(`no ${path}`);
  return f.content;
};

/**
 * The `oras push` of a workflow, turned into the OCI manifest oras would push: artifact type, annotations and one
 * layer per `file:mediaType`. What the ingest code then makes of it is what Strata would make of the real push.
 */
function ociManifestFromWorkflow(workflowYaml: string, version: string) {
  const doc = parse(workflowYaml) as { jobs: { build: { steps: { name?: string; run?: string }[] } } };
  const push = doc.jobs.build.steps.find((s) => s.run?.includes("oras push"))?.run;
  if (!push) throw new Error("no oras push step");
  const command = push.slice(push.indexOf("oras push")).replace(/\\\n\s*/g, " ").split("\n")[0]!;
  const artifactType = /--artifact-type (\S+)/.exec(command)?.[1];
  const annotations: Record<string, string> = {};
  for (const m of command.matchAll(/--annotation "([^="]+)=([^"]*)"/g)) annotations[m[1]!] = m[2]!.replace("$VERSION", version);
  const layers = [...command.matchAll(/ ([\w.-]+\.(?:tar|yaml|txt)):(\S+)/g)].map((m, i) => ({
    mediaType: m[2]!,
    digest: `sha256:${String(i).repeat(64).slice(0, 64)}`,
    size: 10,
    annotations: { "org.opencontainers.image.title": m[1]! },
  }));
  return { schemaVersion: 2, mediaType: MEDIA.ociManifest, artifactType, config: { mediaType: MEDIA.empty, digest: `sha256:${"e".repeat(64)}`, size: 2 }, layers, annotations };
}

describe("generateStarterRepo", () => {
  it.each(VARIETIES)("writes a manifest that validates without an issue ($name)", (input) => {
    const result = validateManifest({ manifestYaml: fileOf(input, "manifest.yaml"), moduleName: input.name, ...(input.category ? { categorySlug: input.category } : {}) });
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it("lists every top-level manifest key", () => {
    const doc = parse(fileOf({ name: "my-mod" }, "manifest.yaml")) as Record<string, unknown>;
    expect(Object.keys(doc).sort()).toEqual(
      ["build", "dependencies", "dependency_spec", "description", "display_name", "file_spec", "init", "license", "mask", "name", "package_spec", "protected_spec", "reboot_required", "schema_version", "security", "services", "skills"].sort(),
    );
  });

  it("ships the example file: file_spec covers it", () => {
    for (const input of VARIETIES) {
      const files = generateStarterRepo(input).map((f) => f.path);
      expect(files).toContain(`rootfs/${exampleFilePath(input)}`);
    }
  });

  it("has both workflows, the Containerfile and the README", () => {
    const paths = generateStarterRepo({ name: "my-mod" }).map((f) => f.path);
    expect(paths).toEqual(expect.arrayContaining(["README.md", "Containerfile", WORKFLOW_FILES.gitea, WORKFLOW_FILES.github]));
  });

  it.each(Object.values(WORKFLOW_FILES))("%s parses as YAML and pushes what the ingest code reads", (path) => {
    const workflow = fileOf({ name: "my-mod", ociRepository: "registry.example.com/acme/modules/my-mod" }, path);
    const doc = parse(workflow) as { permissions: Record<string, string>; jobs: { build: { steps: { run?: string }[] } } };
    expect(doc.permissions["id-token"]).toBe("write");
    const runs = doc.jobs.build.steps.map((s) => s.run ?? "").join("\n");
    for (const type of [MEDIA.moduleArtifact, MEDIA.moduleManifestYaml, MEDIA.fileList, MEDIA.packageList]) expect(runs).toContain(type);
    for (const key of Object.values(ANNOTATION)) expect(runs).toContain(key);
    expect(runs).toContain("cosign sign --yes --new-bundle-format");
    expect(runs).toContain("/api/v1/system/ingest/webhook?account=");

    const top = parseTopLevel(ociManifestFromWorkflow(workflow, "0.1.7"), MEDIA.ociManifest);
    expect(top.ok).toBe(true);
    if (!top.ok || top.value.kind !== "manifest") throw new Error("not a manifest");
    const layers = moduleLayers(top.value);
    expect(layers.ok).toBe(true);
    if (!layers.ok) throw new Error(layers.issues.join("; "));
    expect(layers.layers.fileList).toBeDefined();
    expect(layers.layers.packageList).toBeDefined();
    expect(artifactVersion("0.1.7", top.value.annotations)).toEqual({ ok: true, version: "0.1.7" });
  });

  it("fills in the registered repository and regexps", () => {
    const input: StarterInput = {
      name: "my-mod",
      ociRepository: "registry.example.com/acme/modules/my-mod",
      cosignIdentityRegexp: "^https://git\\.example\\.com/acme/my-mod/\\.gitea/workflows/build\\.yaml@refs/heads/main$",
      strataUrl: "https://strata.example.com/",
      accountSlug: "acme",
    };
    const workflow = fileOf(input, WORKFLOW_FILES.gitea);
    expect(workflow).toContain("REPO: registry.example.com/acme/modules/my-mod");
    expect(workflow).toContain(`cosign_identity_regexp: ${input.cosignIdentityRegexp}`);
    expect(workflow).toContain("STRATA_URL: https://strata.example.com\n");
    expect(workflow).toContain("STRATA_ACCOUNT: acme");
  });

  it("refuses a config module without a parent and a bad name", () => {
    expect(() => generateStarterRepo({ name: "x-conf", variety: "config" })).toThrow(/parent/);
    expect(() => generateStarterRepo({ name: "Bad_Name" })).toThrow(/invalid module name/);
  });
});

describe("suggested signer regexps", () => {
  it("match the identity keyless signing gives the workflow, and pass registration's shape check", () => {
    const gitea = suggestedIdentityRegexp("https://git.example.com/acme/my-mod.git", "gitea")!;
    expect(checkRegexpShape(gitea).ok).toBe(true);
    expect(regexpMatches(gitea, "https://git.example.com/acme/my-mod/.gitea/workflows/build.yaml@refs/heads/main")).toBe(true);
    expect(regexpMatches(gitea, "https://git.example.com/acme/my-mod/.gitea/workflows/build.yaml@refs/tags/v1.2.0")).toBe(true);
    expect(regexpMatches(gitea, "https://git.example.com/acme/other/.gitea/workflows/build.yaml@refs/heads/main")).toBe(false);
    const github = suggestedIdentityRegexp("https://github.com/acme/my-mod", "github")!;
    expect(regexpMatches(github, "https://github.com/acme/my-mod/.github/workflows/build.yaml@refs/heads/main")).toBe(true);
    expect(regexpMatches(suggestedIssuerRegexp(null, "github")!, "https://token.actions.githubusercontent.com")).toBe(true);
    expect(regexpMatches(suggestedIssuerRegexp("https://git.example.com/acme/my-mod", "gitea")!, "https://git.example.com")).toBe(true);
    expect(suggestedIdentityRegexp("not a url", "gitea")).toBeNull();
  });
});
