/**
 * Modules services and their tRPC procedures on a real database: registration (field errors, duplicates under
 * concurrency, cosign regexps, starting manifests), account-aware manifest validation, the catalog query, edits,
 * dependencies, activity, and cross-account isolation.
 */
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { z } from "zod";
import { TRPCError } from "@trpc/server";
import { isAppError } from "../../server/errors";
import {
  getModule,
  getModuleDependencies,
  listModuleActivity,
  listModules,
  registerModule,
  updateModule,
  validateManifestForAccount,
} from "../../server/services/modules";
import { listModulesInput, registerModuleInput, updateModuleInput, validateManifestInput } from "../../server/contracts/modules";
import { createVersionInput } from "../../server/contracts/versions";
import { approveRequest, requestLive, transitionVersion } from "../../server/services/promotion";
import { createModuleVersion } from "../../server/services/versions";
import type { ServiceContext } from "../../server/services/context";
import { createTestDatabase, type TestDatabase } from "./db";
import { callerFor, createTestAccount, svcFor, type TestAccount } from "./fixtures";

let tdb: TestDatabase;
let mine: TestAccount;
let theirs: TestAccount;
let author: ServiceContext;

beforeAll(async () => {
  tdb = await createTestDatabase();
  mine = await createTestAccount(tdb.db, "mods");
  theirs = await createTestAccount(tdb.db, "other");
  author = svcFor(tdb.db, mine.users.author.actor);
});
afterAll(async () => {
  await tdb?.close();
});

let counter = 0;
function uniqueName(prefix = "mod"): string {
  counter += 1;
  return `${prefix}-${counter}-${Math.random().toString(36).slice(2, 7)}`;
}

/** Parses like the tRPC procedure does: the service takes parsed input. */
async function register(ctx: ServiceContext, overrides: Partial<z.input<typeof registerModuleInput>> & { name: string }) {
  return registerModule(ctx, registerModuleInput.parse({ displayName: overrides.name, categorySlug: "userland", ...overrides }));
}

function manifest(name: string, extra = ""): string {
  return `schema_version: 1\nname: ${name}\ndisplay_name: ${name}\n${extra}`;
}

async function addVersion(ctx: ServiceContext, module: string, version: string, state: "built" | "staging" | "blessed" | "live" = "built") {
  const digest = `sha256:${createHash("sha256").update(`${module}@${version}`).digest("hex")}`;
  const created = await createModuleVersion(ctx, module, createVersionInput.parse({ version, ociRef: `registry.example/${module}:${version}`, ociDigest: digest, manifestYaml: "" }));
  const operator = svcFor(tdb.db, mine.users.operator.actor);
  if (state !== "built") await transitionVersion(operator, { versionId: created.id, targetState: "staging" });
  if (state === "blessed" || state === "live") await transitionVersion(operator, { versionId: created.id, targetState: "blessed" });
  if (state === "live") {
    // Through the approval flow, as in production: the operator asks, an approver (not the requester) approves.
    const request = await requestLive(operator, { versionId: created.id, reason: "test fixture" });
    if (!request.applied) await approveRequest(svcFor(tdb.db, mine.users.approver.actor), { requestId: request.requestId });
  }
  return { ...created, digest };
}

/** The AppError (or tRPC error) a promise rejects with. */
async function failure(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    if (isAppError(error)) return { code: error.code, fieldErrors: error.fieldErrors ?? {}, details: error.details, message: error.message };
    if (error instanceof TRPCError) {
      const cause = error.cause;
      return {
        code: error.code,
        fieldErrors: isAppError(cause) ? (cause.fieldErrors ?? {}) : {},
        details: isAppError(cause) ? cause.details : undefined,
        message: error.message,
        zod: cause && "issues" in cause ? (cause as unknown as { issues: Array<{ path: PropertyKey[]; message: string }> }).issues : [],
      };
    }
    throw error;
  }
  throw new Error("expected the call to fail");
}

