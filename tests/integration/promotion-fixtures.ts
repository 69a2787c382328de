/** Builders for the promotion tests: modules with versions driven through the pipeline by the real services. */
import { createHash, randomUUID } from "node:crypto";
import type { Actor } from "../../server/auth/actor";
import type { Db } from "../../server/db/client";
import type { PromotionState } from "../../server/domain/promotion";
import { serviceContext, type ServiceContext } from "../../server/services/context";
import { registerModule } from "../../server/services/modules";
import { approveRequest, requestLive, transitionVersion } from "../../server/services/promotion";
import { createModuleVersion } from "../../server/services/versions";
import type { TestAccount } from "./fixtures";
import { registerModuleInput } from "../../server/contracts/modules";
import { createVersionInput } from "../../server/contracts/versions";

export function digestOf(text: string): string {
  return `sha256:${createHash("sha256").update(text).digest("hex")}`;
}

export function manifestFor(name: string, extra = ""): string {
  return `schema_version: 1\nname: ${name}\ndisplay_name: ${name}\nfile_spec:\n  - /etc/${name}/**\n  - /usr/bin/${name}\n${extra}`;
}

export function uniqueName(prefix = "mod"): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}

/** A clock tests can move: services read `now()` through it. */
export function clock(start = new Date()) {
  let t = start.getTime();
  return {
    now: () => new Date(t),
    advanceHours: (hours: number) => {
      t += hours * 3_600_000;
    },
    advanceMinutes: (minutes: number) => {
      t += minutes * 60_000;
    },
    set: (date: Date) => {
      t = date.getTime();
    },
  };
}

export function at(db: Db, actor: Actor, now: () => Date): ServiceContext {
  return serviceContext(db, actor, now);
}

export interface VersionSpec {
  version: string;
  state: PromotionState;
  fileList?: string[];
  packageList?: string[];
  manifestExtra?: string;
}

/**
 * Registers a module and creates its versions in the given states, in order, through the services (so the audit
 * trail and stamps are real). A `live` version goes live through a request approved by the approver; a later live
 * version replaces it (the earlier one becomes blessed, previously live).
 */
export async function moduleWithVersions(
  db: Db,
  account: TestAccount,
  specs: VersionSpec[],
  options: { name?: string; categorySlug?: string; now?: () => Date } = {},
) {
  const name = options.name ?? uniqueName();
  const now = options.now ?? (() => new Date());
  const admin = at(db, account.users.admin.actor, now);
  const operator = at(db, account.users.operator.actor, now);
  const approver = at(db, account.users.approver.actor, now);
  await registerModule(admin, registerModuleInput.parse({ name, displayName: name, categorySlug: options.categorySlug ?? "userland", manifestYaml: manifestFor(name) }));
  const ids: Record<string, string> = {};
  for (const spec of specs) {
    const created = await createModuleVersion(admin, name, createVersionInput.parse({
      version: spec.version,
      ociRef: `registry.example/${name}:${spec.version}`,
      ociDigest: digestOf(`${name}@${spec.version}`),
      manifestYaml: manifestFor(name, spec.manifestExtra ?? ""),
      fileList: spec.fileList ?? [`/etc/${name}/${name}.conf`, `/usr/bin/${name}`],
      packageList: spec.packageList ?? [`${name}=${spec.version}-1`],
      signerIdentity: `https://ci.example/${name}/.forgejo/workflows/release.yaml@refs/heads/main`,
      signerIssuer: "https://ci.example",
    }));
    ids[spec.version] = created.id;
    const path: PromotionState[] =
      spec.state === "built" ? [] : spec.state === "staging" ? ["staging"] : spec.state === "retired" ? ["retired"] : ["staging", "blessed"];
    for (const target of path) {
      await transitionVersion(operator, { versionId: created.id, targetState: target as "staging" | "blessed" | "retired", reason: "test" });
    }
    if (spec.state === "live") {
      const request = await requestLive(operator, { versionId: created.id, reason: `ship ${spec.version}` });
      if (!request.applied) await approveRequest(approver, { requestId: request.requestId, comment: "ok" });
    }
  }
  return { name, ids };
}
