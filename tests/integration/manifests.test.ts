/**
 * The manifest editor's server side: manifests.get / validate / save over tRPC (real database), the account-aware
 * checks against other modules, compare-and-set on concurrent saves, the audit event, and the REST endpoints over
 * real HTTP.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TRPCError } from "@trpc/server";
import { manifestHash } from "../../server/services/manifests";
import { registerModule } from "../../server/services/modules";
import { createModuleVersion } from "../../server/services/versions";
import { createToken } from "../../server/services/tokens";
import { createTestDatabase, type TestDatabase } from "./db";
import { callerFor, createTestAccount, svcFor, type TestAccount } from "./fixtures";
import { startRestServer } from "./http";
import { registerModuleInput } from "../../server/contracts/modules";
import { createVersionInput } from "../../server/contracts/versions";

let tdb: TestDatabase;
let acct: TestAccount;
let other: TestAccount;

const DIGEST = `sha256:${"ab".repeat(32)}`;

function manifest(name: string, extra = ""): string {
  return `schema_version: 1\nname: ${name}\ndisplay_name: ${name}\n${extra}`;
}

async function register(account: TestAccount, name: string, manifestYaml: string) {
  await registerModule(svcFor(tdb.db, account.users.admin.actor), registerModuleInput.parse({
    name,
    displayName: name,
    categorySlug: "userland",
    variety: "subscription",
    manifestYaml,
  }));
}

async function addVersion(account: TestAccount, name: string, version: string, state?: "live" | "retired", manifestYaml?: string) {
  const created = await createModuleVersion(svcFor(tdb.db, account.users.admin.actor), name, createVersionInput.parse({
    version,
    ociRef: `registry.example/${name}:${version}`,
    ociDigest: DIGEST,
    manifestYaml: manifestYaml ?? manifest(name),
  }));
  // Test setup only: the promotion pipeline has its own tests; here we just need a version in this state.
  if (state) await tdb.db.moduleVersion.update({ where: { id: created.id }, data: { promotionState: state } });
}

async function trpcError(promise: Promise<unknown>): Promise<TRPCError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof TRPCError) return error;
    throw error;
  }
  throw new Error("expected the call to fail");
}

beforeAll(async () => {
  tdb = await createTestDatabase();
  acct = await createTestAccount(tdb.db, "mfst");
  other = await createTestAccount(tdb.db, "mfother");
  const owner = acct.slug;
  await register(
    acct,
    "base",
    manifest("base", "protected_spec:\n  - /etc/base.conf\ndependencies:\n  provides:\n    - http.port:80\n    - time.sync\n"),
  );
  await addVersion(acct, "base", "1.0.0");
  await addVersion(acct, "base", "1.2.0");
  await addVersion(acct, "base", "0.9.0", "retired");
  // `loop` requires `web`: a manifest for `web` that requires `loop` closes a cycle.
  await register(acct, "loop", manifest("loop", `dependencies:\n  requires:\n    - ${owner}/web@*\n`));
  await register(acct, "web", manifest("web", "file_spec:\n  - /srv/web/**\n"));
  await addVersion(acct, "web", "2.0.0", "live", manifest("web", "file_spec:\n  - /srv/web/**\n# live snapshot\n"));
  await register(other, "web", manifest("web"));
});
afterAll(async () => {
  await tdb?.close();
});

describe("manifests.get", () => {
  it("returns the draft, its hash, the live snapshot and completion data without the module itself", async () => {
    const doc = await callerFor(tdb.db, acct.users.viewer.actor).manifests.get({ moduleName: "web" });
    expect(doc.manifestYaml).toBe(manifest("web", "file_spec:\n  - /srv/web/**\n"));
    expect(doc.hash).toBe(manifestHash(doc.manifestYaml));
    expect(doc.module).toMatchObject({ name: "web", categorySlug: "userland", variety: "subscription" });
    expect(doc.live).toMatchObject({ version: "2.0.0" });
    expect(doc.live?.manifestYaml).toContain("# live snapshot");
    expect(doc.completion.owner).toBe(acct.slug);
    expect(doc.completion.modules.map((m) => m.name)).toEqual(["base", "loop"]);
    const base = doc.completion.modules.find((m) => m.name === "base");
    expect(base?.versions.map((v) => v.version)).toEqual(["1.2.0", "1.0.0", "0.9.0"]);
    expect(base?.versions[2]?.state).toBe("retired");
    expect(base?.provides).toEqual(["http.port:80", "time.sync"]);
  });

  it("answers NOT_FOUND for another account's module and for a module that does not exist", async () => {
    const caller = callerFor(tdb.db, other.users.admin.actor);
    expect((await trpcError(caller.manifests.get({ moduleName: "base" }))).code).toBe("NOT_FOUND");
    expect((await trpcError(caller.manifests.get({ moduleName: "nope" }))).code).toBe("NOT_FOUND");
  });

  it("has no live snapshot when no version is live", async () => {
    const doc = await callerFor(tdb.db, acct.users.viewer.actor).manifests.get({ moduleName: "base" });
    expect(doc.live).toBeNull();
  });

  it("rejects a malformed module name with BAD_REQUEST", async () => {
    const caller = callerFor(tdb.db, acct.users.viewer.actor);
    expect((await trpcError(caller.manifests.get({ moduleName: "../etc/passwd" }))).code).toBe("BAD_REQUEST");
  });
});

describe("manifests.validate (account-aware)", () => {
  it("reports unknown modules, unsatisfiable ranges, cycles and the three conflict kinds, naming the other module", async () => {
    const owner = acct.slug;
    const text = manifest(
      "web",
      [
        "file_spec:",
        "  - /etc/base.conf",
        "protected_spec:",
        "  - /etc/base.conf",
        "dependencies:",
        "  requires:",
        `    - ${owner}/ghost@^1.0.0`,
        `    - ${owner}/base@^3.0.0`,
        `    - ${owner}/loop@*`,
        "  provides:",
        "    - http.port:80",
        "",
      ].join("\n"),
    );
    const result = await callerFor(tdb.db, acct.users.viewer.actor).manifests.validate({ moduleName: "web", manifestYaml: text });
    const codes = (list: { code: string }[]) => list.map((i) => i.code);
    expect(codes(result.warnings)).toEqual(expect.arrayContaining(["requires.unknown_module", "requires.unsatisfied_range"]));
    expect(codes(result.errors)).toContain("requires.cycle");
    expect(codes(result.conflicts).sort()).toEqual(["capability.exclusive_clash", "conflict.file_spec_protected", "conflict.protected_path"]);
    expect(result.conflicts.every((c) => c.relatedModule === "base")).toBe(true);
    const unknown = result.warnings.find((w) => w.code === "requires.unknown_module");
    // Exact range of `- <owner>/ghost@^1.0.0`'s value (line 10; the value starts after "    - ").
    expect(unknown?.range).toEqual({ startLine: 10, startColumn: 7, endLine: 10, endColumn: 7 + `${owner}/ghost@^1.0.0`.length });
    const cycle = result.errors.find((e) => e.code === "requires.cycle");
    expect(cycle?.message).toContain("web");
    expect(cycle?.message).toContain("loop");
  });

  it("checks the name against the registered module and keeps local checks (legacy shapes with a fix)", async () => {
    const text = manifest("wrong-name", "category: userland\n");
    const result = await callerFor(tdb.db, acct.users.viewer.actor).manifests.validate({ moduleName: "web", manifestYaml: text });
    expect(result.valid).toBe(false);
    expect(result.errors.map((e) => e.code)).toEqual(expect.arrayContaining(["manifest.name_mismatch", "legacy.registration_field"]));
    expect(result.errors.find((e) => e.code === "legacy.registration_field")?.fix?.edits.length).toBeGreaterThan(0);
  });

  it("returns hostile input as an issue, quickly", async () => {
    const laughs = ["a: &a [x, x, x, x, x, x, x, x, x]"];
    for (let i = 1; i < 12; i++) laughs.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${String.fromCharCode(96 + i)}`).join(", ")}]`);
    const started = Date.now();
    const result = await callerFor(tdb.db, acct.users.viewer.actor).manifests.validate({ moduleName: "web", manifestYaml: laughs.join("\n") });
    expect(result.errors.map((e) => e.code)).toContain("yaml.alias_limit");
    // A hang guard, not a benchmark.
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});

describe("manifests.save", () => {
  it("saves a valid draft, audits it with before/after hashes, and returns the new hash", async () => {
    await register(acct, "saver", manifest("saver"));
    const caller = callerFor(tdb.db, acct.users.author.actor);
    const doc = await caller.manifests.get({ moduleName: "saver" });
    const next = manifest("saver", "license: MIT\n");
    const saved = await caller.manifests.save({ moduleName: "saver", manifestYaml: next, expectedHash: doc.hash });
    expect(saved.changed).toBe(true);
    expect(saved.hash).toBe(manifestHash(next));
    expect(saved.result.valid).toBe(true);
    const row = await tdb.db.module.findFirstOrThrow({ where: { accountId: acct.accountId, name: "saver" } });
    expect(row.manifestYaml).toBe(next);
    const events = await tdb.db.auditEvent.findMany({ where: { accountId: acct.accountId, action: "module.manifest_updated", targetLabel: "saver" } });
    expect(events).toHaveLength(1);
    expect(events[0]?.actorLabel).toBe(acct.users.author.email);
    expect(events[0]?.before).toMatchObject({ sha256: doc.hash, bytes: Buffer.byteLength(doc.manifestYaml) });
    expect(events[0]?.after).toMatchObject({ sha256: saved.hash, bytes: Buffer.byteLength(next), lines: 4 });

    // Saving the same text again writes nothing and records nothing.
    const again = await caller.manifests.save({ moduleName: "saver", manifestYaml: next, expectedHash: saved.hash });
    expect(again.changed).toBe(false);
    expect(await tdb.db.auditEvent.count({ where: { accountId: acct.accountId, action: "module.manifest_updated", targetLabel: "saver" } })).toBe(1);
  });

  it("rejects a draft with errors with UNPROCESSABLE and the issues, changing nothing", async () => {
    await register(acct, "strict", manifest("strict"));
    const caller = callerFor(tdb.db, acct.users.author.actor);
    const doc = await caller.manifests.get({ moduleName: "strict" });
    const error = await trpcError(caller.manifests.save({ moduleName: "strict", manifestYaml: manifest("strict", "category: userland\n"), expectedHash: doc.hash }));
    expect(error.code).toBe("UNPROCESSABLE_CONTENT");
    const details = (error.cause as { details?: { errors: { code: string; range: { startLine: number } }[] } }).details;
    expect(details?.errors.map((e) => e.code)).toEqual(["legacy.registration_field"]);
    expect(details?.errors[0]?.range.startLine).toBe(4);
    const row = await tdb.db.module.findFirstOrThrow({ where: { accountId: acct.accountId, name: "strict" } });
    expect(row.manifestYaml).toBe(manifest("strict"));
    expect(await tdb.db.auditEvent.count({ where: { accountId: acct.accountId, action: "module.manifest_updated", targetLabel: "strict" } })).toBe(0);
  });

  it("accepts warnings and conflicts (they do not block a save)", async () => {
    await register(acct, "clash", manifest("clash"));
    const caller = callerFor(tdb.db, acct.users.author.actor);
    const doc = await caller.manifests.get({ moduleName: "clash" });
    const saved = await caller.manifests.save({
      moduleName: "clash",
      manifestYaml: manifest("clash", `dependencies:\n  provides:\n    - http.port:80\n  requires:\n    - ${acct.slug}/ghost@*\n`),
      expectedHash: doc.hash,
    });
    expect(saved.result.conflicts.map((c) => c.code)).toEqual(["capability.exclusive_clash"]);
    expect(saved.result.warnings.map((c) => c.code)).toContain("requires.unknown_module");
  });

  it("answers CONFLICT for a stale hash instead of overwriting someone else's save", async () => {
    await register(acct, "shared", manifest("shared"));
    const alice = callerFor(tdb.db, acct.users.author.actor);
    const bob = callerFor(tdb.db, acct.users.operator.actor);
    const loaded = await alice.manifests.get({ moduleName: "shared" });
    await bob.manifests.save({ moduleName: "shared", manifestYaml: manifest("shared", "license: MIT\n"), expectedHash: loaded.hash });
    const error = await trpcError(alice.manifests.save({ moduleName: "shared", manifestYaml: manifest("shared", "license: Apache-2.0\n"), expectedHash: loaded.hash }));
    expect(error.code).toBe("CONFLICT");
    const row = await tdb.db.module.findFirstOrThrow({ where: { accountId: acct.accountId, name: "shared" } });
    expect(row.manifestYaml).toContain("license: MIT");
  });

  it("lets exactly one of several concurrent saves from the same starting point win", async () => {
    await register(acct, "race", manifest("race"));
    const loaded = await callerFor(tdb.db, acct.users.author.actor).manifests.get({ moduleName: "race" });
    const actors = [acct.users.author, acct.users.operator, acct.users.approver, acct.users.admin];
    const outcomes = await Promise.allSettled(
      actors.map((user, i) =>
        callerFor(tdb.db, user.actor).manifests.save({
          moduleName: "race",
          manifestYaml: manifest("race", `description: writer ${i}\n`),
          expectedHash: loaded.hash,
        }),
      ),
    );
    const won = outcomes.filter((o) => o.status === "fulfilled");
    const lost = outcomes.filter((o): o is PromiseRejectedResult => o.status === "rejected");
    expect(won).toHaveLength(1);
    expect(lost.map((o) => (o.reason as TRPCError).code)).toEqual(["CONFLICT", "CONFLICT", "CONFLICT"]);
    const row = await tdb.db.module.findFirstOrThrow({ where: { accountId: acct.accountId, name: "race" } });
    const winner = outcomes.findIndex((o) => o.status === "fulfilled");
    expect(row.manifestYaml).toContain(`writer ${winner}`);
    expect(await tdb.db.auditEvent.count({ where: { accountId: acct.accountId, action: "module.manifest_updated", targetLabel: "race" } })).toBe(1);
  });

  it("is refused to viewers (manifests.edit) and to other accounts (NOT_FOUND)", async () => {
    const doc = await callerFor(tdb.db, acct.users.viewer.actor).manifests.get({ moduleName: "base" });
    const input = { moduleName: "base", manifestYaml: doc.manifestYaml, expectedHash: doc.hash };
    expect((await trpcError(callerFor(tdb.db, acct.users.viewer.actor).manifests.save(input))).code).toBe("FORBIDDEN");
    expect((await trpcError(callerFor(tdb.db, other.users.admin.actor).manifests.save(input))).code).toBe("NOT_FOUND");
  });

  it("requires the compare-and-set hash and rejects a malformed one", async () => {
    const caller = callerFor(tdb.db, acct.users.author.actor);
    const noHash = { moduleName: "base", manifestYaml: "x: 1" } as unknown as Parameters<typeof caller.manifests.save>[0];
    expect((await trpcError(caller.manifests.save(noHash))).code).toBe("BAD_REQUEST");
    expect((await trpcError(caller.manifests.save({ moduleName: "base", manifestYaml: "x: 1", expectedHash: "md5:abc" }))).code).toBe("BAD_REQUEST");
  });

  it("rejects a manifest over 256 KiB of UTF-8 with PAYLOAD_TOO_LARGE", async () => {
    const caller = callerFor(tdb.db, acct.users.author.actor);
    const doc = await caller.manifests.get({ moduleName: "base" });
    // 100,000 three-byte characters: under the character bound, over the byte limit.
    const big = `${doc.manifestYaml}description: "${"€".repeat(100_000)}"\n`;
    expect((await trpcError(caller.manifests.save({ moduleName: "base", manifestYaml: big, expectedHash: doc.hash }))).code).toBe("PAYLOAD_TOO_LARGE");
  });
});

describe("REST /system/modules/{name}/manifest", () => {
  it("reads and replaces the draft with snake_case JSON, 422 with the issues, 409 on a stale hash, 404 and 413", async () => {
    await register(acct, "rest-mod", manifest("rest-mod"));
    await register(other, "rest-theirs", manifest("rest-theirs"));
    const author = await createToken(svcFor(tdb.db, acct.users.admin.actor), { name: "rest-author", role: "author", scopes: [], expiresInDays: 1 });
    const viewer = await createToken(svcFor(tdb.db, acct.users.admin.actor), { name: "rest-viewer", role: "viewer", scopes: [], expiresInDays: 1 });
    const server = await startRestServer(tdb.db);
    const url = `${server.baseUrl}/system/modules/rest-mod/manifest`;
    const put = (body: unknown, token = author.secret) =>
      fetch(url, { method: "PUT", headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body: JSON.stringify(body) });
    try {
      const got = await fetch(url, { headers: { authorization: `Bearer ${viewer.secret}` } });
      expect(got.status).toBe(200);
      const doc = (await got.json()) as { manifest_yaml: string; sha256: string; live_version: unknown; module: string };
      expect(doc).toMatchObject({ module: "rest-mod", manifest_yaml: manifest("rest-mod"), sha256: manifestHash(manifest("rest-mod")), live_version: null });

      const ok = await put({ manifest_yaml: manifest("rest-mod", `dependencies:\n  requires:\n    - ${acct.slug}/ghost@*\n`), expected_sha256: doc.sha256 });
      expect(ok.status).toBe(200);
      const okBody = (await ok.json()) as Record<string, unknown> & { warnings: Record<string, unknown>[] };
      expect(okBody).toMatchObject({ valid: true, changed: true, errors: [], conflicts: [] });
      expect(okBody.warnings[0]).toMatchObject({ code: "requires.unknown_module", range: { start_line: 6, start_column: 7 } });
      expect(typeof okBody.sha256).toBe("string");

      const stale = await put({ manifest_yaml: manifest("rest-mod"), expected_sha256: doc.sha256 });
      expect(stale.status).toBe(409);
      expect(((await stale.json()) as { error: { details: { current_sha256: string } } }).error.details.current_sha256).toBe(okBody.sha256);

      const invalid = await put({ manifest_yaml: manifest("rest-mod", "category: userland\nprotected_spec:\n  - /etc/base.conf\n") });
      expect(invalid.status).toBe(422);
      const invalidBody = (await invalid.json()) as {
        error: { code: string; details: { errors: { code: string; range: { start_line: number } }[]; conflicts: { related_module: string }[]; warnings: unknown[] } };
      };
      expect(invalidBody.error.code).toBe("UNPROCESSABLE");
      expect(invalidBody.error.details.errors[0]).toMatchObject({ code: "legacy.registration_field", range: { start_line: 4 } });
      expect(invalidBody.error.details.conflicts[0]).toMatchObject({ related_module: "base" });
      expect(Array.isArray(invalidBody.error.details.warnings)).toBe(true);

      const tooBig = await put({ manifest_yaml: `${manifest("rest-mod")}description: "${"x".repeat(270_000)}"\n` });
      expect(tooBig.status).toBe(413);
      const wayTooBig = await put({ manifest_yaml: "x".repeat(3 * 1024 * 1024) });
      expect(wayTooBig.status).toBe(413);

      expect((await put({ manifest_yaml: manifest("rest-mod") }, viewer.secret)).status).toBe(403);
      expect((await put({ yaml: "nope" })).status).toBe(400);
      const theirs = await fetch(`${server.baseUrl}/system/modules/rest-theirs/manifest`, {
        method: "PUT",
        headers: { authorization: `Bearer ${author.secret}`, "content-type": "application/json" },
        body: JSON.stringify({ manifest_yaml: manifest("rest-theirs") }),
      });
      expect(theirs.status).toBe(404);
      const row = await tdb.db.module.findFirstOrThrow({ where: { accountId: other.accountId, name: "rest-theirs" } });
      expect(row.manifestYaml).toBe(manifest("rest-theirs"));
    } finally {
      await server.close();
    }
  });
});