describe("registration", () => {
  it("registers a module with every field and writes one audit event", async () => {
    const name = uniqueName("nginx");
    const result = await register(author, {
      name,
      displayName: "NGINX web server",
      description: "Serves HTTP",
      variety: "subscription",
      priority: 5,
      visibility: "public",
      repositoryUrl: "https://git.example.com/modules/nginx",
      cosignIdentityRegexp: "^https://git\\.example\\.com/modules/nginx/\\.forgejo/workflows/release\\.yaml@refs/tags/v.*$",
      cosignIssuerRegexp: "^https://git\\.example\\.com$",
      manifestYaml: manifest(name),
    });
    expect(result.name).toBe(name);
    expect(result.validation?.valid).toBe(true);
    const detail = await getModule(author, name);
    expect(detail).toMatchObject({
      name,
      displayName: "NGINX web server",
      description: "Serves HTTP",
      variety: "subscription",
      priority: 5,
      visibility: "public",
      repositoryUrl: "https://git.example.com/modules/nginx",
      category: { slug: "userland", position: 90 },
      effectivePriority: 90_005,
      parentModule: null,
      children: [],
    });
    expect(detail.derivation.text).toBe("(userland 90 + subscription 0) × 1000 + 5 = 90005");
    expect(detail.manifestBytes).toBe(new TextEncoder().encode(manifest(name)).length);
    const events = await tdb.db.auditEvent.findMany({ where: { targetId: result.id } });
    expect(events.map((e) => e.action)).toEqual(["module.registered"]);
    expect(events[0]!.after).toMatchObject({ name, categorySlug: "userland", priority: 5 });
  });

  it("puts unknown category and unknown parent on their fields, all at once", async () => {
    const error = await failure(register(author, { name: uniqueName(), categorySlug: "nope", variety: "config", parentModule: "missing-parent" }));
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.fieldErrors).toEqual({ categorySlug: "Unknown category nope", parentModule: "No module named missing-parent in this account" });
  });

  it("requires a parent for config modules (the shared schema, through tRPC)", async () => {
    const error = await failure(callerFor(tdb.db, mine.users.author.actor).modules.register({ name: uniqueName(), displayName: "x", categorySlug: "userland", variety: "config" }));
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.zod?.map((i) => i.path.join("."))).toEqual(["parentModule"]);
  });

  it("answers CONFLICT with the name field for a taken name", async () => {
    const name = uniqueName();
    await register(author, { name });
    const error = await failure(register(author, { name }));
    expect(error).toMatchObject({ code: "CONFLICT", fieldErrors: { name: "This name is taken" } });
  });

  it("of two concurrent registrations of one name, exactly one succeeds and the other gets CONFLICT", async () => {
    for (let round = 0; round < 3; round++) {
      const name = uniqueName("race");
      const results = await Promise.allSettled([register(author, { name }), register(svcFor(tdb.db, mine.users.admin.actor), { name })]);
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
      const rejected = results.find((r) => r.status === "rejected");
      expect(rejected && isAppError(rejected.reason) ? rejected.reason.code : rejected).toBe("CONFLICT");
      expect(await tdb.db.module.count({ where: { accountId: mine.accountId, name } })).toBe(1);
      expect(await tdb.db.auditEvent.count({ where: { accountId: mine.accountId, targetLabel: name } })).toBe(1);
    }
  });

  it("a parent in another account is unknown here", async () => {
    const theirModule = uniqueName("theirs");
    await register(svcFor(tdb.db, theirs.users.author.actor), { name: theirModule });
    const error = await failure(register(author, { name: uniqueName(), variety: "config", parentModule: theirModule }));
    expect(error.fieldErrors).toEqual({ parentModule: `No module named ${theirModule} in this account` });
  });

  describe("cosign regexps", () => {
    const caller = () => callerFor(tdb.db, mine.users.author.actor);

    it.each([
      ["unanchored", "github\\.com/org/.*", "Anchor it"],
      ["anchored at one end only", "^https://github\\.com/.*", "Anchor it"],
      ["split by a top-level |", "^https://a\\.example$|^https://b\\.example$", "top-level |"],
      ["not a regexp", "^(unclosed$", "Not a valid regular expression"],
    ])("rejects a regexp that is %s on its field (same schema in the form)", async (_label, regexp, message) => {
      const error = await failure(caller().modules.register({ name: uniqueName(), displayName: "x", categorySlug: "userland", cosignIssuerRegexp: regexp }));
      expect(error.code).toBe("BAD_REQUEST");
      expect(error.zod).toHaveLength(1);
      expect(error.zod?.[0]?.path).toEqual(["cosignIssuerRegexp"]);
      expect(error.zod?.[0]?.message).toContain(message);
    });

    it.each([
      ["nested repetition", "^(a+)+$", "exponential"],
      ["overlapping stars", "^.*.*=.*$", "polynomial"],
      ["a nested group after a literal prefix", "^https://git\\.example\\.com/(\\w+\\s?)*$", "exponential"],
    ])("rejects %s as catastrophic backtracking on the right field", async (_label, regexp, growth) => {
      const name = uniqueName();
      const error = await failure(caller().modules.register({ name, displayName: "x", categorySlug: "userland", cosignIdentityRegexp: regexp }));
      expect(error.code).toBe("BAD_REQUEST");
      expect(Object.keys(error.fieldErrors)).toEqual(["cosignIdentityRegexp"]);
      expect(error.fieldErrors.cosignIdentityRegexp).toContain(growth);
      expect(await tdb.db.module.count({ where: { name } })).toBe(0);
    });

    it("accepts realistic safe identities", async () => {
      const name = uniqueName();
      await caller().modules.register({
        name,
        displayName: "x",
        categorySlug: "userland",
        cosignIdentityRegexp: "^https://github\\.com/powernode/[a-z0-9-]+/\\.github/workflows/release\\.ya?ml@refs/tags/v[0-9]+(\\.[0-9]+)*$",
        cosignIssuerRegexp: "^https://token\\.actions\\.githubusercontent\\.com$",
      });
      expect((await getModule(author, name)).cosignIssuerRegexp).toBe("^https://token\\.actions\\.githubusercontent\\.com$");
    });
  });

  it("rejects a starting manifest with errors, saving nothing, with the issues in details", async () => {
    const name = uniqueName();
    const before = await tdb.db.auditEvent.count({ where: { accountId: mine.accountId } });
    const error = await failure(register(author, { name, manifestYaml: manifest("another-name", "file_spec:\n  - relative/path\n") }));
    expect(error.code).toBe("UNPROCESSABLE");
    expect(Object.keys(error.fieldErrors)).toEqual(["manifestYaml"]);
    const validation = (error.details as { validation: { valid: boolean; errors: Array<{ code: string; range: { startLine: number } }> } }).validation;
    expect(validation.valid).toBe(false);
    expect(validation.errors.map((e) => e.code)).toEqual(["manifest.name_mismatch", "glob.not_absolute"]);
    expect(validation.errors.map((e) => e.range.startLine)).toEqual([2, 5]);
    expect(await tdb.db.module.count({ where: { name } })).toBe(0);
    expect(await tdb.db.auditEvent.count({ where: { accountId: mine.accountId } })).toBe(before);
  });

  it("reports field errors and the manifest's errors together", async () => {
    const name = uniqueName();
    const error = await failure(register(author, { name, categorySlug: "nope", manifestYaml: manifest(name, "file_spec:\n  - relative\n") }));
    expect(error.code).toBe("BAD_REQUEST");
    expect(Object.keys(error.fieldErrors).sort()).toEqual(["categorySlug", "manifestYaml"]);
    const validation = (error.details as { validation: { errors: Array<{ code: string }> } }).validation;
    expect(validation.errors.map((e) => e.code)).toEqual(["glob.not_absolute"]);
  });

  it("accepts a starting manifest with warnings and returns them", async () => {
    const name = uniqueName();
    const result = await register(author, { name, manifestYaml: manifest(name, `dependencies:\n  requires:\n    - ${mine.slug}/not-registered-yet@^1.0\n`) });
    expect(result.validation?.valid).toBe(true);
    expect(result.validation?.warnings.map((w) => w.code)).toEqual(["requires.unknown_module"]);
    const stored = await tdb.db.module.findFirstOrThrow({ where: { name }, select: { manifestYaml: true } });
    expect(stored.manifestYaml).toContain("not-registered-yet");
  });
});

