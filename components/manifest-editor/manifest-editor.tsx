"use client";

import { useQuery } from "@tanstack/react-query";
import { FileDiff, FileWarning, RotateCcw, Save, WandSparkles } from "lucide-react";
import Link from "next/link";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import type * as MonacoApi from "monaco-editor/esm/vs/editor/editor.api";
import { CodeDiffEditor, CodeEditor } from "@/components/monaco";
import { useMe } from "@/components/settings/use-me";
import { ReadOnlyNotice } from "@/components/shell/read-only-notice";
import { useTRPC } from "@/components/trpc/client";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorState } from "@/components/ui/error-state";
import { Kbd } from "@/components/ui/kbd";
import { Skeleton } from "@/components/ui/skeleton";
import { TimeAgo } from "@/components/ui/time-ago";
import { VerticalSplit } from "@/components/ui/vertical-split";
import { getErrorCode, toastError } from "@/components/ui/toast";
import type { Issue } from "@/server/domain/issues";
import {
  applyFixInEditor,
  ensureManifestSupport,
  liveManifestModelPath,
  manifestModelPath,
  registerManifestModel,
} from "./monaco-integration";
import { ProblemsPanel } from "./problems-panel";
import { useUnsavedChangesGuard } from "./unsaved-changes";
import { useManifestSave, type ManifestDoc } from "./use-manifest-save";
import { useManifestValidation } from "./use-manifest-validation";

type Monaco = typeof MonacoApi;
type CodeEditorInstance = MonacoApi.editor.IStandaloneCodeEditor;

const EDITOR_HEIGHT = "h-[min(62vh,760px)] min-h-80";

/** The Manifest tab of a module: loads the draft and hands it to the workspace. */
export function ManifestEditor({ moduleName }: { moduleName: string }) {
  const trpc = useTRPC();
  const { me, atLeast } = useMe();
  // Loaded fresh on every visit (gcTime 0: nothing cached between visits), then never refetched while editing: a
  // refetch must not replace what is being edited. Someone else's save in between surfaces as a CONFLICT on save.
  const doc = useQuery(
    trpc.manifests.get.queryOptions({ moduleName }, { staleTime: Infinity, gcTime: 0, refetchOnWindowFocus: false, refetchOnReconnect: false }),
  );

  if (doc.isPending) {
    return (
      <div className="space-y-3" aria-busy="true" aria-label="Loading the manifest">
        <ManifestHeading moduleName={moduleName} />
        <Skeleton className="h-8 w-full" />
        <Skeleton className={`${EDITOR_HEIGHT} w-full`} />
        <Skeleton className="h-24 w-full" />
      </div>
    );
  }
  if (doc.isError) {
    if (getErrorCode(doc.error) === "NOT_FOUND") {
      return (
        <div className="space-y-3">
          <ManifestHeading moduleName={moduleName} />
          <EmptyState
            icon={FileWarning}
            title={`No module named ${moduleName}`}
            description="It may have been renamed, or it belongs to another account. Pick a module from the catalog."
            action={
              <Button asChild variant="outline" size="sm">
                <Link href="/app/system/modules">Go to modules</Link>
              </Button>
            }
          />
        </div>
      );
    }
    return (
      <div className="space-y-3">
        <ManifestHeading moduleName={moduleName} />
        <ErrorState title="Could not load the manifest" error={doc.error} onRetry={() => void doc.refetch()} retrying={doc.isFetching} />
      </div>
    );
  }
  // Until the role is known the editor stays read-only; the server checks manifests.edit on save regardless.
  return <ManifestWorkspace key={moduleName} doc={doc.data} canEdit={me.data !== undefined && atLeast("author")} role={me.data?.role} />;
}

function ManifestHeading({ moduleName, children }: { moduleName: string; children?: React.ReactNode }) {
  return (
    <div className="min-w-0 space-y-0.5">
      <h2 className="text-base leading-tight font-semibold">Manifest</h2>
      <p className="flex flex-wrap items-center gap-x-1.5 text-xs text-muted-foreground">
        <span>
          Draft <code className="font-mono">manifest.yaml</code> of{" "}
          <Link href={`/app/system/modules/${moduleName}`} className="font-mono text-foreground underline-offset-2 hover:underline">
            {moduleName}
          </Link>
        </span>
        {children}
      </p>
    </div>
  );
}

