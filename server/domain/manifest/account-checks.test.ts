import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { AccountContext, AccountModule } from "./account-checks";
import { check, codes, manifest, only, rangeText } from "./test-support";

const NGINX = readFileSync(new URL("./fixtures/nginx.manifest.yaml", import.meta.url), "utf8");

function mod(name: string, fields: Partial<Omit<AccountModule, "name">> = {}): AccountModule {
  return { name, protectedSpec: [], fileSpec: [], provides: [], requires: [], versions: ["1.0.0"], ...fields };
}

function ctx(...modules: AccountModule[]): AccountContext {
  return { owner: "powernode", modules };
}

describe("dependencies against the account", () => {
  it("the nginx fixture is clean in a realistic account", () => {
    const r = check(NGINX, { moduleName: "nginx" }, ctx(mod("system-base", { versions: ["1.0.0", "1.4.2"], protectedSpec: ["/etc/hostname", "/etc/ssh/**"] }), mod("chrony")));
    expect(r).toEqual({ valid: true, errors: [], warnings: [], conflicts: [] });
  });

  it("an unknown module is a warning, with did-you-mean", () => {
    const r = check(manifest("dependencies:\n  requires: [powernode/sytem-base@^1]\n"), {}, ctx(mod("system-base")));
    const issue = only(r, "requires.unknown_module");
    expect(issue.severity).toBe("warning");
    expect(rangeText(issue.range)).toBe("4:14-4:37");
    expect(issue.hint).toBe("Did you mean `system-base`?");
    expect(r.valid).toBe(true);
  });

  it("a range no existing version satisfies is a warning", () => {
    const r = check(manifest("dependencies:\n  requires:\n    - powernode/system-base@^2.0\n"), {}, ctx(mod("system-base", { versions: ["1.0.0", "1.2.0", "not-semver"] })));
    const issue = only(r, "requires.unsatisfied_range");
    expect(issue.message).toBe("No version of `system-base` satisfies `^2.0` (existing: 1.0.0, 1.2.0, not-semver).");
    expect(rangeText(issue.range)).toBe("5:7-5:33");
  });

  it("a module without versions cannot satisfy any range", () => {
    const r = check(manifest("dependencies:\n  requires: [powernode/base@*]\n"), {}, ctx(mod("base", { versions: [] })));
    expect(only(r, "requires.unsatisfied_range").message).toBe("`base` has no versions yet, so `*` cannot be satisfied.");
  });

  it("another account's module is a warning (never resolvable)", () => {
    const r = check(manifest("dependencies:\n  requires: [acme/base@^1]\n"), {}, ctx(mod("base")));
    const issue = only(r, "requires.cross_account");
    expect(issue.hint).toBe("If the module lives in this account, write powernode/base@^1.");
  });

  it("a capability nobody provides is a warning", () => {
    const r = check(manifest("dependencies:\n  requires: [capability:container-runtime]\n"), {}, ctx(mod("containerd", { provides: ["oci-runtime"] })));
    expect(only(r, "requires.unknown_capability").severity).toBe("warning");
    const ok = check(manifest("dependencies:\n  requires: [capability:container-runtime]\n"), {}, ctx(mod("containerd", { provides: ["container-runtime"] })));
    expect(codes(ok)).toEqual([]);
  });
});

describe("cycles", () => {
  it("a → b → a, reported on the requirement that closes it", () => {
    const r = check(manifest("dependencies:\n  requires:\n    - powernode/b@^1\n", "a"), {}, ctx(mod("b", { requires: ["powernode/a@^1"] })));
    const issue = only(r, "requires.cycle");
    expect(issue.message).toBe("Dependency cycle: a → b → a.");
    expect(issue.severity).toBe("error");
    expect(rangeText(issue.range)).toBe("5:7-5:21");
  });

  it("longer cycles give the shortest path; cycles not through this module are ignored", () => {
    const r = check(
      manifest("dependencies:\n  requires: [powernode/b@^1]\n", "a"),
      {},
      ctx(
        mod("b", { requires: ["powernode/c@^1", "powernode/x@^1"] }),
        mod("c", { requires: ["powernode/d@^1"] }),
        mod("d", { requires: ["powernode/a@^1"] }),
        mod("x", { requires: ["powernode/y@^1"] }),
        mod("y", { requires: ["powernode/x@^1"] }),
      ),
    );
    expect(only(r, "requires.cycle").message).toBe("Dependency cycle: a → b → c → d → a.");
  });

  it("edges to other accounts do not form cycles", () => {
    const r = check(manifest("dependencies:\n  requires: [powernode/b@^1]\n", "a"), {}, ctx(mod("b", { requires: ["acme/a@^1"] })));
    expect(codes(r)).toEqual([]);
  });

  it("the module's own stored draft in the context is ignored", () => {
    const r = check(manifest("dependencies:\n  requires: [powernode/b@^1]\n", "a"), {}, ctx(mod("a", { requires: ["powernode/b@^1"] }), mod("b")));
    expect(codes(r)).toEqual([]);
  });
});

describe("conflicts", () => {
  it("a protected path another module also protects", () => {
    const r = check(
      manifest("protected_spec:\n  - /etc/ssh/**\n  - /etc/motd\n", "ssh-hardening"),
      {},
      ctx(mod("system-base", { protectedSpec: ["/etc/ssh/sshd_config", "/etc/hostname"] })),
    );
    const issue = only(r, "conflict.protected_path");
    expect(issue.severity).toBe("conflict");
    expect(issue.relatedModule).toBe("system-base");
    expect(issue.path).toBe("/protected_spec/0");
    expect(rangeText(issue.range)).toBe("4:5-4:16");
    expect(issue.message).toContain("both match /etc/ssh/sshd_config");
    expect(r.valid).toBe(true);
  });

  it("a file_spec glob reaching into another module's protected path", () => {
    const r = check(manifest("file_spec:\n  - /etc/**\n  - /usr/bin/tool\n"), {}, ctx(mod("ssh-hardening", { protectedSpec: ["/etc/ssh/sshd_config.d/*.conf"] })));
    const issue = only(r, "conflict.file_spec_protected");
    expect(issue.relatedModule).toBe("ssh-hardening");
    expect(issue.message).toContain("would be dropped from this module whenever both are composed");
    expect(rangeText(issue.range)).toBe("4:5-4:12");
  });

  it("one conflict per glob and other module, however many of its globs overlap", () => {
    const r = check(manifest("protected_spec: [/etc/**]\n"), {}, ctx(mod("m1", { protectedSpec: ["/etc/a", "/etc/b"] }), mod("m2", { protectedSpec: ["/etc/c"] })));
    expect(r.conflicts.map((c) => c.relatedModule)).toEqual(["m1", "m2"]);
  });

  it("non-overlapping globs are fine (wildcards compared exactly)", () => {
    const r = check(manifest("protected_spec: [/etc/nginx/*.conf]\nfile_spec: [/usr/**]\n"), {}, ctx(mod("other", { protectedSpec: ["/etc/nginx/*.json", "/etc/*/x/**", "/var/**", "/etc/[invalid"] })));
    expect(codes(r)).toEqual([]);
  });

  it("an exclusive capability another module provides", () => {
    const r = check(manifest("dependencies:\n  provides: [http.server, http.port:80]\n"), {}, ctx(mod("caddy", { provides: ["http.server", "http.port:80"] })));
    const issue = only(r, "capability.exclusive_clash");
    expect(issue.relatedModule).toBe("caddy");
    expect(rangeText(issue.range)).toBe("4:27-4:39");
  });
});
