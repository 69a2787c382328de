/**
 * Warnings about what a template's assignments deploy, which the engine cannot see because it is handed versions
 * and manifest facts, not pins and drafts (docs/templates.md, Assignments and What composePreview loads):
 *
 * - `template.pin_ignored` — the pin names a version that is no longer blessed or live; nodes get live instead;
 * - `template.draft_manifest` — neither a pin nor a live version deploys, so the draft manifest's globs are used;
 * - `template.manifest_unreadable` — the deploying version's manifest could not be read.
 *
 * They are warnings: they never block a change (docs/composition.md). Disabled assignments get none.
 */
import { WHOLE_DOCUMENT_RANGE } from "../issues";
import type { ComposeResult, CompositionIssue } from "./types";

export const TEMPLATE_NOTE_CODES = {
  pinIgnored: "template.pin_ignored",
  draftManifest: "template.draft_manifest",
  manifestUnreadable: "template.manifest_unreadable",
} as const;

export type TemplateNoteCode = (typeof TEMPLATE_NOTE_CODES)[keyof typeof TEMPLATE_NOTE_CODES];

/** One assignment as the notes need it. */
export interface AssignmentNoteInput {
  name: string;
  enabled: boolean;
  /** The version that would deploy (pinned or live); null when none does and the draft manifest is composed. */
  version: string | null;
  /** The pin passed over because its version is no longer blessed or live (`resolvePin`'s `ignoredPin`). */
  ignoredPin: { version: string; state: string } | null;
  /** Whether the deploying version's manifest could be read (`ManifestFacts.readable`); unused for drafts. */
  manifestReadable: boolean;
}

function note(code: TemplateNoteCode, message: string, module: string, hint?: string): CompositionIssue {
  return {
    code,
    severity: "warning",
    message,
    path: "",
    range: { ...WHOLE_DOCUMENT_RANGE },
    relatedModule: module,
    ...(hint ? { hint } : {}),
    key: `${code}|${module}`,
  };
}

/** The notes of each enabled assignment, in assignment order (`withNotes` sorts them in). */
export function templateNotes(assignments: readonly AssignmentNoteInput[]): CompositionIssue[] {
  const notes: CompositionIssue[] = [];
  for (const a of assignments) {
    if (!a.enabled) continue;
    if (a.ignoredPin)
      notes.push(
        note(
          TEMPLATE_NOTE_CODES.pinIgnored,
          `${a.name} is pinned to ${a.ignoredPin.version}, which is ${a.ignoredPin.state}; nodes get ${a.version ? `the live version ${a.version}` : "nothing"} instead.`,
          a.name,
          "Pin a blessed or live version, or unpin to follow live.",
        ),
      );
    if (a.version === null)
      notes.push(
        note(
          TEMPLATE_NOTE_CODES.draftManifest,
          `${a.name} has no pinned or live version: its draft manifest's globs are used and its files are unknown.`,
          a.name,
          "Promote a version to live or pin a blessed one to compose real file lists.",
        ),
      );
    else if (!a.manifestReadable)
      notes.push(note(TEMPLATE_NOTE_CODES.manifestUnreadable, `The manifest of ${a.name}@${a.version} could not be read; its globs and dependencies are unknown.`, a.name));
  }
  return notes;
}

function byKey(a: CompositionIssue, b: CompositionIssue): number {
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

/** The engine's result with the notes merged into its warnings, which stay sorted by key. */
export function withNotes(result: ComposeResult, notes: readonly CompositionIssue[]): ComposeResult {
  return notes.length ? { ...result, warnings: [...result.warnings, ...notes].sort(byKey) } : result;
}