interface Comparison {
  kind: "live" | "theirs";
  label: string;
  text: string;
  path: string;
}

function ManifestWorkspace({ doc, canEdit, role }: { doc: ManifestDoc; canEdit: boolean; role: string | undefined }) {
  const moduleName = doc.module.name;
  const modelPath = manifestModelPath(moduleName);
  const validation = useManifestValidation({ moduleName, categorySlug: doc.module.categorySlug });
  const { attach, validateNow, acceptServerResult } = validation;

  const monacoRef = useRef<Monaco | null>(null);
  const mainEditor = useRef<CodeEditorInstance | null>(null);
  const diffModified = useRef<CodeEditorInstance | null>(null);
  const modelRef = useRef<MonacoApi.editor.ITextModel | null>(null);
  const draft = useManifestSave({ doc, canEdit, model: modelRef, validateNow, acceptServerResult });
  const { dirty, save, trackModel, conflict } = draft;
  const theirs = conflict.theirs;
  const [view, setView] = useState<"edit" | "diff">("edit");
  const [overwriteOpen, setOverwriteOpen] = useState(false);
  const [discardOpen, setDiscardOpen] = useState(false);
  const guardDialog = useUnsavedChangesGuard(dirty);

  const comparison: Comparison | null = useMemo(() => {
    if (conflict.comparing && theirs) {
      return {
        kind: "theirs",
        label: "Their saved draft",
        text: theirs.text,
        path: `file:///strata/modules/${moduleName}/theirs/${theirs.hash.slice(7, 19)}/manifest.yaml`,
      };
    }
    if (doc.live) {
      return { kind: "live", label: `Live ${doc.live.version}`, text: doc.live.manifestYaml, path: liveManifestModelPath(moduleName, doc.live.version) };
    }
    return null;
  }, [conflict.comparing, theirs, doc.live, moduleName]);

  /*
   * Models outlive the editors showing them (the draft is shared by the editor and the diff's right side), so the
   * workspace disposes them itself — after React has unmounted both editors: disposing a model still attached to a
   * diff editor throws. The `alive` check keeps a remount (React StrictMode in development) from losing its model.
   */
  const alive = useRef(false);
  useEffect(() => {
    alive.current = true;
    const prefix = `file:///strata/modules/${moduleName}/`;
    return () => {
      alive.current = false;
      const monaco = monacoRef.current;
      setTimeout(() => {
        if (alive.current || !monaco) return;
        for (const model of monaco.editor.getModels()) if (model.uri.toString().startsWith(prefix)) model.dispose();
      }, 0);
    };
  }, [moduleName]);

  const activeEditor = useCallback((): CodeEditorInstance | null => (view === "diff" ? diffModified.current : null) ?? mainEditor.current, [view]);

  const onMainMount = useCallback(
    (editor: CodeEditorInstance, monaco: Monaco) => {
      monacoRef.current = monaco;
      mainEditor.current = editor;
      const model = editor.getModel();
      if (!model || modelRef.current === model) return;
      modelRef.current = model;
      const unregister = registerManifestModel(model.uri.toString(), {
        moduleName,
        completion: doc.completion,
        issues: [],
        versionId: model.getVersionId(),
      });
      const detach = attach(monaco, model);
      const changes = trackModel(model);
      model.onWillDispose(() => {
        changes.dispose();
        detach();
        unregister();
        if (modelRef.current === model) modelRef.current = null;
      });
    },
    [attach, doc.completion, moduleName, trackModel],
  );

  const reveal = useCallback(
    (issue: Issue) => {
      const editor = activeEditor();
      const monaco = monacoRef.current;
      if (!editor || !monaco) return;
      const r = issue.range;
      const range = new monaco.Range(r.startLine, r.startColumn, r.endLine, r.endColumn);
      editor.setSelection(range);
      editor.revealRangeInCenterIfOutsideViewport(range);
      editor.focus();
    },
    [activeEditor],
  );

  const fix = useCallback(
    (issue: Issue) => {
      const editor = activeEditor();
      const monaco = monacoRef.current;
      const model = modelRef.current;
      if (!editor || !monaco || !model || !canEdit) return;
      // Fixes carry ranges of the text they were computed for: re-validate first if the text moved on since.
      const current = validateNow().all.find((i) => i.code === issue.code && i.path === issue.path && i.fix?.title === issue.fix?.title);
      if (!current?.fix) {
        toastError("This problem is already gone.", "Nothing to fix");
        return;
      }
      applyFixInEditor(monaco, editor, current.fix);
    },
    [activeEditor, canEdit, validateNow],
  );

  // Ctrl/⌘+S saves from anywhere on the page (and never opens the browser's "Save page" dialog here).
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === "s") {
        event.preventDefault();
        save();
      }
    };
    window.addEventListener("keydown", onKeyDown);
    return () => window.removeEventListener("keydown", onKeyDown);
  }, [save]);

  const format = () => {
    const editor = activeEditor();
    void editor?.getAction("editor.action.formatDocument")?.run();
  };

  const replaceText = (text: string) => {
    const editor = mainEditor.current;
    const model = modelRef.current;
    if (!editor || !model) return;
    // An ordinary edit, so Ctrl+Z brings the discarded text back.
    editor.pushUndoStop();
    editor.executeEdits("strata.replace", [{ range: model.getFullModelRange(), text }]);
    editor.pushUndoStop();
  };

  const readOnlyReason = canEdit ? null : role ? `Your role (${role}) can read manifests but not edit them.` : "Checking your role…";
  const problems = validation.problems;

  return (
    <div className="space-y-3" data-testid="manifest-workspace">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <ManifestHeading moduleName={moduleName}>
          <span aria-hidden="true">·</span>
          <span>{doc.module.categoryName}</span>
          <span aria-hidden="true">·</span>
          {doc.live ? <Badge variant="live">live {doc.live.version}</Badge> : <span>no live version</span>}
        </ManifestHeading>
        <div className="flex flex-wrap items-center gap-2" role="toolbar" aria-label="Manifest actions">
          <SaveStatus dirty={dirty} saving={draft.saving} savedAt={draft.savedAt} readOnly={!canEdit} />
          <Button
            variant={view === "diff" ? "secondary" : "outline"}
            size="sm"
            aria-pressed={view === "diff"}
            onClick={() => setView(view === "diff" ? "edit" : "diff")}
          >
            <FileDiff aria-hidden="true" />
            Diff with live
          </Button>
          {canEdit ? (
            <>
              <Button variant="outline" size="sm" onClick={format} title="Format the document (Shift+Alt+F)">
                <WandSparkles aria-hidden="true" />
                Format
              </Button>
              <Button variant="ghost" size="sm" onClick={() => setDiscardOpen(true)} disabled={!dirty}>
                <RotateCcw aria-hidden="true" />
                Discard changes
              </Button>
              <Button size="sm" onClick={() => save()} loading={draft.saving} disabled={!dirty && !draft.saving} aria-keyshortcuts="Control+S Meta+S">
                <Save aria-hidden="true" />
                Save <Kbd className="ml-1 hidden sm:inline-flex">Ctrl S</Kbd>
              </Button>
            </>
          ) : null}
        </div>
      </div>

      {readOnlyReason ? (
        <ReadOnlyNotice>{readOnlyReason}</ReadOnlyNotice>
      ) : null}

      {theirs ? (
        <div role="alert" className="flex flex-wrap items-center gap-x-3 gap-y-2 rounded-md border border-warning-border bg-warning-bg px-3 py-2 text-sm text-warning-fg">
          <span className="min-w-0 flex-1">
            Someone else saved this manifest <TimeAgo date={theirs.updatedAt} /> — after you started editing. Your changes are not saved.
          </span>
          <Button
            size="sm"
            variant="outline"
            onClick={() => {
              conflict.compare();
              setView("diff");
            }}
          >
            Compare with theirs
          </Button>
          <Button
            size="sm"
            variant="outline"
            onClick={() => {
              replaceText(theirs.text);
              conflict.tookTheirs();
            }}
          >
            Take theirs
          </Button>
          <Button size="sm" variant="destructive" onClick={() => setOverwriteOpen(true)}>
            Overwrite with mine
          </Button>
        </div>
      ) : null}

      {/* The editor and the Problems panel share the viewport below the toolbar, so problems stay in view at
          1440×900 and smaller; the separator moves the line between them (docs/manifest-editor.md). */}
      <VerticalSplit
        testId="editor-split"
        storageKey="strata-manifest-split"
        label="Resize the editor and the Problems panel"
        top={
          <div className="h-full overflow-hidden rounded-md border bg-card" data-testid="manifest-editor">
            <div className={view === "edit" ? "h-full" : "hidden"}>
              <CodeEditor
                path={modelPath}
                keepCurrentModel
                defaultLanguage="yaml"
                language="yaml"
                defaultValue={doc.manifestYaml}
                beforeMount={ensureManifestSupport}
                onMount={onMainMount}
                options={{
                  readOnly: !canEdit,
                  readOnlyMessage: { value: readOnlyReason ?? "Read-only" },
                  ariaLabel: `manifest.yaml of ${moduleName}${canEdit ? "" : " (read-only)"}`,
                  glyphMargin: false,
                  quickSuggestions: { other: true, comments: false, strings: true },
                }}
              />
            </div>
            {view === "diff" ? (
              comparison ? (
                <div className="flex h-full flex-col">
                  <div className="flex items-center justify-between border-b px-3 py-1 text-xs text-muted-foreground">
                    <span>
                      {comparison.label} <span className="text-muted-foreground/70">(read-only)</span>
                    </span>
                    <span>Draft{canEdit ? " (editable)" : ""}</span>
                  </div>
                  <div className="min-h-0 flex-1">
                    <CodeDiffEditor
                      key={comparison.path}
                      language="yaml"
                      original={comparison.text}
                      originalModelPath={comparison.path}
                      modifiedModelPath={modelPath}
                      keepCurrentModifiedModel
                      keepCurrentOriginalModel
                      onMount={(editor) => {
                        diffModified.current = editor.getModifiedEditor();
                      }}
                      options={{
                        readOnly: !canEdit,
                        originalEditable: false,
                        originalAriaLabel: `${comparison.label} (read-only), diffed with the draft`,
                        modifiedAriaLabel: `Draft of manifest.yaml, diffed with ${comparison.label}`,
                      }}
                    />
                  </div>
                </div>
              ) : (
                <EmptyState
                  icon={FileDiff}
                  title="No live version to compare with"
                  description={`When a version of ${moduleName} goes live, the manifest it was built from appears here next to the draft.`}
                  action={
                    <Button variant="outline" size="sm" onClick={() => setView("edit")}>
                      Back to the editor
                    </Button>
                  }
                />
              )
            ) : null}
          </div>
        }
        bottom={
          <ProblemsPanel
            className="h-full"
            problems={problems}
            accountStatus={validation.accountStatus}
            onReveal={reveal}
            onFix={canEdit ? fix : undefined}
          />
        }
      />

      <ConfirmDialog
        open={overwriteOpen}
        onOpenChange={setOverwriteOpen}
        title="Overwrite their changes?"
        description="Your draft replaces the manifest someone else just saved. Their version stays in the audit log as a hash only. Compare first if unsure."
        confirmLabel="Overwrite with mine"
        variant="destructive"
        onConfirm={conflict.overwrite}
      />
      <ConfirmDialog
        open={discardOpen}
        onOpenChange={setDiscardOpen}
        title="Discard your changes?"
        description="The editor goes back to the last saved draft. Ctrl+Z in the editor brings your changes back."
        confirmLabel="Discard changes"
        variant="destructive"
        onConfirm={() => replaceText(draft.savedText())}
      />
      {guardDialog}
    </div>
  );
}

function SaveStatus({ dirty, saving, savedAt, readOnly }: { dirty: boolean; saving: boolean; savedAt: Date; readOnly: boolean }) {
  let text: React.ReactNode;
  if (saving) text = "Saving…";
  else if (dirty) text = <span className="font-medium text-warning-fg">Unsaved changes</span>;
  else text = (
    <>
      {readOnly ? "Last saved" : "Saved"} <TimeAgo date={savedAt} />
    </>
  );
  return (
    <span className="text-xs text-muted-foreground" role="status" aria-live="polite" data-testid="save-status" data-dirty={dirty}>
      {text}
    </span>
  );
}
