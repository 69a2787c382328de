/**
 * The starter repository of a module (docs/authoring.md): the one generator behind `strata init` and the module
 * page's "Download starter repo". Pure: it returns the files, the caller writes them to disk or into a zip.
 *
 * The CI workflows interpolate the media types and annotations from the ingest code's own constants
 * (server/domain/ingest/media-types.ts), so what CI pushes and what Strata reads cannot drift apart.
 */
import { ANNOTATION, MEDIA } from "../ingest/media-types";
import { MODULE_NAME_PATTERN } from "../manifest/schema";

export type StarterVariety = "subscription" | "config" | "instance";
export const STARTER_VARIETIES: readonly StarterVariety[] = ["subscription", "config", "instance"];

export interface StarterInput {
  /** The module name (the manifest's `name`, the registered module's name). */
  name: string;
  displayName?: string | null;
  description?: string | null;
  /** Registration fields: written into the README (they are not manifest keys). */
  category?: string | null;
  variety?: StarterVariety | null;
  parentModule?: string | null;
  /** Known once the module is registered (the module page's download); placeholders otherwise. */
  repositoryUrl?: string | null;
  ociRepository?: string | null;
  cosignIdentityRegexp?: string | null;
  cosignIssuerRegexp?: string | null;
  /** The console's address and the account, for the webhook call and the README's links. */
  strataUrl?: string | null;
  accountSlug?: string | null;
}

export interface StarterFile {
  /** Relative, `/`-separated. */
  path: string;
  content: string;
}

export const GITHUB_ISSUER = "https://token.actions.githubusercontent.com";
export const WORKFLOW_FILES = { gitea: ".gitea/workflows/build.yaml", github: ".github/workflows/build.yaml" } as const;

/** The example file every starter ships, relative to rootfs/ (so `/etc/<name>/<name>.conf` on the node). */
export function exampleFilePath(input: Pick<StarterInput, "name" | "variety" | "parentModule">): string {
  if (input.variety === "config" && input.parentModule) return `etc/${input.parentModule}/conf.d/${input.name}.conf`;
  return `etc/${input.name}/${input.name}.conf`;
}

function escapeRegexp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * The identity regexp a keyless signature from this repository's workflow carries: the workflow file at a branch
 * or a `v*` tag. Null without a repository URL (the author fills it in at registration).
 */
export function suggestedIdentityRegexp(repositoryUrl: string | null | undefined, forge: keyof typeof WORKFLOW_FILES): string | null {
  if (!repositoryUrl) return null;
  const base = repositoryUrl.replace(/\.git$/, "").replace(/\/+$/, "");
  if (!/^https:\/\/[^\s]+$/.test(base)) return null;
  return `^${escapeRegexp(base)}/${escapeRegexp(WORKFLOW_FILES[forge])}@refs/(heads/main|tags/v.*)$`;
}

/** The OIDC issuer regexp for a forge: GitHub's fixed issuer, or a Gitea/Forgejo instance's own URL. */
export function suggestedIssuerRegexp(repositoryUrl: string | null | undefined, forge: keyof typeof WORKFLOW_FILES): string | null {
  if (forge === "github") return `^${escapeRegexp(GITHUB_ISSUER)}$`;
  const origin = repositoryUrl ? /^(https:\/\/[^/\s]+)/.exec(repositoryUrl)?.[1] : undefined;
  return origin ? `^${escapeRegexp(origin)}$` : null;
}

function yamlString(value: string): string {
  return JSON.stringify(value);
}

function titleOf(name: string): string {
  return name
    .split("-")
    .map((w) => (w ? w[0]!.toUpperCase() + w.slice(1) : w))
    .join(" ");
}

