"use client";

import { CircleCheck, CircleX, Hourglass } from "lucide-react";
import { useCallback, useEffect, useId, useRef, useState, type ReactNode } from "react";
import type { UseFormRegisterReturn } from "react-hook-form";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { checkRegexpShape } from "@/server/domain/registration/regexp";
import { CosignRegexpCheckStatus, useCosignRegexpCheck } from "./cosign-regexp-check";

type TestResult = { kind: "match" } | { kind: "no-match" } | { kind: "slow" } | { kind: "invalid"; message: string } | { kind: "idle" };

/** How long a single test may run before we call it catastrophic backtracking and stop it. */
const TEST_BUDGET_MS = 250;

const WORKER_SOURCE = `self.onmessage = (e) => {
  const { id, source, identity } = e.data;
  try { self.postMessage({ id, matched: new RegExp(source).test(identity) }); }
  catch (error) { self.postMessage({ id, error: String(error && error.message || error) }); }
};`;

/**
 * Runs `new RegExp(source).test(identity)` in a Web Worker with a time budget: the author's own pattern can
 * backtrack catastrophically, and that must freeze a worker we can terminate, not the page.
 */
function useRegexpTester() {
  const worker = useRef<Worker | null>(null);
  const sequence = useRef(0);
  useEffect(() => () => worker.current?.terminate(), []);

  return useCallback((source: string, identity: string): Promise<TestResult> => {
    const id = ++sequence.current;
    let current = worker.current;
    if (!current) {
      const url = URL.createObjectURL(new Blob([WORKER_SOURCE], { type: "text/javascript" }));
      current = new Worker(url);
      URL.revokeObjectURL(url);
      worker.current = current;
    }
    const active = current;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        active.removeEventListener("message", onMessage);
        active.terminate();
        if (worker.current === active) worker.current = null;
        resolve({ kind: "slow" });
      }, TEST_BUDGET_MS);
      function onMessage(event: MessageEvent<{ id: number; matched?: boolean; error?: string }>) {
        if (event.data.id !== id) return;
        clearTimeout(timer);
        active.removeEventListener("message", onMessage);
        if (event.data.error) resolve({ kind: "invalid", message: event.data.error });
        else resolve({ kind: event.data.matched ? "match" : "no-match" });
      }
      active.addEventListener("message", onMessage);
      active.postMessage({ id, source, identity });
    });
  }, []);
}

export interface RegexpTestBoxProps {
  /** The regexp as typed (the form's current value). */
  source: string;
  label: string;
  placeholder: string;
}

/** "Test against an identity": type a certificate identity (or issuer) and see match / no match, live. */
export function RegexpTestBox({ source, label, placeholder }: RegexpTestBoxProps) {
  const [identity, setIdentity] = useState("");
  const [result, setResult] = useState<TestResult>({ kind: "idle" });
  const test = useRegexpTester();

  useEffect(() => {
    let cancelled = false;
    if (!source || !identity) {
      setResult({ kind: "idle" });
      return;
    }
    const shape = checkRegexpShape(source);
    if (!shape.ok) {
      setResult({ kind: "invalid", message: shape.problem?.message ?? "Not a valid regular expression" });
      return;
    }
    const handle = setTimeout(() => {
      void test(source, identity).then((next) => {
        if (!cancelled) setResult(next);
      });
    }, 120);
    return () => {
      cancelled = true;
      clearTimeout(handle);
    };
  }, [source, identity, test]);

  return (
    <div className="rounded-md border border-dashed border-border bg-muted/30 p-2">
      <Field label={label} description="Runs in your browser; nothing is sent.">
        <Input className="font-mono text-xs" placeholder={placeholder} value={identity} onChange={(event) => setIdentity(event.target.value)} spellCheck={false} autoComplete="off" />
      </Field>
      <p role="status" aria-live="polite" className="mt-1.5 flex min-h-5 items-center gap-1.5 text-xs">
        {result.kind === "match" ? (
          <>
            <CircleCheck aria-hidden="true" className="size-3.5 text-state-live-fg" />
            <span className="font-medium text-state-live-fg">Matches</span>
          </>
        ) : result.kind === "no-match" ? (
          <>
            <CircleX aria-hidden="true" className="size-3.5 text-error" />
            <span className="font-medium text-error">No match</span>
          </>
        ) : result.kind === "slow" ? (
          <>
            <Hourglass aria-hidden="true" className="size-3.5 text-warning-fg" />
            <span className="text-warning-fg">Stopped after {TEST_BUDGET_MS} ms: this pattern backtracks catastrophically on this input.</span>
          </>
        ) : result.kind === "invalid" ? (
          <span className="text-muted-foreground">Fix the expression to test it.</span>
        ) : (
          <span className="text-muted-foreground">{source ? "Type an identity to test the expression." : "Enter an expression above first."}</span>
        )}
      </p>
    </div>
  );
}

export interface CosignRegexpFieldProps {
  label: string;
  description?: ReactNode;
  /** The form's error for the field (zod shape on submit, or the server's field error). */
  error: string | undefined;
  /** `form.register("cosignIdentityRegexp")`. */
  registration: UseFormRegisterReturn;
  /** The field's current value (`useWatch`). */
  value: string;
  /** The edit form's stored value: not re-checked until it changes. */
  savedValue?: string;
  placeholder?: string;
  test: { label: string; placeholder: string };
}

/**
 * A cosign identity / issuer regexp field, as the registration and edit forms show it: the input, the server's
 * live safety verdict under it (wired to the input with aria-describedby), and the "test against" box.
 */
export function CosignRegexpField({ label, description, error, registration, value, savedValue, placeholder, test }: CosignRegexpFieldProps) {
  const statusId = useId();
  const check = useCosignRegexpCheck(value, savedValue);
  return (
    <div className="space-y-2">
      <div className="space-y-1">
        <Field label={label} optional error={error} description={description}>
          <Input className="font-mono text-xs" spellCheck={false} autoComplete="off" placeholder={placeholder} aria-describedby={statusId} {...registration} />
        </Field>
        <CosignRegexpCheckStatus id={statusId} check={check} fieldError={error} />
      </div>
      <RegexpTestBox source={value} label={test.label} placeholder={test.placeholder} />
    </div>
  );
}
