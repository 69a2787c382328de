"use client";

/**
 * Live validation of the manifest model: Strata's own validator in the browser (adaptive debounce, 30–300 ms),
 * then — when the YAML parses — the account-aware check on the server (600 ms after typing pauses, the previous
 * request aborted). Both results are merged into one problem list, which drives the Monaco markers, the code
 * actions and the problems panel.
 */
import { useCallback, useEffect, useRef, useState } from "react";
import type * as MonacoApi from "monaco-editor/esm/vs/editor/editor.api";
import { useTRPCClient } from "@/components/trpc/client";
import { validateManifest, type ValidationResult } from "@/server/domain/manifest/validate";
import {
  hasBlockingErrors,
  localValidationDelay,
  mergeProblems,
  SERVER_VALIDATION_DELAY_MS,
  type MergedProblems,
  type ServerValidation,
} from "./issues";
import { setManifestMarkers, updateManifestModel } from "./monaco-integration";

type Monaco = typeof MonacoApi;

/** idle: nothing asked yet; paused: the YAML does not parse, so there is nothing to check against the account. */
export type AccountCheckStatus = "idle" | "pending" | "fresh" | "stale" | "paused" | "failed";

export interface ManifestValidationState {
  problems: MergedProblems;
  accountStatus: AccountCheckStatus;
  /** Milliseconds the last browser validation took (for the status line). */
  lastLocalMs: number | null;
}

const EMPTY: MergedProblems = { errors: [], warnings: [], conflicts: [], all: [], accountChecked: false };

interface Options {
  moduleName: string;
  categorySlug: string;
}

export function useManifestValidation({ moduleName, categorySlug }: Options) {
  const client = useTRPCClient();
  const [state, setState] = useState<ManifestValidationState>({ problems: EMPTY, accountStatus: "idle", lastLocalMs: null });
  const target = useRef<{ monaco: Monaco; model: MonacoApi.editor.ITextModel } | null>(null);
  const local = useRef<{ text: string; versionId: number; result: ValidationResult } | null>(null);
  const server = useRef<ServerValidation | null>(null);
  const lastDuration = useRef<number | null>(null);
  const localTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const serverTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const inflight = useRef<AbortController | null>(null);
  const accountStatus = useRef<AccountCheckStatus>("idle");

  const publish = useCallback(() => {
    const t = target.current;
    const l = local.current;
    if (!t || !l) return EMPTY;
    const problems = mergeProblems(l.result, server.current, l.text);
    setManifestMarkers(t.monaco, t.model, problems.all);
    updateManifestModel(t.model.uri.toString(), { issues: problems.all, versionId: l.versionId });
    if (accountStatus.current === "fresh" && !problems.accountChecked) accountStatus.current = "stale";
    setState({ problems, accountStatus: accountStatus.current, lastLocalMs: lastDuration.current });
    return problems;
  }, []);

  const runServer = useCallback(async () => {
    const l = local.current;
    const t = target.current;
    if (!l || !t || t.model.isDisposed() || t.model.getVersionId() !== l.versionId) return;
    inflight.current?.abort();
    const controller = new AbortController();
    inflight.current = controller;
    accountStatus.current = "pending";
    setState((s) => ({ ...s, accountStatus: "pending" }));
    try {
      const result = await client.manifests.validate.mutate({ moduleName, manifestYaml: l.text }, { signal: controller.signal });
      if (controller.signal.aborted) return;
      server.current = { text: l.text, result };
      accountStatus.current = "fresh";
      publish();
    } catch {
      if (controller.signal.aborted) return;
      // The local result stays authoritative; the panel says account checks are unavailable.
      accountStatus.current = "failed";
      setState((s) => ({ ...s, accountStatus: "failed" }));
    } finally {
      if (inflight.current === controller) inflight.current = null;
    }
  }, [client, moduleName, publish]);

  /** Validates the current text now (cancelling a pending debounce) and returns the merged problems. */
  const validateNow = useCallback((): MergedProblems => {
    const t = target.current;
    if (!t || t.model.isDisposed()) return EMPTY;
    if (localTimer.current) clearTimeout(localTimer.current);
    localTimer.current = null;
    const versionId = t.model.getVersionId();
    if (local.current?.versionId === versionId) return publish();
    const text = t.model.getValue();
    const started = performance.now();
    const result = validateManifest({ manifestYaml: text, moduleName, categorySlug });
    lastDuration.current = performance.now() - started;
    local.current = { text, versionId, result };
    const problems = publish();
    if (serverTimer.current) clearTimeout(serverTimer.current);
    serverTimer.current = null;
    if (server.current?.text === text) return problems;
    if (hasBlockingErrors(result)) {
      inflight.current?.abort();
      accountStatus.current = "paused";
      setState((s) => ({ ...s, accountStatus: "paused" }));
      return problems;
    }
    serverTimer.current = setTimeout(() => void runServer(), SERVER_VALIDATION_DELAY_MS);
    return problems;
  }, [categorySlug, moduleName, publish, runServer]);

  const schedule = useCallback(() => {
    if (localTimer.current) clearTimeout(localTimer.current);
    localTimer.current = setTimeout(validateNow, localValidationDelay(lastDuration.current));
  }, [validateNow]);

  /** Binds the hook to a model: validates at once and after every change. Returns the unbinding function. */
  const attach = useCallback(
    (monaco: Monaco, model: MonacoApi.editor.ITextModel) => {
      target.current = { monaco, model };
      local.current = null;
      const subscription = model.onDidChangeContent(schedule);
      validateNow();
      return () => {
        subscription.dispose();
        if (target.current?.model === model) target.current = null;
      };
    },
    [schedule, validateNow],
  );

  /** The server's verdict on a text (a save's result or rejection) — shown without another round trip. */
  const acceptServerResult = useCallback(
    (text: string, result: ValidationResult, authoritative = false) => {
      server.current = { text, result, authoritative };
      accountStatus.current = "fresh";
      publish();
    },
    [publish],
  );

  useEffect(
    () => () => {
      if (localTimer.current) clearTimeout(localTimer.current);
      if (serverTimer.current) clearTimeout(serverTimer.current);
      inflight.current?.abort();
    },
    [],
  );

  return { ...state, attach, validateNow, acceptServerResult };
}