function manifestYaml(input: StarterInput): string {
  const display = input.displayName?.trim() || titleOf(input.name);
  const description = input.description?.trim() || `What ${input.name} adds to a node, in a sentence or two.`;
  const fileGlob = input.variety === "config" && input.parentModule ? `/etc/${input.parentModule}/conf.d/${input.name}.conf` : `/etc/${input.name}/**`;
  return `# manifest.yaml: what this module ships and needs (schema_version 1). Every key is listed; optional ones hold
# their empty value. Check it with \`strata validate manifest.yaml\`, preview the build with \`strata dry-run\`.
# Category, variety, parent module and the cosign regexps are registration fields: they live on the module page
# in Strata, never here.

# Required, always 1.
schema_version: 1
# Required: the registered module's name (lowercase letters, digits, dashes).
name: ${input.name}
# Shown in the console (at most 200 characters).
display_name: ${yamlString(display)}
description: ${yamlString(description)}
# An SPDX identifier or expression (a warning when unknown).
license: Apache-2.0

# Debian packages installed into the module's layer: \`name\` or \`name=version\` to pin one.
package_spec: []

# Absolute rsync-style globs of the paths the module ships (\`*\`, \`**\`, \`?\`, \`[...]\`). A directory selects
# everything below it. Files under rootfs/ that no glob covers do not ship (\`strata dry-run\` lists them).
file_spec:
  - ${fileGlob}

# Globs left out of this module's own artifact.
mask: []

# Globs this module owns: no other module in a composition may ship them (theirs are dropped).
protected_spec: []

# Kept for compatibility; inherited by child modules.
dependency_spec: []

dependencies:
  # \`<owner>/<module>@<semver range>\` or \`capability:<tag>[@<range>]\`.
  requires: []
  # Capability tags; one with a value part (\`http.port:80\`) is exclusive.
  provides: []

# Commands the node runs for the module as a whole: start, stop, restart (each a command string), e.g.
#   init: { start: /usr/bin/${input.name} --oneshot, stop: /usr/bin/pkill ${input.name}, restart: /usr/bin/${input.name} --reload }
init: {}

# Long-running services, e.g.
#   - name: ${input.name}
#     start_command: /usr/bin/${input.name} --config /etc/${input.name}/${input.name}.conf
#     restart_policy: on-failure      # never | on-failure | always
#     exposed_ports: [{ port: 8080, protocol: tcp, name: http }]
#     health: { endpoint: "http://127.0.0.1:8080/healthz", method: GET, interval_seconds: 10, timeout_seconds: 3 }
services: []

# Whether activating the module needs a reboot.
reboot_required: false

security:
  # Linux capabilities the module needs (CAP_…).
  capabilities: []
  # selinux_profile: ${input.name}_t
  # apparmor_profile: usr.bin.${input.name}
  seccomp_profile: null    # a profile name, or null for the runtime's default
  # Hosts or CIDRs (host:port allowed) the module may reach.
  egress_allow: []
  privileged: false
  user_namespace: false

# Free-form skills the module brings (names or mappings).
skills: []

# Reproducible-build pins; null until you pin them.
build:
  ubuntu_digest: null      # sha256:<64 hex> of the base image
  apt_snapshot: null       # YYYYMMDDTHHMMSSZ of snapshot.debian.org / snapshot.ubuntu.com
  # firmware_repo: https://git.example.com/firmware.git
  # firmware_ref: v1.0.0
  # k3s_version: v1.31.2+k3s1
`;
}

function exampleFile(input: StarterInput): string {
  if (input.variety === "instance") {
    return `# ${input.name}: one node's settings. Strata's agent replaces the \${instance.*} placeholders with this node's
# metadata (hostname, site, labels; set on the instance page). Preview with
#   strata dry-run --instance-metadata meta.json
hostname = \${instance.hostname}
site = \${instance.site}
rack = \${instance.labels.rack}
`;
  }
  if (input.variety === "config") {
    return `# ${input.name}: configuration that overrides ${input.parentModule ?? "the parent module"}'s defaults.
example_setting = true
`;
  }
  return `# ${input.name}: an example file. Everything under rootfs/ that file_spec covers ships at the same path on the node.
example_setting = true
`;
}

