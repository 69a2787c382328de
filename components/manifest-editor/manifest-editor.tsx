"use client";

import { useQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import { FileDiff, FileWarning, Lock, RotateCcw, Save, WandSparkles } from "lucide-react";
import Link from "next/link";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import type * as MonacoApi from "monaco-editor/esm/vs/editor/editor.api";
import { CodeDiffEditor, CodeEditor } from "@/components/monaco";
import { useMe } from "@/components/settings/use-me";
import { useTRPC, useTRPCClient } from "@/components/trpc/client";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorState } from "@/components/ui/error-state";
import { Kbd } from "@/components/ui/kbd";
import { Skeleton } from "@/components/ui/skeleton";
import { TimeAgo } from "@/components/ui/time-ago";
import { getErrorCode, toastError, toastSuccess } from "@/components/ui/toast";
import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/api/root";
import type { Issue } from "@/server/domain/issues";
import type { ValidationResult } from "@/server/domain/manifest/validate";
import { plural } from "@/server/domain/plural";
import {
  applyFixInEditor,
  ensureManifestSupport,
  liveManifestModelPath,
  manifestModelPath,
  registerManifestModel,
} from "./monaco-integration";
import { ProblemsPanel, problemSummary } from "./problems-panel";
import { useUnsavedChangesGuard } from "./unsaved-changes";
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

type ManifestDoc = inferRouterOutputs<AppRouter>["manifests"]["get"];

interface Comparison {
  kind: "live" | "theirs";
  label: string;
  text: string;
  path: string;
}

