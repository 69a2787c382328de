"use client";

/**
 * Saving the draft manifest (docs/manifest-editor.md): the save mutation with its expected hash (optimistic
 * concurrency), what a conflict leaves behind ("theirs", to compare, take or overwrite), the toasts, the query-cache
 * update, and the saved baseline that says whether the editor has unsaved changes.
 */
import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import { useCallback, useRef, useState } from "react";
import type * as MonacoApi from "monaco-editor/esm/vs/editor/editor.api";
import { useTRPC, useTRPCClient } from "@/components/trpc/client";
import { getErrorCode, toastError, toastSuccess } from "@/components/ui/toast";
import type { AppRouter } from "@/server/api/root";
import type { ValidationResult } from "@/server/domain/manifest/validate";
import { plural } from "@/server/domain/plural";
import type { MergedProblems } from "./issues";
import { problemSummary } from "./problems-panel";

type TextModel = MonacoApi.editor.ITextModel;
export type ManifestDoc = inferRouterOutputs<AppRouter>["manifests"]["get"];

/** The draft someone else saved after this editor loaded (a CONFLICT on save). */
export interface TheirDraft {
  hash: string;
  text: string;
  updatedAt: Date;
}

interface Options {
  doc: ManifestDoc;
  canEdit: boolean;
  /** The draft's Monaco model once the editor has mounted it. */
  model: { readonly current: TextModel | null };
  /** From `useManifestValidation`: a save checks first, and the server's verdict is shown without another request. */
  validateNow: () => MergedProblems;
  acceptServerResult: (text: string, result: ValidationResult, authoritative?: boolean) => void;
}

export function useManifestSave({ doc, canEdit, model, validateNow, acceptServerResult }: Options) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const moduleName = doc.module.name;

  // The saved baseline: the hash a save must name, and the text the editor is compared with. The model's
  // alternative version id is the cheap comparison (it returns to the same value when an edit is undone).
  const baseHash = useRef(doc.hash);
  const savedText = useRef(doc.manifestYaml);
  const savedAltVersion = useRef<number | null>(null);
  const [dirty, setDirty] = useState(false);
  const [savedAt, setSavedAt] = useState<Date>(doc.module.updatedAt);
  const [theirs, setTheirs] = useState<TheirDraft | null>(null);
  const [comparingTheirs, setComparingTheirs] = useState(false);

  const refreshDirty = useCallback(() => {
    const m = model.current;
    if (!m || m.isDisposed()) return;
    setDirty(savedAltVersion.current === null ? m.getValue() !== savedText.current : m.getAlternativeVersionId() !== savedAltVersion.current);
  }, [model]);

  const markSaved = useCallback(
    (text: string, hash: string, at: Date) => {
      const m = model.current;
      baseHash.current = hash;
      savedText.current = text;
      savedAltVersion.current = m && !m.isDisposed() && m.getValue() === text ? m.getAlternativeVersionId() : null;
      setSavedAt(at);
      setTheirs(null);
      setComparingTheirs(false);
      refreshDirty();
    },
    [model, refreshDirty],
  );

  /** Starts tracking unsaved changes of the freshly mounted model (its text is the loaded draft). */
  const trackModel = useCallback(
    (m: TextModel): MonacoApi.IDisposable => {
      savedAltVersion.current = m.getAlternativeVersionId();
      return m.onDidChangeContent(refreshDirty);
    },
    [refreshDirty],
  );

  const mutation = useMutation(
    trpc.manifests.save.mutationOptions({
      onSuccess: (result, input) => {
        markSaved(input.manifestYaml, result.hash, result.updatedAt);
        acceptServerResult(input.manifestYaml, result.result);
        // The editor never refetches while open (a refetch would replace the text being edited): keep the cache
        // in step by hand, so the next visit starts from what was saved.
        queryClient.setQueryData(trpc.manifests.get.queryKey({ moduleName }), (old) =>
          old ? { ...old, manifestYaml: input.manifestYaml, hash: result.hash, module: { ...old.module, updatedAt: result.updatedAt } } : old,
        );
        const { warnings, conflicts } = result.result;
        const accepted = [conflicts.length ? plural(conflicts.length, "conflict") : null, warnings.length ? plural(warnings.length, "warning") : null].filter(Boolean);
        const extra = accepted.length ? `Accepted with ${accepted.join(" and ")} (see Problems).` : undefined;
        toastSuccess(result.changed ? `Saved the manifest of ${moduleName}` : "No changes to save", extra);
      },
      onError: async (error, input) => {
        const code = getErrorCode(error);
        if (code === "UNPROCESSABLE_CONTENT") {
          const details = (error.data as { details?: Partial<ValidationResult> | null } | undefined)?.details;
          if (details) {
            acceptServerResult(
              input.manifestYaml,
              { valid: false, errors: details.errors ?? [], warnings: details.warnings ?? [], conflicts: details.conflicts ?? [] },
              true,
            );
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

  /**
   * Saves the model's text if it has no errors. It names the hash it was based on, so a save over someone else's
   * answers CONFLICT instead of overwriting; `expectedHash` is theirs only when the author chose to overwrite.
   */
  const save = useCallback(
    (expectedHash = baseHash.current) => {
      const m = model.current;
      if (!m || !canEdit || mutation.isPending) return;
      const problems = validateNow();
      if (problems.errors.length > 0) {
        toastError(`${problemSummary(problems)}. Fix the errors (see Problems) before saving.`, "Not saved");
        return;
      }
      mutation.mutate({ moduleName, manifestYaml: m.getValue(), expectedHash });
    },
    [canEdit, model, moduleName, mutation, validateNow],
  );

  return {
    dirty,
    saving: mutation.isPending,
    savedAt,
    save,
    trackModel,
    /** The last saved text, for "Discard changes". */
    savedText: () => savedText.current,
    conflict: {
      theirs,
      comparing: comparingTheirs && theirs !== null,
      compare: () => setComparingTheirs(true),
      /** After the editor's text was replaced with theirs: theirs is now the saved baseline. */
      tookTheirs: () => {
        if (theirs) markSaved(theirs.text, theirs.hash, theirs.updatedAt);
      },
      /** Saves the editor's text over theirs (the author confirmed). */
      overwrite: () => {
        if (theirs) save(theirs.hash);
      },
    },
  };
}
