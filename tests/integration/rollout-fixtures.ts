/** Builders for the rollout tests: a module live on a template of N nodes, and a new version approved over it. */
import type { Db } from "../../server/db/client";
import { agentDesiredState, authenticateAgent, recordAgentHeartbeat } from "../../server/services/fleet-agent";
import { createInstance } from "../../server/services/instances";
import { approveRequest, requestLive, transitionVersion } from "../../server/services/promotion";
import { assignModule, createTemplate } from "../../server/services/templates";
import { createModuleVersion } from "../../server/services/versions";
import type { TestAccount } from "./fixtures";
import { at, digestOf, manifestFor, moduleWithVersions, uniqueName } from "./promotion-fixtures";

export interface Node {
  id: string;
  name: string;
  token: string;
}

/** A module with 1.0.0 live and a template of `count` nodes following live. */
export async function fleetWithModule(db: Db, account: TestAccount, count: number, now: () => Date) {
  const module = await moduleWithVersions(db, account, [{ version: "1.0.0", state: "live" }], { now });
  const operator = at(db, account.users.operator.actor, now);
  const template = await createTemplate(operator, { name: uniqueName("tpl"), description: "" });
  await assignModule(operator, { templateId: template!.id, moduleName: module.name, enabled: true, metadata: {}, overrideReason: "test" });
  const nodes: Node[] = [];
  for (let i = 0; i < count; i++) {
    const created = await createInstance(operator, { name: uniqueName(`n${i}`), templateId: template!.id, arch: "amd64" });
    nodes.push({ id: created.id, name: created.name, token: created.agentToken });
  }
  return { module: module.name, templateId: template!.id, nodes, v1Digest: digestOf(`${module.name}@1.0.0`) };
}

/** Creates `version`, blesses it and gets it approved live: the rollout starts. Returns its id (= the request's). */
export async function approveNewVersion(db: Db, account: TestAccount, moduleName: string, version: string, now: () => Date) {
  const admin = at(db, account.users.admin.actor, now);
  const operator = at(db, account.users.operator.actor, now);
  const created = await createModuleVersion(admin, moduleName, {
    version,
    ociRef: `registry.example/${moduleName}:${version}`,
    ociDigest: digestOf(`${moduleName}@${version}`),
    manifestYaml: manifestFor(moduleName),
    fileList: [`/etc/${moduleName}/${moduleName}.conf`],
    packageList: [],
  });
  await transitionVersion(operator, { versionId: created.id, targetState: "staging", reason: "test" });
  await transitionVersion(operator, { versionId: created.id, targetState: "blessed", reason: "test" });
  const request = await requestLive(operator, { versionId: created.id, reason: `ship ${version}` });
  if (!request.applied) await approveRequest(at(db, account.users.approver.actor, now), { requestId: request.requestId, comment: "ok" });
  return { rolloutId: request.requestId, versionId: created.id, digest: digestOf(`${moduleName}@${version}`) };
}

const bearer = (token: string) => `Bearer ${token}`;

export async function desiredOf(db: Db, node: Node) {
  return agentDesiredState(db, await authenticateAgent(db, bearer(node.token)));
}

/** The node reports `status` running `{module: digest}`. */
export async function beat(db: Db, node: Node, moduleName: string, digest: string, status: "running" | "error", now: Date) {
  await recordAgentHeartbeat(db, await authenticateAgent(db, bearer(node.token)), { status, modules: { [moduleName]: digest } }, now);
}

/** Every node installs what its desired state says and reports `running`. */
export async function convergeAll(db: Db, nodes: readonly Node[], moduleName: string, now: Date) {
  for (const node of nodes) {
    const desired = await desiredOf(db, node);
    const digest = desired.body.modules.find((m) => m.name === moduleName)?.oci_digest;
    if (digest) await beat(db, node, moduleName, digest, "running", now);
  }
}
