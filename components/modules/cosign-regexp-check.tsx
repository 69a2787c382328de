"use client";

import { useQuery } from "@tanstack/react-query";
import { AlertTriangle, CircleCheck, CircleX, Hourglass, LoaderCircle } from "lucide-react";
import { useTRPC, useTRPCClient } from "@/components/trpc/client";
import { Button } from "@/components/ui/button";
import { useDebounced } from "@/components/ui/use-debounced";
import { createTurnTaker, LIVE_CHECK_DEBOUNCE_MS, liveCheckState, needsServerCheck, type LiveCheckState } from "./cosign-regexp-check-state";

/** One per tab: every live check in the tab takes its turn (see createTurnTaker). */
const inTurn = createTurnTaker();

export interface CosignRegexpCheck {
  state: LiveCheckState;
  retry: () => void;
}

/**
 * The server's ReDoS verdict for a cosign regexp as the author types: shape problems at once (the domain's own
 * check), the backtracking verdict after LIVE_CHECK_DEBOUNCE_MS of quiet. `savedValue`: the edit form's stored
 * pattern, which the server accepted already and checks again only if it changes.
 */
export function useCosignRegexpCheck(value: string, savedValue?: string): CosignRegexpCheck {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const pattern = value.trim();
  const debounced = useDebounced(pattern, LIVE_CHECK_DEBOUNCE_MS);
  const settled = debounced === pattern;
  const skip = savedValue !== undefined && pattern === savedValue.trim();
  const input = { pattern: debounced };
  const query = useQuery({
    queryKey: trpc.modules.checkCosignRegexp.queryKey(input),
    // No abort signal on purpose: the server finishes a check whatever the browser does, so the next one waits
    // for its answer (and the answer still fills the cache for when the author types the pattern back).
    queryFn: () => inTurn(() => client.modules.checkCosignRegexp.query(input)),
    enabled: !skip && settled && needsServerCheck(debounced),
    // A verdict is a function of the pattern; "busy" must not be retried behind the author's back.
    staleTime: Number.POSITIVE_INFINITY,
    retry: false,
  });
  return {
    state: liveCheckState({ pattern, skip, settled, verdict: query.data, error: query.error }),
    retry: () => void query.refetch(),
  };
}

export interface CosignRegexpCheckStatusProps {
  /** Referenced by the input's aria-describedby, so the verdict is read with the field. */
  id: string;
  check: CosignRegexpCheck;
  /** The form's current error on the field: a live message saying the same is not repeated. */
  fieldError: string | undefined;
}

/** The inline verdict under a cosign regexp field, announced politely as it changes. */
export function CosignRegexpCheckStatus({ id, check, fieldError }: CosignRegexpCheckStatusProps) {
  const { state } = check;
  return (
    <div id={id} role="status" aria-live="polite" aria-atomic="true" data-testid="regexp-live-check" className="min-h-5 text-xs">
      {state.kind === "checking" ? (
        <p className="flex items-center gap-1.5 text-muted-foreground">
          <LoaderCircle aria-hidden="true" className="size-3.5 animate-spin" />
          Checking for catastrophic backtracking…
        </p>
      ) : state.kind === "busy" || state.kind === "failed" ? (
        <p className="flex flex-wrap items-center gap-1.5 text-warning-fg">
          <Hourglass aria-hidden="true" className="size-3.5 shrink-0" />
          <span>{state.kind === "busy" ? state.message : `Not checked: ${state.message}`} It is checked again when you save.</span>
          <Button type="button" variant="link" size="sm" className="h-auto p-0 text-xs" onClick={check.retry}>
            Check again
          </Button>
        </p>
      ) : state.kind === "verdict" ? (
        <Verdict verdict={state.verdict} fieldError={fieldError} />
      ) : null}
    </div>
  );
}

function Verdict({ verdict, fieldError }: { verdict: Extract<LiveCheckState, { kind: "verdict" }>["verdict"]; fieldError: string | undefined }) {
  if (verdict.status === "safe") {
    return (
      <p className="flex items-center gap-1.5 font-medium text-state-live-fg">
        <CircleCheck aria-hidden="true" className="size-3.5" />
        Safe: cannot backtrack catastrophically.
      </p>
    );
  }
  // After a submit the field's error may already say it; the verdict then adds only what the error lacks.
  const repeatsFieldError = verdict.message === fieldError;
  if (verdict.status === "undecided" || verdict.status === "invalid") {
    if (repeatsFieldError) return null;
    return (
      <p className={verdict.status === "undecided" ? "flex items-start gap-1.5 text-warning-fg" : "flex items-start gap-1.5 text-error"}>
        {verdict.status === "undecided" ? <AlertTriangle aria-hidden="true" className="mt-px size-3.5 shrink-0" /> : <CircleX aria-hidden="true" className="mt-px size-3.5 shrink-0" />}
        <span>{verdict.message}</span>
      </p>
    );
  }
  if (repeatsFieldError && !verdict.attack) return null;
  return (
    <div className="flex items-start gap-1.5 text-error">
      <CircleX aria-hidden="true" className="mt-px size-3.5 shrink-0" />
      <div className="min-w-0 space-y-0.5">
        {repeatsFieldError ? null : <p className="font-medium">{verdict.message}</p>}
        {verdict.attack ? (
          <p className="text-muted-foreground">
            Slow on inputs like <code className="font-mono break-all text-foreground">{verdict.attack}</code>
          </p>
        ) : null}
      </div>
    </div>
  );
}
