import { describe, expect, it } from "vitest";
import { compose } from "./compose";
import { templateNotes, withNotes, type AssignmentNoteInput } from "./notes";
import { input, mod } from "./test-fixtures";

const assignment = (extra: Partial<AssignmentNoteInput> = {}): AssignmentNoteInput => ({
  name: "nginx",
  enabled: true,
  version: "1.1.0",
  ignoredPin: null,
  manifestReadable: true,
  ...extra,
});
const whole = { startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 };

describe("templateNotes", () => {
  it("says nothing about an enabled assignment deploying a readable version", () => {
    expect(templateNotes([assignment()])).toEqual([]);
  });

  it("warns template.pin_ignored when a pin fell back to live, or to nothing", () => {
    expect(templateNotes([assignment({ ignoredPin: { version: "1.0.0", state: "retired" } })])).toEqual([
      {
        code: "template.pin_ignored",
        severity: "warning",
        message: "nginx is pinned to 1.0.0, which is retired; nodes get the live version 1.1.0 instead.",
        path: "",
        range: whole,
        relatedModule: "nginx",
        hint: "Pin a blessed or live version, or unpin to follow live.",
        key: "template.pin_ignored|nginx",
      },
    ]);
    const nothing = templateNotes([assignment({ version: null, ignoredPin: { version: "1.0.0", state: "staging" } })]);
    expect(nothing.map((n) => n.code)).toEqual(["template.pin_ignored", "template.draft_manifest"]);
    expect(nothing[0]!.message).toBe("nginx is pinned to 1.0.0, which is staging; nodes get nothing instead.");
  });

  it("warns template.draft_manifest when no version deploys (whatever the draft's readability)", () => {
    expect(templateNotes([assignment({ version: null, manifestReadable: false })])).toEqual([
      {
        code: "template.draft_manifest",
        severity: "warning",
        message: "nginx has no pinned or live version: its draft manifest's globs are used and its files are unknown.",
        path: "",
        range: whole,
        relatedModule: "nginx",
        hint: "Promote a version to live or pin a blessed one to compose real file lists.",
        key: "template.draft_manifest|nginx",
      },
    ]);
  });

  it("warns template.manifest_unreadable, without a hint, when the deploying version's manifest cannot be read", () => {
    expect(templateNotes([assignment({ manifestReadable: false })])).toEqual([
      {
        code: "template.manifest_unreadable",
        severity: "warning",
        message: "The manifest of nginx@1.1.0 could not be read; its globs and dependencies are unknown.",
        path: "",
        range: whole,
        relatedModule: "nginx",
        key: "template.manifest_unreadable|nginx",
      },
    ]);
  });

  it("says nothing about disabled assignments", () => {
    expect(templateNotes([assignment({ enabled: false, version: null, ignoredPin: { version: "1.0.0", state: "retired" }, manifestReadable: false })])).toEqual([]);
  });
});

describe("withNotes", () => {
  it("merges notes into the engine's warnings sorted by key, and leaves a result without notes as it is", () => {
    const raw = compose(input([mod("nginx", { version: null, fileSpec: ["/etc/nginx/**"] }), mod("apache", { fileSpec: ["/srv/**"] })]));
    expect(withNotes(raw, [])).toBe(raw);
    const notes = templateNotes([assignment({ name: "zeta", version: null }), assignment({ name: "apache", manifestReadable: false })]);
    const merged = withNotes(raw, notes);
    expect(merged.warnings.map((w) => w.key)).toEqual([...raw.warnings, ...notes].map((w) => w.key).sort());
    expect(merged.warnings.map((w) => w.code)).toEqual(["composition.no_deployable_version", "template.draft_manifest", "template.manifest_unreadable"]);
    expect(merged.errors).toBe(raw.errors);
    expect(raw.warnings).toHaveLength(1);
  });
});
