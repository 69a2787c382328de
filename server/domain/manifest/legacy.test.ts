import { describe, expect, it } from "vitest";
import { applyQuickFix } from "./legacy";
import { check, codes, only, rangeText } from "./test-support";

/** Applies the issue's fix, re-validates, and returns the new text and result. */
function fixAndRecheck(text: string, code: string, input: { moduleName?: string; categorySlug?: string } = {}) {
  const before = check(text, input);
  const issue = only(before, code);
  expect(issue.fix, `${code} should carry a quick fix`).toBeDefined();
  if (!issue.fix) throw new Error("no fix");
  const fixed = applyQuickFix(text, issue.fix);
  return { issue, fixed, after: check(fixed, input) };
}

describe("legacy identity: wrapper", () => {
  const text = ["identity:", "  schema_version: 1", "  name: nginx", "  # the public name", "  display_name: NGINX", "file_spec:", "  - /etc/nginx/**", ""].join("\n");

  it("is reported once on the identity key, without schema noise", () => {
    const r = check(text);
    const issue = only(r, "legacy.identity_wrapper");
    expect(issue.severity).toBe("error");
    expect(issue.path).toBe("/identity");
    expect(rangeText(issue.range)).toBe("1:1-1:9");
    expect(issue.message).toContain("`schema_version`, `name`, `display_name`");
    // Neither "unknown key identity" nor "missing name/schema_version".
    expect(codes(r)).toEqual(["legacy.identity_wrapper"]);
  });

  it("has a fix that moves the keys (and comments) to the top level", () => {
    const { fixed, after } = fixAndRecheck(text, "legacy.identity_wrapper");
    expect(fixed).toBe(["schema_version: 1", "name: nginx", "# the public name", "display_name: NGINX", "file_spec:", "  - /etc/nginx/**", ""].join("\n"));
    expect(after.valid).toBe(true);
    expect(codes(after)).toEqual([]);
  });

  it("fixes a flow-style identity mapping", () => {
    const flow = "identity: {schema_version: 1, name: nginx}\nlicense: MIT\n";
    const { fixed, after } = fixAndRecheck(flow, "legacy.identity_wrapper");
    expect(fixed).toBe("schema_version: 1\nname: nginx\nlicense: MIT\n");
    expect(after.valid).toBe(true);
  });

  it("keeps CRLF line endings", () => {
    const crlf = "identity:\r\n  schema_version: 1\r\n  name: nginx\r\nlicense: MIT\r\n";
    const { fixed, after } = fixAndRecheck(crlf, "legacy.identity_wrapper");
    expect(fixed).toBe("schema_version: 1\r\nname: nginx\r\nlicense: MIT\r\n");
    expect(after.valid).toBe(true);
  });

  it("offers no fix when a wrapped key also exists at the top level", () => {
    const r = check("name: nginx\nidentity:\n  name: nginx\n  schema_version: 1\n");
    const issue = only(r, "legacy.identity_wrapper");
    expect(issue.fix).toBeUndefined();
    expect(issue.hint).toContain("`name` already exist");
  });

  it("reports registration fields inside the wrapper too; after the fix they are reported at the top level", () => {
    const t = "identity:\n  schema_version: 1\n  name: nginx\n  category: userland\n";
    const r = check(t);
    expect(only(r, "legacy.registration_field").path).toBe("/identity/category");
    const { after } = fixAndRecheck(t, "legacy.identity_wrapper");
    expect(codes(after)).toEqual(["legacy.registration_field"]);
    expect(only(after, "legacy.registration_field").path).toBe("/category");
  });
});