function ManifestWorkspace({ doc, canEdit, role }: { doc: ManifestDoc; canEdit: boolean; role: string | undefined }) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const moduleName = doc.module.name;
  const modelPath = manifestModelPath(moduleName);
  const validation = useManifestValidation({ moduleName, categorySlug: doc.module.categorySlug });
  const { attach, validateNow, acceptServerResult } = validation;

  const monacoRef = useRef<Monaco | null>(null);
  const mainEditor = useRef<CodeEditorInstance | null>(null);
  const diffModified = useRef<CodeEditorInstance | null>(null);
  const modelRef = useRef<MonacoApi.editor.ITextModel | null>(null);
  const baseHash = useRef(doc.hash);
  const savedText = useRef(doc.manifestYaml);
  const savedAltVersion = useRef<number | null>(null);
  const [dirty, setDirty] = useState(false);
  const [savedAt, setSavedAt] = useState<Date>(doc.module.updatedAt);
  const [view, setView] = useState<"edit" | "diff">("edit");
  const [theirs, setTheirs] = useState<{ hash: string; text: string; updatedAt: Date } | null>(null);
  const [overwriteOpen, setOverwriteOpen] = useState(false);
  const [discardOpen, setDiscardOpen] = useState(false);
  const [compareTheirs, setCompareTheirs] = useState(false);
  const guardDialog = useUnsavedChangesGuard(dirty);

  const comparison: Comparison | null = useMemo(() => {
    if (compareTheirs && theirs) {
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
  }, [compareTheirs, theirs, doc.live, moduleName]);

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

  const refreshDirty = useCallback(() => {
    const model = modelRef.current;
    if (!model || model.isDisposed()) return;
    setDirty(savedAltVersion.current === null ? model.getValue() !== savedText.current : model.getAlternativeVersionId() !== savedAltVersion.current);
  }, []);

  const markSaved = useCallback(
    (text: string, hash: string) => {
      const model = modelRef.current;
      baseHash.current = hash;
      savedText.current = text;
      savedAltVersion.current = model && !model.isDisposed() && model.getValue() === text ? model.getAlternativeVersionId() : null;
      refreshDirty();
    },
    [refreshDirty],
  );

  const onMainMount = useCallback(
    (editor: CodeEditorInstance, monaco: Monaco) => {
      monacoRef.current = monaco;
      mainEditor.current = editor;
      const model = editor.getModel();
      if (!model || modelRef.current === model) return;
      modelRef.current = model;
      savedAltVersion.current = model.getAlternativeVersionId();
      const unregister = registerManifestModel(model.uri.toString(), {
        moduleName,
        completion: doc.completion,
        issues: [],
        versionId: model.getVersionId(),
      });
      const detach = attach(monaco, model);
      const changes = model.onDidChangeContent(refreshDirty);
      model.onWillDispose(() => {
        changes.dispose();
        detach();
        unregister();
        if (modelRef.current === model) modelRef.current = null;
      });
    },
    [attach, doc.completion, moduleName, refreshDirty],
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

  const save = useMutation(
    trpc.manifests.save.mutationOptions({
      onSuccess: (result, input) => {
        markSaved(input.manifestYaml, result.hash);
        setSavedAt(result.updatedAt);
        setTheirs(null);
        setCompareTheirs(false);
        acceptServerResult(input.manifestYaml, result.result);
        queryClient.setQueryData(trpc.manifests.get.queryKey({ moduleName }), (old) =>
          old ? { ...old, manifestYaml: input.manifestYaml, hash: result.hash, module: { ...old.module, updatedAt: result.updatedAt } } : old,
        );
        const { warnings, conflicts } = result.result;
        const accepted = [
          conflicts.length ? plural(conflicts.length, "conflict") : null,
          warnings.length ? plural(warnings.length, "warning") : null,
        ].filter(Boolean);
        const extra = accepted.length ? `Accepted with ${accepted.join(" and ")} (see Problems).` : undefined;
        toastSuccess(result.changed ? `Saved the manifest of ${moduleName}` : "No changes to save", extra);
      },
      onError: async (error, input) => {
        const code = getErrorCode(error);
        if (code === "UNPROCESSABLE_CONTENT") {
          const details = (error.data as { details?: Partial<ValidationResult> | null } | undefined)?.details;
          if (details) {
            acceptServerResult(input.manifestYaml, {
              valid: false,
              errors: details.errors ?? [],
              warnings: details.warnings ?? [],
              conflicts: details.conflicts ?? [],
            }, true);
          }
          toastError(error, "Save rejected: the manifest has errors");
          return;
        }
        if (code === "CONFLICT") {
          toastError(error, "Not saved: someone else saved first");
          try {
            const current = await client.manifests.get.query({ moduleName });
            setTheirs({ hash: current.hash, text: current.manifestYaml, updatedAt: current.module.updatedAt });
          } catch (reloadError) {
            toastError(reloadError, "Could not load their version");
          }
          return;
        }
        toastError(error, "Could not save the manifest");
      },
    }),
  );

  const doSave = useCallback(
    (expectedHash = baseHash.current) => {
      const model = modelRef.current;
      if (!model || !canEdit || save.isPending) return;
      const problems = validateNow();
      if (problems.errors.length > 0) {
        toastError(`${problemSummary(problems)}. Fix the errors (see Problems) before saving.`, "Not saved");
        return;
      }
      save.mutate({ moduleName, manifestYaml: model.getValue(), expectedHash });
    },
    [canEdit, moduleName, save, validateNow],
  );

  // Ctrl/⌘+S saves from anywhere on the page (and never opens the browser's "Save page" dialog here).
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === "s") {
        event.preventDefault();
        doSave();
      }
    };
    window.addEventListener("keydown", onKeyDown);
    return () => window.removeEventListener("keydown", onKeyDown);
  }, [doSave]);

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
          <SaveStatus dirty={dirty} saving={save.isPending} savedAt={savedAt} readOnly={!canEdit} />
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
              <Button size="sm" onClick={() => doSave()} loading={save.isPending} disabled={!dirty && !save.isPending} aria-keyshortcuts="Control+S Meta+S">
                <Save aria-hidden="true" />
                Save <Kbd className="ml-1 hidden sm:inline-flex">Ctrl S</Kbd>
              </Button>
            </>
          ) : null}
        </div>
      </div>

      {readOnlyReason ? (
        <p className="flex items-center gap-2 rounded-md border bg-muted/50 px-3 py-2 text-sm text-muted-foreground" data-testid="read-only-notice">
          <Lock className="size-4 shrink-0" aria-hidden="true" />
          Read-only. {readOnlyReason}
        </p>
      ) : null}

      {theirs ? (
        <div role="alert" className="flex flex-wrap items-center gap-x-3 gap-y-2 rounded-md border border-warning-border bg-warning-bg px-3 py-2 text-sm text-warning-fg">
          <span className="min-w-0 flex-1">
            Someone else saved this manifest <TimeAgo date={theirs.updatedAt} /> — after you started editing. Your changes are not saved.
          </span>
          <Button size="sm" variant="outline" onClick={() => { setCompareTheirs(true); setView("diff"); }}>
            Compare with theirs
          </Button>
          <Button size="sm" variant="outline" onClick={() => { replaceText(theirs.text); markSaved(theirs.text, theirs.hash); setSavedAt(theirs.updatedAt); setTheirs(null); setCompareTheirs(false); }}>
            Take theirs
          </Button>
          <Button size="sm" variant="destructive" onClick={() => setOverwriteOpen(true)}>
            Overwrite with mine
          </Button>
        </div>
      ) : null}

      <div className={`${EDITOR_HEIGHT} overflow-hidden rounded-md border bg-card`} data-testid="manifest-editor">
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
                  options={{ readOnly: !canEdit, originalEditable: false, ariaLabel: `Diff of ${comparison.label} and the draft` }}
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

      <ProblemsPanel
        className="max-h-72"
        problems={problems}
        accountStatus={validation.accountStatus}
        onReveal={reveal}
        onFix={canEdit ? fix : undefined}
      />

      <ConfirmDialog
        open={overwriteOpen}
        onOpenChange={setOverwriteOpen}
        title="Overwrite their changes?"
        description="Your draft replaces the manifest someone else just saved. Their version stays in the audit log as a hash only. Compare first if unsure."
        confirmLabel="Overwrite with mine"
        variant="destructive"
        onConfirm={() => {
          if (theirs) doSave(theirs.hash);
        }}
      />
      <ConfirmDialog
        open={discardOpen}
        onOpenChange={setDiscardOpen}
        title="Discard your changes?"
        description="The editor goes back to the last saved draft. Ctrl+Z in the editor brings your changes back."
        confirmLabel="Discard changes"
        variant="destructive"
        onConfirm={() => replaceText(savedText.current)}
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
