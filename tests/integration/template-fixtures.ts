/**
 * Builds small module catalogs for template tests through the real services: register, ingest versions, promote
 * (live goes through a request approved by another user, as in production).
 */
import { createHash } from "node:crypto";
import type { Db } from "../../server/db/client";
import { registerModule } from "../../server/services/modules";
import { approveRequest, requestLive, transitionVersion } from "../../server/services/promotion";
import { createModuleVersion } from "../../server/services/versions";
import { svcFor, type TestAccount } from "./fixtures";
import { registerModuleInput } from "../../server/contracts/modules";
import { createVersionInput } from "../../server/contracts/versions";

export interface ManifestSpec {
  fileSpec?: string[];
  mask?: string[];
  protectedSpec?: string[];
  requires?: string[];
  provides?: string[];
}

export function manifestYaml(name: string, spec: ManifestSpec): string {
  const list = (key: string, values: string[] | undefined) =>
    values && values.length ? `${key}:\n${values.map((v) => `  - "${v}"`).join("\n")}\n` : `${key}: []\n`;
  const deps =
    spec.requires?.length || spec.provides?.length
      ? `dependencies:\n  requires:${spec.requires?.length ? "\n" + spec.requires.map((r) => `    - "${r}"`).join("\n") : " []"}\n  provides:${spec.provides?.length ? "\n" + spec.provides.map((p) => `    - "${p}"`).join("\n") : " []"}\n`
      : "";
  return `schema_version: 1\nname: ${name}\ndisplay_name: ${name}\n${list("file_spec", spec.fileSpec)}${list("mask", spec.mask)}${list("protected_spec", spec.protectedSpec)}${deps}`;
}

export type TargetState = "built" | "staging" | "blessed" | "live";

export interface VersionSpec extends ManifestSpec {
  version: string;
  state: TargetState;
  files?: string[];
}

export interface ModuleSpec extends ManifestSpec {
  name: string;
  category: string;
  variety?: "subscription" | "config" | "instance";
  parentModule?: string;
  priority?: number;
  versions?: VersionSpec[];
}

/** Registers a module and creates its versions in the given states. Returns version ids by version. */
export async function addModule(db: Db, account: TestAccount, spec: ModuleSpec): Promise<Record<string, string>> {
  const author = svcFor(db, account.users.author.actor);
  const operator = svcFor(db, account.users.operator.actor);
  const approver = svcFor(db, account.users.approver.actor);
  await registerModule(author, registerModuleInput.parse({
    name: spec.name,
    displayName: spec.name,
    categorySlug: spec.category,
    variety: spec.variety ?? "subscription",
    parentModule: spec.parentModule,
    priority: spec.priority ?? 0,
    manifestYaml: manifestYaml(spec.name, spec),
  }));
  const ids: Record<string, string> = {};
  for (const v of spec.versions ?? []) {
    const digest = createHash("sha256").update(`${account.slug}/${spec.name}@${v.version}`).digest("hex");
    const created = await createModuleVersion(author, spec.name, createVersionInput.parse({
      version: v.version,
      ociRef: `registry.example/${spec.name}:${v.version}`,
      ociDigest: `sha256:${digest}`,
      manifestYaml: manifestYaml(spec.name, { ...spec, ...v }),
      fileList: v.files ?? [],
    }));
    ids[v.version] = created.id;
    if (v.state === "built") continue;
    await transitionVersion(operator, { versionId: created.id, targetState: "staging" });
    if (v.state === "staging") continue;
    await transitionVersion(operator, { versionId: created.id, targetState: "blessed" });
    if (v.state === "blessed") continue;
    const request = await requestLive(operator, { versionId: created.id, reason: "test" });
    await approveRequest(approver, { requestId: request.requestId, comment: "ok" });
  }
  return ids;
}

/** A small web stack: base, nginx (+ TLS config), apache (clashes with nginx on http.port:80), a draft-only module. */
export async function addWebStack(db: Db, account: TestAccount) {
  const base = await addModule(db, account, {
    name: "base",
    category: "system-base",
    fileSpec: ["/etc/*", "/usr/**"],
    protectedSpec: ["/etc/os-release"],
    versions: [{ version: "1.0.0", state: "live", files: ["/etc/os-release", "/etc/hostname", "/etc/issue", "/usr/bin/sh"] }],
  });
  const hardening = await addModule(db, account, {
    name: "hardening",
    category: "security-hardening",
    fileSpec: ["/etc/issue", "/etc/login.defs"],
    protectedSpec: ["/etc/issue"],
    versions: [{ version: "1.0.0", state: "live", files: ["/etc/issue", "/etc/login.defs"] }],
  });
  const nginx = await addModule(db, account, {
    name: "nginx",
    category: "userland",
    priority: 100,
    fileSpec: ["/etc/nginx/**", "/usr/sbin/nginx"],
    requires: [`${account.slug}/base@^1.0.0`],
    provides: ["http.port:80", "http.server"],
    versions: [
      { version: "1.0.0", state: "blessed", files: ["/etc/nginx/nginx.conf", "/etc/nginx/mime.types", "/usr/sbin/nginx"] },
      { version: "1.1.0", state: "live", files: ["/etc/nginx/nginx.conf", "/etc/nginx/mime.types", "/etc/nginx/sites-available/default", "/usr/sbin/nginx"] },
      { version: "1.2.0", state: "built", files: ["/etc/nginx/nginx.conf", "/usr/sbin/nginx", "/etc/nginx/new.conf"] },
    ],
  });
  const tls = await addModule(db, account, {
    name: "nginx-tls",
    category: "userland",
    variety: "config",
    parentModule: "nginx",
    priority: 100,
    fileSpec: ["/etc/nginx/nginx.conf", "/etc/ssl/strata/**"],
    protectedSpec: ["/etc/ssl/strata/**"],
    requires: [`${account.slug}/nginx@^1.0.0`],
    versions: [{ version: "1.0.0", state: "live", files: ["/etc/nginx/nginx.conf", "/etc/ssl/strata/edge.pem"] }],
  });
  const apache = await addModule(db, account, {
    name: "apache",
    category: "userland",
    fileSpec: ["/etc/apache2/**", "/usr/sbin/apache2"],
    provides: ["http.port:80"],
    versions: [{ version: "1.0.0", state: "live", files: ["/etc/apache2/apache2.conf", "/usr/sbin/apache2"] }],
  });
  await addModule(db, account, { name: "drafty", category: "userland", fileSpec: ["/opt/drafty/**"] });
  return { base, hardening, nginx, tls, apache };
}
