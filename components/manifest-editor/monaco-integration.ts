/**
 * The manifest editor's Monaco wiring: JSON Schema for monaco-yaml (completion and hover docs for every key),
 * Strata markers, quick fixes as code actions (lightbulb / Ctrl+.), and `requires` completion.
 *
 * Monaco providers are global per language, so they are registered once and look up per-model state in a
 * registry keyed by model URI; a YAML model that is not a registered manifest (e.g. the live side of the diff)
 * gets nothing from them.
 */
import type * as MonacoApi from "monaco-editor/esm/vs/editor/editor.api";
import type { Issue, QuickFix } from "@/server/domain/issues";
import { MANIFEST_JSON_SCHEMA_ID, manifestJsonSchema } from "@/server/domain/manifest";
import { MARKER_OWNER, toMarker } from "./markers";
import { findRequiresContext, requiresSuggestions, type RequiresCompletionData } from "./requires-completion";

type Monaco = typeof MonacoApi;

export interface ManifestModelState {
  moduleName: string;
  completion: RequiresCompletionData;
  /** The issues currently shown, and the model version they were computed for. */
  issues: Issue[];
  versionId: number;
}

const registry = new Map<string, ManifestModelState>();
let providersRegistered = false;

/** Model URIs of manifests: `file:///strata/modules/<name>/manifest.yaml` (the schema is bound to this pattern). */
export function manifestModelPath(moduleName: string): string {
  return `file:///strata/modules/${moduleName}/manifest.yaml`;
}

export function liveManifestModelPath(moduleName: string, version: string): string {
  return `file:///strata/modules/${moduleName}/live/${encodeURIComponent(version)}/manifest.yaml`;
}

export function registerManifestModel(uri: string, state: ManifestModelState): () => void {
  registry.set(uri, state);
  return () => {
    if (registry.get(uri) === state) registry.delete(uri);
  };
}

export function updateManifestModel(uri: string, patch: Partial<ManifestModelState>): void {
  const state = registry.get(uri);
  if (state) Object.assign(state, patch);
}

function toMonacoRange(monaco: Monaco, r: Issue["range"]): MonacoApi.IRange {
  return new monaco.Range(r.startLine, r.startColumn, r.endLine, r.endColumn);
}

export function setManifestMarkers(monaco: Monaco, model: MonacoApi.editor.ITextModel, issues: readonly Issue[]): void {
  const severities = { Error: monaco.MarkerSeverity.Error, Warning: monaco.MarkerSeverity.Warning, Info: monaco.MarkerSeverity.Info };
  monaco.editor.setModelMarkers(model, MARKER_OWNER, issues.map((i) => toMarker(i, severities)));
}

export function fixEdits(monaco: Monaco, fix: QuickFix): MonacoApi.editor.IIdentifiedSingleEditOperation[] {
  return fix.edits.map((e) => ({ range: toMonacoRange(monaco, e.range), text: e.text, forceMoveMarkers: true }));
}

/** Applies a fix to the editor's model as ONE undoable edit (Ctrl+Z reverts all of its edits at once). */
export function applyFixInEditor(monaco: Monaco, editor: MonacoApi.editor.ICodeEditor, fix: QuickFix): void {
  editor.pushUndoStop();
  editor.executeEdits("strata.quickFix", fixEdits(monaco, fix));
  editor.pushUndoStop();
  editor.focus();
}

function intersects(a: Issue["range"], b: MonacoApi.IRange): boolean {
  const startsBeforeEnd = a.startLine < b.endLineNumber || (a.startLine === b.endLineNumber && a.startColumn <= b.endColumn);
  const endsAfterStart = a.endLine > b.startLineNumber || (a.endLine === b.startLineNumber && a.endColumn >= b.startColumn);
  return startsBeforeEnd && endsAfterStart;
}

const SUGGESTION_KIND = { module: "Module", "any-version": "Module", capability: "Interface" } as const;

/** Registers the schema and the providers once for the whole app (idempotent). */
export function ensureManifestSupport(monaco: Monaco): void {
  if (providersRegistered) return;
  providersRegistered = true;

  // Lazily: monaco-yaml belongs in the editor's chunk, not in the page's (this module is also evaluated in SSR).
  void import("@/components/monaco/yaml").then(({ registerYamlSchema }) =>
    registerYamlSchema(monaco, { uri: MANIFEST_JSON_SCHEMA_ID, fileMatch: ["**/strata/modules/**/manifest.yaml"], schema: manifestJsonSchema() }),
  );

  monaco.languages.registerCodeActionProvider(
    "yaml",
    {
      provideCodeActions(model, range, context) {
        const state = registry.get(model.uri.toString());
        if (!state || state.versionId !== model.getVersionId()) return { actions: [], dispose() {} };
        const actions: MonacoApi.languages.CodeAction[] = [];
        for (const issue of state.issues) {
          if (!issue.fix || !intersects(issue.range, range)) continue;
          const markers = context.markers.filter(
            (m) => m.code === issue.code && m.startLineNumber === issue.range.startLine && m.startColumn === issue.range.startColumn,
          );
          actions.push({
            title: issue.fix.title,
            kind: "quickfix",
            isPreferred: true,
            diagnostics: markers,
            edit: {
              edits: issue.fix.edits.map((e) => ({
                resource: model.uri,
                versionId: model.getVersionId(),
                textEdit: { range: toMonacoRange(monaco, e.range), text: e.text },
              })),
            },
          });
        }
        return { actions, dispose() {} };
      },
    },
    { providedCodeActionKinds: ["quickfix"] },
  );

  monaco.languages.registerCompletionItemProvider("yaml", {
    triggerCharacters: ["/", "@", "-", " "],
    provideCompletionItems(model, position) {
      const state = registry.get(model.uri.toString());
      if (!state) return { suggestions: [] };
      const lineCount = model.getLineCount();
      const read = (n: number) => (n >= 1 && n <= lineCount ? model.getLineContent(n) : undefined);
      const ctx = findRequiresContext(read, position.lineNumber, position.column);
      if (!ctx) return { suggestions: [] };
      const range = new monaco.Range(position.lineNumber, ctx.startColumn, position.lineNumber, ctx.endColumn);
      const suggestions = requiresSuggestions(state.completion, state.moduleName).map((s) => ({
        label: s.label,
        kind: monaco.languages.CompletionItemKind[SUGGESTION_KIND[s.kind]],
        detail: s.detail,
        documentation: s.documentation,
        insertText: s.label,
        filterText: s.label,
        sortText: s.sortText,
        range,
      }));
      return { suggestions };
    },
  });
}