function containerfile(input: StarterInput): string {
  return `# The builder of ${input.name} (docs/authoring.md in Strata). CI builds three targets:
#   rootfs    the layer's tree: the package_spec packages unpacked, then rootfs/ on top
#   packages  package-list.txt: the name=version of every package actually installed
#   artifact  module.tar (only the files the dry run lists) and composefs.digest
# Run locally: docker build --target rootfs --output type=local,dest=out/rootfs .
FROM debian:trixie-slim AS tools
RUN apt-get update \\
 && apt-get install -y --no-install-recommends ca-certificates composefs rsync \\
 && rm -rf /var/lib/apt/lists/*

FROM tools AS build
WORKDIR /work
# dist/package-list.txt comes from \`strata dry-run\` (the package_spec entries, one a line).
COPY dist/package-list.txt /work/package-spec.txt
# Packages are unpacked, not installed: a module is a layer, and maintainer scripts run on the node.
RUN set -eu; mkdir -p /work/tree /work/debs; : > /work/package-list.txt; \\
    if [ -s /work/package-spec.txt ]; then \\
      apt-get update; cd /work/debs; xargs -a /work/package-spec.txt apt-get download; \\
      for deb in /work/debs/*.deb; do \\
        dpkg-deb -x "$deb" /work/tree; \\
        dpkg-deb -f "$deb" Package Version | paste -sd' ' | awk '{print $2"="$4}' >> /work/package-list.txt; \\
      done; \\
    fi
COPY rootfs/ /work/tree/

FROM scratch AS rootfs
COPY --from=build /work/tree/ /

FROM scratch AS packages
COPY --from=build /work/package-list.txt /package-list.txt

FROM tools AS pack
WORKDIR /work
COPY --from=build /work/tree/ /work/tree/
# out/file-list.txt: \`strata dry-run --rootfs out/rootfs --out out\` over the built tree (file_spec minus mask).
COPY out/file-list.txt /work/file-list.txt
RUN set -eu; mkdir -p /work/ship; \\
    rsync -a --files-from=/work/file-list.txt /work/tree/ /work/ship/; \\
    tar --sort=name --owner=0 --group=0 --numeric-owner --mtime=@0 -C /work/ship -cf /work/module.tar .; \\
    printf 'sha256:%s' "$(mkcomposefs --print-digest-only /work/ship)" > /work/composefs.digest

FROM scratch AS artifact
COPY --from=pack /work/module.tar /work/composefs.digest /
`;
}