describe("legacy file_spec: {include, mask}", () => {
  it("flattens include and creates a top-level mask", () => {
    const text = [
      "schema_version: 1",
      "name: nginx",
      "file_spec:",
      "  include:",
      "    - /etc/nginx/**",
      "    - '/usr/sbin/nginx'",
      "  mask:",
      "    - /etc/nginx/sites-enabled/default",
      "license: MIT",
      "",
    ].join("\n");
    const r = check(text);
    const issue = only(r, "legacy.file_spec_object");
    expect(rangeText(issue.range)).toBe("3:1-3:10");
    expect(issue.path).toBe("/file_spec");
    expect(codes(r)).toEqual(["legacy.file_spec_object"]);
    const { fixed, after } = fixAndRecheck(text, "legacy.file_spec_object");
    expect(fixed).toBe(
      [
        "schema_version: 1",
        "name: nginx",
        "file_spec:",
        "  - /etc/nginx/**",
        "  - '/usr/sbin/nginx'",
        "mask:",
        "  - /etc/nginx/sites-enabled/default",
        "license: MIT",
        "",
      ].join("\n"),
    );
    expect(after.valid).toBe(true);
    expect(codes(after)).toEqual([]);
  });

  it("merges into an existing block mask, skipping duplicates", () => {
    const text = [
      "schema_version: 1",
      "name: nginx",
      "mask:",
      "  - /etc/nginx/sites-enabled/default",
      "file_spec:",
      "  include: [/etc/nginx/**, /usr/share/nginx/**]",
      "  mask: [/etc/nginx/sites-enabled/default, /usr/share/nginx/html/index.html]",
    ].join("\n");
    const { fixed, after } = fixAndRecheck(text, "legacy.file_spec_object");
    expect(fixed).toBe(
      [
        "schema_version: 1",
        "name: nginx",
        "mask:",
        "  - /etc/nginx/sites-enabled/default",
        "  - /usr/share/nginx/html/index.html",
        "file_spec:",
        "  - /etc/nginx/**",
        "  - /usr/share/nginx/**",
      ].join("\n"),
    );
    expect(after.valid).toBe(true);
    expect(codes(after)).toEqual([]);
  });

  it("merges into a flow mask by rewriting it as a block list", () => {
    const text = "schema_version: 1\nname: nginx\nfile_spec:\n  include:\n    - /etc/**\n  mask:\n    - /etc/b\nmask: [/etc/a]\n";
    const { fixed, after } = fixAndRecheck(text, "legacy.file_spec_object");
    expect(fixed).toBe("schema_version: 1\nname: nginx\nfile_spec:\n  - /etc/**\nmask:\n  - /etc/a\n  - /etc/b\n");
    expect(after.valid).toBe(true);
  });

  it("appends after a mask that ends the file without a newline", () => {
    const text = "schema_version: 1\nname: nginx\nfile_spec:\n  include:\n    - /etc/**\n  mask:\n    - /etc/b\nmask:\n  - /etc/a";
    const { fixed, after } = fixAndRecheck(text, "legacy.file_spec_object");
    expect(fixed).toBe("schema_version: 1\nname: nginx\nfile_spec:\n  - /etc/**\nmask:\n  - /etc/a\n  - /etc/b");
    expect(after.valid).toBe(true);
  });

  it("still checks the legacy include and mask globs", () => {
    const r = check("schema_version: 1\nname: nginx\nfile_spec:\n  include:\n    - etc/nginx\n    - /usr/**\n  mask:\n    - /usr//x\n");
    expect(codes(r).sort()).toEqual(["glob.empty_segment", "glob.not_absolute", "legacy.file_spec_object"]);
    expect(rangeText(only(r, "glob.not_absolute").range)).toBe("5:7-5:16");
    expect(only(r, "glob.empty_segment").path).toBe("/file_spec/mask/0");
  });

  it("offers no fix when the object has keys without an equivalent", () => {
    const r = check("schema_version: 1\nname: nginx\nfile_spec:\n  include: [/a]\n  exclude: [/b]\n");
    const issue = only(r, "legacy.file_spec_object");
    expect(issue.fix).toBeUndefined();
    expect(issue.message).toContain("`exclude`");
  });
});