describe("account-aware manifest validation", () => {
  it("warns about an unknown required module, with a did-you-mean", async () => {
    const base = uniqueName("base");
    await register(author, { name: base });
    const result = await validateManifestForAccount(author, validateManifestInput.parse({
      manifestYaml: manifest("consumer", `dependencies:\n  requires:\n    - ${mine.slug}/${base}x@^1.0\n`),
      moduleName: "consumer",
    }));
    expect(result.valid).toBe(true);
    expect(result.warnings).toEqual([expect.objectContaining({ code: "requires.unknown_module", path: "/dependencies/requires/0", hint: `Did you mean \`${base}\`?` })]);
    expect(result.warnings[0]!.range).toEqual({ startLine: 6, startColumn: 7, endLine: 6, endColumn: 7 + `${mine.slug}/${base}x@^1.0`.length });
  });

  it("warns when no existing version satisfies the range", async () => {
    const base = uniqueName("lib");
    await register(author, { name: base });
    await addVersion(author, base, "1.0.0");
    await addVersion(author, base, "1.4.2");
    const check = (range: string) =>
      validateManifestForAccount(author, validateManifestInput.parse({ manifestYaml: manifest("consumer", `dependencies:\n  requires:\n    - ${mine.slug}/${base}@${range}\n`) }));
    const result = await check("^2.0");
    expect(result.warnings.map((w) => [w.code, w.path])).toEqual([["requires.unsatisfied_range", "/dependencies/requires/0"]]);
    expect(result.warnings[0]!.message).toContain("1.0.0, 1.4.2");
    expect((await check("~1.4")).warnings).toEqual([]);
  });

  it("rejects a cycle through registered modules with its path, at registration", async () => {
    const a = uniqueName("cyc-a");
    const b = uniqueName("cyc-b");
    // a requires b before b exists: only a warning.
    const first = await register(author, { name: a, manifestYaml: manifest(a, `dependencies:\n  requires:\n    - ${mine.slug}/${b}@*\n`) });
    expect(first.validation?.warnings.map((w) => w.code)).toEqual(["requires.unknown_module"]);
    const error = await failure(register(author, { name: b, manifestYaml: manifest(b, `dependencies:\n  requires:\n    - ${mine.slug}/${a}@*\n`) }));
    expect(error.code).toBe("UNPROCESSABLE");
    const validation = (error.details as { validation: { errors: Array<{ code: string; message: string; path: string }> } }).validation;
    expect(validation.errors).toHaveLength(1);
    expect(validation.errors[0]).toMatchObject({ code: "requires.cycle", path: "/dependencies/requires/0" });
    expect(validation.errors[0]!.message).toContain(`${b} → ${a} → ${b}`);
    expect(await tdb.db.module.count({ where: { name: b } })).toBe(0);
  });

  it("reports the three conflict kinds, each naming the other module", async () => {
    const owner = uniqueName("owner");
    await register(author, {
      name: owner,
      manifestYaml: manifest(owner, "protected_spec:\n  - /etc/shared/**\ndependencies:\n  provides:\n    - http.port:8080\n"),
    });
    const text = manifest(
      "newcomer",
      "file_spec:\n  - /etc/shared/app/**\nprotected_spec:\n  - /etc/shared/app/main.conf\ndependencies:\n  provides:\n    - http.port:8080\n",
    );
    const result = await validateManifestForAccount(author, validateManifestInput.parse({ manifestYaml: text, moduleName: "newcomer" }));
    expect(result.valid).toBe(true);
    expect(result.conflicts.map((c) => [c.code, c.relatedModule, c.range.startLine])).toEqual([
      ["conflict.file_spec_protected", owner, 5],
      ["conflict.protected_path", owner, 7],
      ["capability.exclusive_clash", owner, 10],
    ]);
    for (const conflict of result.conflicts) expect(conflict.message).toContain(owner);
  });

  it("never sees another account's modules", async () => {
    const theirModule = uniqueName("their-owner");
    await register(svcFor(tdb.db, theirs.users.author.actor), { name: theirModule, manifestYaml: manifest(theirModule, "protected_spec:\n  - /srv/theirs/**\n") });
    const result = await validateManifestForAccount(author, validateManifestInput.parse({ manifestYaml: manifest("x", "protected_spec:\n  - /srv/theirs/**\n") }));
    expect(result.conflicts).toEqual([]);
  });

  it("sees a draft's change at once (the facts cache is keyed by the draft's hash)", async () => {
    const owner = uniqueName("cache");
    await register(author, { name: owner, manifestYaml: manifest(owner, "protected_spec:\n  - /opt/cache-a/**\n") });
    const probe = () => validateManifestForAccount(author, validateManifestInput.parse({ manifestYaml: manifest("probe", "protected_spec:\n  - /opt/cache-b/x\n") }));
    expect((await probe()).conflicts).toEqual([]);
    await tdb.db.module.update({ where: { accountId_name: { accountId: mine.accountId, name: owner } }, data: { manifestYaml: manifest(owner, "protected_spec:\n  - /opt/cache-b/**\n") } });
    expect((await probe()).conflicts.map((c) => c.relatedModule)).toEqual([owner]);
  });
});