/** The shell of the steps both forges share; `forge` decides only the OIDC and the event's names. */
function workflow(input: StarterInput, forge: keyof typeof WORKFLOW_FILES): string {
  const repo = input.ociRepository || `registry.example.com/${input.accountSlug || "my-account"}/modules/${input.name}`;
  const strataUrl = (input.strataUrl || "https://strata.example.com").replace(/\/+$/, "");
  const account = input.accountSlug || "my-account";
  const identity = input.cosignIdentityRegexp || suggestedIdentityRegexp(input.repositoryUrl, forge) || "(set at registration)";
  const issuer = input.cosignIssuerRegexp || suggestedIssuerRegexp(input.repositoryUrl, forge) || "(set at registration)";
  const runsOn = forge === "github" ? "ubuntu-latest" : "docker";
  const delivery = forge === "github" ? "X-GitHub-Delivery" : "X-Gitea-Delivery";
  const registryHost = repo.split("/")[0] ?? repo;
  const pushUser = forge === "github" ? "${{ github.actor }}" : "${{ secrets.REGISTRY_USER }}";
  const pushPassword = forge === "github" ? "${{ secrets.REGISTRY_PASSWORD || secrets.GITHUB_TOKEN }}" : "${{ secrets.REGISTRY_PASSWORD }}";
  return `# Builds ${input.name}, pushes it as the OCI artifact Strata ingests, signs it keylessly and tells Strata.
# Strata accepts the version only when the signature's identity and issuer match the module's registration:
#   cosign_identity_regexp: ${identity}
#   cosign_issuer_regexp:   ${issuer}
# Secrets: REGISTRY_PASSWORD${forge === "gitea" ? ", REGISTRY_USER" : ""}, STRATA_WEBHOOK_SECRET (Settings -> Signing -> Webhook secret).
# Variable: STRATA_CLI_REPO, the git URL of the Strata checkout that provides the \`strata\` command.
name: build
on:
  push:
    branches: [main]
    tags: ["v*"]
permissions:
  contents: read
  packages: write
  id-token: write   # the OIDC token cosign exchanges for a signing certificate
env:
  REPO: ${repo}
  STRATA_URL: ${strataUrl}
  STRATA_ACCOUNT: ${account}
jobs:
  build:
    runs-on: ${runsOn}
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with: { node-version: 20 }
      - name: Get the strata command
        run: |
          git clone --depth 1 "\${{ vars.STRATA_CLI_REPO }}" .strata
          npm ci --prefix .strata
          echo "STRATA=node $PWD/.strata/bin/strata.mjs" >> "$GITHUB_ENV"
      - name: Validate and dry-run (manifest.json, file-list.txt, package-list.txt in dist/)
        run: |
          $STRATA validate manifest.yaml
          $STRATA dry-run .
      - name: Version
        run: |
          case "$GITHUB_REF" in
            refs/tags/v*) VERSION="\${GITHUB_REF#refs/tags/v}" ;;
            *) VERSION="0.1.\${GITHUB_RUN_NUMBER}" ;;
          esac
          echo "VERSION=$VERSION" >> "$GITHUB_ENV"
      - name: Build the rootfs (packages unpacked, rootfs/ on top)
        run: |
          docker build --target rootfs --output type=local,dest=out/rootfs .
          docker build --target packages --output type=local,dest=out .
      - name: Compute the file list of the built tree
        run: |
          $STRATA dry-run . --rootfs out/rootfs --out out/meta
          cp out/meta/file-list.txt out/file-list.txt
          cp manifest.yaml out/manifest.yaml
      - name: Pack module.tar and the composefs digest
        run: docker build --target artifact --output type=local,dest=out .
      - uses: oras-project/setup-oras@v1
      - name: Push the OCI artifact
        run: |
          echo "${pushPassword}" | oras login ${registryHost} -u "${pushUser}" --password-stdin
          cd out
          oras push "$REPO:$VERSION" \\
            --artifact-type ${MEDIA.moduleArtifact} \\
            --annotation "${ANNOTATION.version}=$VERSION" \\
            --annotation "${ANNOTATION.composefsDigest}=$(cat composefs.digest)" \\
            --annotation "${ANNOTATION.builtAt}=$(date -u +%FT%TZ)" \\
            module.tar:application/vnd.powernode.module.v1.tar \\
            manifest.yaml:${MEDIA.moduleManifestYaml} \\
            file-list.txt:${MEDIA.fileList} \\
            package-list.txt:${MEDIA.packageList}
          echo "DIGEST=$(oras resolve "$REPO:$VERSION")" >> "$GITHUB_ENV"
      - uses: sigstore/cosign-installer@v3
      - name: Sign keylessly (Sigstore bundle attached as an OCI referrer)
        run: cosign sign --yes --new-bundle-format "$REPO@$DIGEST"
      - name: Tell Strata (it polls the repository and verifies the signature)
        env:
          SECRET: \${{ secrets.STRATA_WEBHOOK_SECRET }}
        run: |
          BODY=$(printf '{"repository":"%s"}' "$REPO")
          SIG=$(printf '%s' "$BODY" | openssl dgst -sha256 -hmac "$SECRET" -r | cut -d' ' -f1)
          curl -fsS -X POST "$STRATA_URL/api/v1/system/ingest/webhook?account=$STRATA_ACCOUNT" \\
            -H "Content-Type: application/json" \\
            -H "X-Hub-Signature-256: sha256=$SIG" \\
            -H "${delivery}: \${GITHUB_RUN_ID}-\${GITHUB_RUN_ATTEMPT}" \\
            --data "$BODY"
`;
}