describe("legacy registration fields", () => {
  for (const field of ["category", "variety", "parent_module", "cosign_identity_regexp", "cosign_issuer_regexp"]) {
    it(`${field}: explains and removes it`, () => {
      const text = `schema_version: 1\nname: nginx\n${field}: some-value   # set long ago\nlicense: MIT\n`;
      const r = check(text);
      const issue = only(r, "legacy.registration_field");
      expect(issue.path).toBe(`/${field}`);
      expect(rangeText(issue.range)).toBe(`3:1-3:${field.length + 1}`);
      expect(issue.message).toContain("registration field");
      expect(issue.hint).toContain("module page");
      expect(codes(r)).toEqual(["legacy.registration_field"]);
      const { fixed, after } = fixAndRecheck(text, "legacy.registration_field");
      expect(fixed).toBe("schema_version: 1\nname: nginx\nlicense: MIT\n");
      expect(after.valid).toBe(true);
    });
  }

  it("points out a category that contradicts the registered one", () => {
    const r = check("schema_version: 1\nname: nginx\ncategory: system-base\n", { categorySlug: "userland" });
    expect(only(r, "legacy.registration_field").message).toContain("registered in `userland`, not `system-base`");
  });

  it("recognises camelCase spellings and multi-line values", () => {
    const text = "schema_version: 1\nname: nginx\ncosignIdentityRegexp: >-\n  ^https://github.com/acme/.*$\nlicense: MIT\n";
    const { fixed, after } = fixAndRecheck(text, "legacy.registration_field");
    expect(fixed).toBe("schema_version: 1\nname: nginx\nlicense: MIT\n");
    expect(after.valid).toBe(true);
  });

  it("removes the last line of a file without a trailing newline", () => {
    const { fixed, after } = fixAndRecheck("schema_version: 1\nname: nginx\nvariety: config", "legacy.registration_field");
    expect(fixed).toBe("schema_version: 1\nname: nginx\n");
    expect(after.valid).toBe(true);
  });
});

describe("legacy lifecycle words", () => {
  it("draft is the old name of built", () => {
    const text = "schema_version: 1\nname: nginx\nstatus: draft\n";
    const r = check(text);
    const issue = only(r, "legacy.lifecycle_state");
    expect(rangeText(issue.range)).toBe("3:9-3:14");
    expect(issue.message).toContain("`draft` is the old name of `built`");
    const { fixed, after } = fixAndRecheck(text, "legacy.lifecycle_state");
    expect(fixed).toBe("schema_version: 1\nname: nginx\n");
    expect(after.valid).toBe(true);
  });

  it("archived is the old name of retired", () => {
    const text = "schema_version: 1\nname: nginx\nlifecycle: archived\nlicense: MIT\n";
    const issue = only(check(text), "legacy.lifecycle_state");
    expect(issue.message).toContain("`archived` is the old name of `retired`");
    const { after } = fixAndRecheck(text, "legacy.lifecycle_state");
    expect(codes(after)).toEqual([]);
  });

  it("current state names are not manifest fields either", () => {
    const issue = only(check("schema_version: 1\nname: nginx\nstate: live\n"), "legacy.lifecycle_state");
    expect(issue.message).not.toContain("old name");
  });

  it("other values of such keys are plain unknown keys", () => {
    const r = check("schema_version: 1\nname: nginx\nstatus: experimental\n");
    expect(codes(r)).toEqual(["schema.unknown_key"]);
  });
});

describe("applyQuickFix", () => {
  it("applies several edits against the original text", () => {
    const text = "abc\ndef\n";
    const out = applyQuickFix(text, {
      title: "t",
      edits: [
        { range: { startLine: 2, startColumn: 1, endLine: 2, endColumn: 2 }, text: "D" },
        { range: { startLine: 1, startColumn: 2, endLine: 1, endColumn: 3 }, text: "BB" },
      ],
    });
    expect(out).toBe("aBBc\nDef\n");
  });

  it("rejects overlapping edits", () => {
    expect(() =>
      applyQuickFix("abcdef", {
        title: "t",
        edits: [
          { range: { startLine: 1, startColumn: 1, endLine: 1, endColumn: 4 }, text: "x" },
          { range: { startLine: 1, startColumn: 3, endLine: 1, endColumn: 5 }, text: "y" },
        ],
      }),
    ).toThrow(/overlapping/);
  });
});