describe("editing the registration", () => {
  it("audits exactly the changed fields with before and after", async () => {
    const name = uniqueName("edit");
    const created = await register(author, { name, priority: 1 });
    const result = await updateModule(author, updateModuleInput.parse({ name, patch: { displayName: "Edited", priority: 7, categorySlug: "system-base", description: "" } }));
    expect(result.changed.sort()).toEqual(["categorySlug", "displayName", "priority"]);
    const event = await tdb.db.auditEvent.findFirstOrThrow({ where: { targetId: created.id, action: "module.updated" } });
    expect(event.before).toEqual({ displayName: name, priority: 1, categorySlug: "userland" });
    expect(event.after).toEqual({ displayName: "Edited", priority: 7, categorySlug: "system-base" });
    expect((await getModule(author, name)).effectivePriority).toBe(10_007);
  });

  it("writes nothing when nothing changes", async () => {
    const name = uniqueName("noop");
    const created = await register(author, { name });
    const result = await updateModule(author, updateModuleInput.parse({ name, patch: { displayName: name } }));
    expect(result.changed).toEqual([]);
    expect(await tdb.db.auditEvent.count({ where: { targetId: created.id } })).toBe(1);
  });

  it("clears optional fields with null or an empty string", async () => {
    const name = uniqueName("clear");
    await register(author, { name, repositoryUrl: "https://git.example.com/x", cosignIssuerRegexp: "^https://issuer\\.example$" });
    await updateModule(author, updateModuleInput.parse({ name, patch: { repositoryUrl: "", cosignIssuerRegexp: null } }));
    const detail = await getModule(author, name);
    expect(detail.repositoryUrl).toBeNull();
    expect(detail.cosignIssuerRegexp).toBeNull();
  });

  it("refuses to change the name", async () => {
    const name = uniqueName("immutable");
    await register(author, { name });
    const error = await failure(callerFor(tdb.db, mine.users.author.actor).modules.update({ name, patch: { name: "renamed" } as never }));
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.zod?.[0]?.path).toEqual(["patch", "name"]);
    expect(error.zod?.[0]?.message).toContain("cannot be changed");
  });

  it("checks parent, variety and regexps like registration, plus parent loops", async () => {
    const parent = uniqueName("p");
    const child = uniqueName("c");
    await register(author, { name: parent });
    await register(author, { name: child, variety: "config", parentModule: parent });
    expect((await getModule(author, parent)).children.map((c) => c.name)).toEqual([child]);
    expect(await failure(updateModule(author, updateModuleInput.parse({ name: parent, patch: { parentModule: child } })))).toMatchObject({
      code: "BAD_REQUEST",
      fieldErrors: { parentModule: `${child} already descends from ${parent}: that would make a loop` },
    });
    expect(await failure(updateModule(author, updateModuleInput.parse({ name: parent, patch: { variety: "config" } })))).toMatchObject({
      fieldErrors: { parentModule: "A config module overrides a parent module: choose it" },
    });
    expect(await failure(updateModule(author, updateModuleInput.parse({ name: parent, patch: { cosignIdentityRegexp: "^(a|a)*$" } })))).toMatchObject({
      fieldErrors: { cosignIdentityRegexp: expect.stringContaining("backtrack") },
    });
  });

  it("answers CONFLICT when the module changed since the editor loaded it, and to the loser of a race", async () => {
    const name = uniqueName("cas");
    await register(author, { name });
    const loaded = (await getModule(author, name)).updatedAt;
    await updateModule(author, updateModuleInput.parse({ name, patch: { priority: 3 }, expectedUpdatedAt: loaded }));
    expect((await failure(updateModule(author, updateModuleInput.parse({ name, patch: { priority: 4 }, expectedUpdatedAt: loaded })))).code).toBe("CONFLICT");

    const fresh = (await getModule(author, name)).updatedAt;
    const results = await Promise.allSettled([
      updateModule(author, updateModuleInput.parse({ name, patch: { priority: 10 }, expectedUpdatedAt: fresh })),
      updateModule(svcFor(tdb.db, mine.users.admin.actor), updateModuleInput.parse({ name, patch: { priority: 20 }, expectedUpdatedAt: fresh })),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const loser = results.find((r) => r.status === "rejected");
    expect(loser && isAppError(loser.reason) ? loser.reason.code : loser).toBe("CONFLICT");
  });
});

describe("dependencies and activity", () => {
  it("resolves each requirement and lists who requires the module", async () => {
    const lib = uniqueName("lib");
    const app = uniqueName("app");
    await register(author, { name: lib, manifestYaml: manifest(lib, "dependencies:\n  provides:\n    - tls\n    - http.port:9090\n") });
    await addVersion(author, lib, "1.0.0", "live");
    await addVersion(author, lib, "1.5.0", "blessed");
    await addVersion(author, lib, "2.0.0", "staging");
    await register(author, {
      name: app,
      manifestYaml: manifest(
        app,
        `dependencies:\n  requires:\n    - ${mine.slug}/${lib}@^1.0\n    - ${mine.slug}/${lib}@~1.5\n    - ${mine.slug}/${lib}@^2.0\n    - ${mine.slug}/${lib}@^3.0\n    - ${mine.slug}/ghost-module@*\n    - elsewhere/${lib}@*\n    - capability:tls\n    - capability:unheard-of\n`,
      ),
    });
    const deps = await getModuleDependencies(author, app);
    expect(deps.requires.map((r) => [r.raw.replace(`${mine.slug}/`, ""), r.status, r.satisfiedBy?.version ?? null])).toEqual([
      [`${lib}@^1.0`, "resolved", "1.0.0"],
      [`${lib}@~1.5`, "needs_pin", "1.5.0"],
      [`${lib}@^2.0`, "not_deliverable", "2.0.0"],
      [`${lib}@^3.0`, "unsatisfied", null],
      ["ghost-module@*", "unknown_module", null],
      [`elsewhere/${lib}@*`, "cross_account", null],
      ["capability:tls", "resolved", null],
      ["capability:unheard-of", "unprovided", null],
    ]);
    expect(deps.requires.find((r) => r.tag === "tls")?.providers).toEqual([lib]);

    const libDeps = await getModuleDependencies(author, lib);
    expect(libDeps.provides).toEqual([
      { raw: "tls", name: "tls", version: null, exclusive: false, alsoProvidedBy: [] },
      { raw: "http.port:9090", name: "http.port:9090", version: null, exclusive: true, alsoProvidedBy: [] },
    ]);
    expect(libDeps.requiredBy.map((r) => [r.module, r.via, r.status])).toEqual([
      [app, "module", "resolved"],
      [app, "module", "needs_pin"],
      [app, "module", "not_deliverable"],
      [app, "module", "unsatisfied"],
      [app, "capability", "resolved"],
    ]);
  });

  it("lists the module's own audit trail: registration, edits, versions and their promotions", async () => {
    const name = uniqueName("act");
    await register(author, { name });
    await updateModule(author, updateModuleInput.parse({ name, patch: { priority: 2 } }));
    await addVersion(author, name, "0.1.0", "staging");
    const other = uniqueName("noise");
    await register(author, { name: other });
    const activity = await listModuleActivity(author, { name, page: 1, pageSize: 50 });
    expect(activity.total).toBe(4);
    expect(activity.events.map((e) => e.action)).toEqual(["version.promoted", "version.created", "module.updated", "module.registered"]);
  });
});

describe("cross-account isolation", () => {
  it("answers NOT_FOUND for another account's module on every read and write", async () => {
    const theirModule = uniqueName("secret");
    await register(svcFor(tdb.db, theirs.users.author.actor), { name: theirModule });
    const caller = callerFor(tdb.db, mine.users.admin.actor);
    // Thunks, called one at a time: promises created up front could reject before anyone awaits them.
    for (const attempt of [
      () => caller.modules.get({ name: theirModule }),
      () => caller.modules.update({ name: theirModule, patch: { priority: 1 } }),
      () => caller.modules.dependencies({ name: theirModule }),
      () => caller.modules.activity({ name: theirModule }),
    ]) {
      expect((await failure(attempt())).code).toBe("NOT_FOUND");
    }
    const list = await caller.modules.list({ search: theirModule });
    expect(list.total).toBe(0);
    expect((await tdb.db.module.findFirstOrThrow({ where: { name: theirModule } })).priority).toBe(0);
  });
});

describe("catalog", () => {
  let catalogAccount: TestAccount;
  let ctx: ServiceContext;
  beforeAll(async () => {
    catalogAccount = await createTestAccount(tdb.db, "cat");
    ctx = svcFor(tdb.db, catalogAccount.users.admin.actor);
    const mods: Array<Partial<z.input<typeof registerModuleInput>> & { name: string }> = [
      { name: "alpha", displayName: "Alpha web", categorySlug: "userland", priority: 5 },
      { name: "bravo", displayName: "Bravo base", categorySlug: "system-base", priority: 900 },
      { name: "charlie", displayName: "Charlie tuning", categorySlug: "system-base", variety: "config", parentModule: "bravo", priority: 1 },
      { name: "delta", displayName: "Delta 100%_done", categorySlug: "network-overlay", variety: "instance" },
      { name: "echo", displayName: "Echo", categorySlug: "userland", description: "mentions WIREGUARD somewhere" },
    ];
    for (const m of mods) await registerModule(ctx, registerModuleInput.parse({ displayName: m.name, categorySlug: "userland", ...m }));
    const version = async (module: string, v: string, state: "built" | "staging" | "blessed") => {
      const digest = `sha256:${createHash("sha256").update(`${catalogAccount.slug}/${module}@${v}`).digest("hex")}`;
      const created = await createModuleVersion(ctx, module, createVersionInput.parse({ version: v, ociRef: `r/${module}:${v}`, ociDigest: digest, manifestYaml: "" }));
      if (state !== "built") await transitionVersion(ctx, { versionId: created.id, targetState: "staging" });
      if (state === "blessed") await transitionVersion(ctx, { versionId: created.id, targetState: "blessed" });
    };
    await version("alpha", "1.0.0", "blessed");
    await version("alpha", "1.1.0", "staging");
    await version("bravo", "2.0.0", "blessed");
    await version("charlie", "0.1.0", "built");
  });

  const names = (result: Awaited<ReturnType<typeof listModules>>) => result.modules.map((m) => m.name);

  it("lists with effective priority, its derivation and the latest version per state", async () => {
    const result = await listModules(ctx, listModulesInput.parse({}));
    expect(result.total).toBe(5);
    expect(names(result)).toEqual(["alpha", "bravo", "charlie", "delta", "echo"]);
    const alpha = result.modules[0]!;
    expect(alpha).toMatchObject({ effectivePriority: 90_005, derivation: "(userland 90 + subscription 0) × 1000 + 5 = 90005", category: { slug: "userland" } });
    expect(alpha.versions?.latest).toMatchObject({ version: "1.1.0", state: "staging" });
    expect(Object.keys(alpha.versions?.latestByState ?? {}).sort()).toEqual(["blessed", "staging"]);
    expect(alpha.versions?.latestByState.blessed?.version).toBe("1.0.0");
    expect(alpha.versions?.counts).toEqual({ built: 0, staging: 1, blessed: 1, live: 0, retired: 0 });
    expect(result.modules.find((m) => m.name === "charlie")?.effectivePriority).toBe(11_001);
    expect(result.modules.find((m) => m.name === "delta")?.versions?.latest).toBeNull();
  });

  it("filters by search (name, display name, description; % and _ are literal), category, variety and latest state", async () => {
    expect(names(await listModules(ctx, listModulesInput.parse({ search: "BASE" })))).toEqual(["bravo"]);
    expect(names(await listModules(ctx, listModulesInput.parse({ search: "wireguard" })))).toEqual(["echo"]);
    expect(names(await listModules(ctx, listModulesInput.parse({ search: "100%_" })))).toEqual(["delta"]);
    expect(names(await listModules(ctx, listModulesInput.parse({ search: "%" })))).toEqual(["delta"]);
    expect(names(await listModules(ctx, listModulesInput.parse({ category: "system-base" })))).toEqual(["bravo", "charlie"]);
    expect(names(await listModules(ctx, listModulesInput.parse({ variety: "config" })))).toEqual(["charlie"]);
    expect(names(await listModules(ctx, listModulesInput.parse({ state: "staging" })))).toEqual(["alpha"]);
    expect(names(await listModules(ctx, listModulesInput.parse({ state: "blessed" })))).toEqual(["bravo"]);
    expect(names(await listModules(ctx, listModulesInput.parse({ state: "built" })))).toEqual(["charlie"]);
    expect(names(await listModules(ctx, listModulesInput.parse({ state: "none" })))).toEqual(["delta", "echo"]);
    expect(names(await listModules(ctx, listModulesInput.parse({ state: "live" })))).toEqual([]);
  });

  it("the latest state on the module row follows every version write: insert, transition, delete (docs/performance.md)", async () => {
    const latest = async (name: string) =>
      (await tdb.db.module.findFirstOrThrow({ where: { accountId: mine.accountId, name }, select: { latestState: true } })).latestState;
    await registerModule(author, registerModuleInput.parse({ name: "latest-probe", displayName: "Latest probe", categorySlug: "userland", manifestYaml: manifest("latest-probe") }));
    expect(await latest("latest-probe")).toBeNull();
    const first = await addVersion(author, "latest-probe", "1.0.0", "blessed");
    expect(await latest("latest-probe")).toBe("blessed");
    const second = await addVersion(author, "latest-probe", "1.1.0");
    expect(await latest("latest-probe")).toBe("built");
    await transitionVersion(svcFor(tdb.db, mine.users.operator.actor), { versionId: second.id, targetState: "staging" });
    expect(await latest("latest-probe")).toBe("staging");
    await tdb.db.moduleVersion.delete({ where: { id: second.id } });
    expect(await latest("latest-probe")).toBe("blessed");
    await tdb.db.moduleVersion.delete({ where: { id: first.id } });
    expect(await latest("latest-probe")).toBeNull();
    await tdb.db.module.delete({ where: { accountId_name: { accountId: mine.accountId, name: "latest-probe" } } });
  });

  it("counts per category honour every filter but the category", async () => {
    const result = await listModules(ctx, listModulesInput.parse({ category: "userland", state: "none" }));
    expect(names(result)).toEqual(["echo"]);
    expect(result.total).toBe(1);
    expect(result.allCount).toBe(2);
    expect(Object.fromEntries(result.categories.map((c) => [c.slug, c.count]))).toEqual({
      "system-base": 0,
      "security-hardening": 0,
      "network-overlay": 1,
      "container-runtimes": 0,
      userland: 1,
    });
    expect(result.categories.map((c) => c.slug)).toEqual(["system-base", "security-hardening", "network-overlay", "container-runtimes", "userland"]);
  });

  it("sorts by every column in both directions, ties broken by name", async () => {
    expect(names(await listModules(ctx, listModulesInput.parse({ sort: "name", direction: "desc" })))).toEqual(["echo", "delta", "charlie", "bravo", "alpha"]);
    expect(names(await listModules(ctx, listModulesInput.parse({ sort: "priority" })))).toEqual(["delta", "echo", "charlie", "alpha", "bravo"]);
    expect(names(await listModules(ctx, listModulesInput.parse({ sort: "effectivePriority" })))).toEqual(["bravo", "charlie", "delta", "echo", "alpha"]);
    expect(names(await listModules(ctx, listModulesInput.parse({ sort: "effectivePriority", direction: "desc" })))).toEqual(["alpha", "echo", "delta", "charlie", "bravo"]);
    expect(names(await listModules(ctx, listModulesInput.parse({ sort: "category" })))).toEqual(["bravo", "charlie", "delta", "alpha", "echo"]);
    expect(names(await listModules(ctx, listModulesInput.parse({ sort: "category", direction: "desc" })))).toEqual(["alpha", "echo", "delta", "bravo", "charlie"]);
    const byUpdate = names(await listModules(ctx, listModulesInput.parse({ sort: "updated", direction: "desc" })));
    expect(byUpdate[0]).toBe("echo");
  });

  it("pages with a stable order and the full total", async () => {
    const page1 = await listModules(ctx, listModulesInput.parse({ pageSize: 2, page: 1 }));
    const page2 = await listModules(ctx, listModulesInput.parse({ pageSize: 2, page: 2 }));
    const page3 = await listModules(ctx, listModulesInput.parse({ pageSize: 2, page: 3 }));
    const page4 = await listModules(ctx, listModulesInput.parse({ pageSize: 2, page: 4 }));
    expect([page1, page2, page3].map(names)).toEqual([["alpha", "bravo"], ["charlie", "delta"], ["echo"]]);
    expect(page4.modules).toEqual([]);
    expect(page4.total).toBe(5);
  });

  it("rejects bad input through tRPC", async () => {
    const caller = callerFor(tdb.db, catalogAccount.users.viewer.actor);
    expect((await failure(caller.modules.list({ pageSize: 1000 }))).code).toBe("BAD_REQUEST");
    expect((await failure(caller.modules.list({ sort: "nope" as never }))).code).toBe("BAD_REQUEST");
    expect((await caller.modules.list({ category: "no-such-category" })).total).toBe(0);
  });
});