function readme(input: StarterInput): string {
  const strataUrl = (input.strataUrl || "https://strata.example.com").replace(/\/+$/, "");
  const modulePage = `${strataUrl}/app/system/modules/${input.name}`;
  const row = (k: string, v: string | null | undefined) => `| ${k} | ${v ? `\`${v}\`` : "_(set when you register)_"} |`;
  return `# ${input.displayName?.trim() || titleOf(input.name)}

A module for the fleet OS, built and signed by CI, ingested by Strata. The whole journey is in Strata's
docs/authoring.md; the module's page is ${modulePage}.

## Layout

| path | what |
|---|---|
| \`manifest.yaml\` | what the module ships (\`file_spec\`) and needs; every key is there, commented |
| \`rootfs/\` | files that ship at the same path on the node (only those \`file_spec\` covers) |
| \`Containerfile\` | the builder: packages unpacked, rootfs/ on top, module.tar and the composefs digest |
| \`.gitea/workflows/build.yaml\`, \`.github/workflows/build.yaml\` | CI: build, push the OCI artifact, sign, notify Strata (keep the one for your forge) |

## Registration

These are fields of the module in Strata (its page, or \`strata init\`'s options), not manifest keys:

| field | value |
|---|---|
${row("name", input.name)}
${row("category", input.category)}
${row("variety", input.variety ?? "subscription")}
${row("parent module", input.parentModule)}
${row("repository", input.repositoryUrl)}
${row("OCI repository", input.ociRepository)}
${row("cosign identity regexp", input.cosignIdentityRegexp || suggestedIdentityRegexp(input.repositoryUrl, "gitea"))}
${row("cosign issuer regexp", input.cosignIssuerRegexp || suggestedIssuerRegexp(input.repositoryUrl, "gitea"))}

## Before you push

\`\`\`sh
strata validate manifest.yaml     # the same checks Strata runs on save and ingest
strata dry-run                    # dist/manifest.json, dist/file-list.txt, dist/package-list.txt + warnings
\`\`\`
${input.variety === "instance" ? "\nThis is an instance module: its files may use `${instance.hostname}`, `${instance.site}`, `${instance.name}`,\n`${instance.arch}` and `${instance.labels.<key>}`. `strata dry-run --instance-metadata meta.json` shows what one\nnode gets (meta.json: `{\"hostname\": \"edge-1\", \"site\": \"fra1\", \"labels\": {\"rack\": \"r4\"}}`).\n" : ""}
## After CI ran

The module page's **Signing & ingest** tab lists every tag Strata looked at: accepted (a version in \`built\`) or
rejected with the reason. "No version yet" there means Strata has not seen a signed artifact: check the
workflow's log and the attempts table.
`;
}

/** Every file of the starter repository, in a stable order. */
export function generateStarterRepo(input: StarterInput): StarterFile[] {
  if (!MODULE_NAME_PATTERN.test(input.name)) throw new Error(`invalid module name: ${input.name}`);
  if (input.variety === "config" && !input.parentModule) throw new Error("a config module needs a parent module (--parent)");
  return [
    { path: "README.md", content: readme(input) },
    { path: "manifest.yaml", content: manifestYaml(input) },
    { path: `rootfs/${exampleFilePath(input)}`, content: exampleFile(input) },
    { path: "Containerfile", content: containerfile(input) },
    { path: ".dockerignore", content: ".git\n.strata\nnode_modules\n" },
    { path: ".gitignore", content: "dist/\nout/\n.strata/\n" },
    { path: WORKFLOW_FILES.gitea, content: workflow(input, "gitea") },
    { path: WORKFLOW_FILES.github, content: workflow(input, "github") },
  ];
}
