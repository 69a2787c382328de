"use client";

import { AlertTriangle, CircleCheck, CircleX, GitMerge, Loader2, Wand2 } from "lucide-react";
import type { Issue, IssueSeverity } from "@/server/domain/issues";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { ModuleChip } from "@/components/ui/module-chip";
import { SEVERITY_TONES } from "@/components/ui/state-colors";
import type { MergedProblems } from "./issues";
import type { AccountCheckStatus } from "./use-manifest-validation";
import { plural } from "@/server/domain/plural";

const GROUPS: { severity: IssueSeverity; key: "errors" | "conflicts" | "warnings"; label: string; icon: typeof CircleX }[] = [
  { severity: "error", key: "errors", label: "Errors", icon: CircleX },
  { severity: "conflict", key: "conflicts", label: "Conflicts", icon: GitMerge },
  { severity: "warning", key: "warnings", label: "Warnings", icon: AlertTriangle },
];

const ACCOUNT_STATUS_TEXT: Record<AccountCheckStatus, string> = {
  idle: "Account checks not run yet",
  pending: "Checking against the account…",
  fresh: "Checked against the account's modules",
  stale: "Account checks will refresh when you pause typing",
  paused: "Account checks wait until the YAML parses",
  failed: "Account checks unavailable (server not reachable); local checks still run",
};

export function problemSummary(problems: MergedProblems): string {
  const { errors, warnings, conflicts } = problems;
  if (errors.length + warnings.length + conflicts.length === 0) return "No problems";
  return [plural(errors.length, "error"), plural(conflicts.length, "conflict"), plural(warnings.length, "warning")].join(", ");
}

export interface ProblemsPanelProps {
  problems: MergedProblems;
  accountStatus: AccountCheckStatus;
  /** Select the issue's range in the editor. */
  onReveal: (issue: Issue) => void;
  /** Apply the issue's quick fix; absent when the editor is read-only. */
  onFix?: (issue: Issue) => void;
  className?: string;
}

/**
 * Problems grouped by severity (errors, conflicts, warnings) in the UI language's colours. Each row is a button:
 * click or Enter selects the range in the editor. A "Fix" button applies the issue's quick fix.
 */
export function ProblemsPanel({ problems, accountStatus, onReveal, onFix, className }: ProblemsPanelProps) {
  const total = problems.all.length;
  return (
    <section aria-labelledby="problems-heading" className={cn("flex min-h-0 flex-col rounded-md border bg-card", className)} data-testid="problems-panel">
      <header className="flex flex-wrap items-center gap-x-3 gap-y-1 border-b px-3 py-2">
        <h3 id="problems-heading" className="text-sm font-semibold">
          Problems
        </h3>
        <div className="flex items-center gap-1.5" aria-live="polite" aria-atomic="true">
          <span className="sr-only">{problemSummary(problems)}</span>
          {GROUPS.map(({ severity, key, icon: Icon }) => (
            <Badge key={key} variant={problems[key].length ? severity : "outline"} aria-hidden="true" title={plural(problems[key].length, severity)}>
              <Icon />
              {problems[key].length}
            </Badge>
          ))}
        </div>
        <p className="ml-auto flex items-center gap-1.5 text-xs text-muted-foreground" data-testid="account-status" data-status={accountStatus}>
          {accountStatus === "pending" ? <Loader2 className="size-3 animate-spin" aria-hidden="true" /> : null}
          {ACCOUNT_STATUS_TEXT[accountStatus]}
        </p>
      </header>
      <div className="min-h-0 flex-1 overflow-y-auto">
        {total === 0 ? (
          <p className="flex items-center gap-2 px-3 py-3 text-sm text-muted-foreground">
            <CircleCheck className="size-4 text-state-live-fg" aria-hidden="true" />
            No problems. The manifest is valid{accountStatus === "fresh" ? " and clashes with no other module" : ""}.
          </p>
        ) : (
          GROUPS.map(({ severity, key, label, icon: Icon }) =>
            problems[key].length === 0 ? null : (
              <div key={key} role="group" aria-label={`${label} (${problems[key].length})`}>
                <h4 className={cn("sticky top-0 z-[1] flex items-center gap-1.5 bg-muted/80 px-3 py-1 text-xs font-medium backdrop-blur", SEVERITY_TONES[severity].text)}>
                  <Icon className="size-3.5" aria-hidden="true" />
                  {label} ({problems[key].length})
                </h4>
                <ul className="divide-y">
                  {problems[key].map((issue) => (
                    <ProblemRow key={`${issue.code}@${issue.range.startLine}:${issue.range.startColumn}:${issue.path}`} issue={issue} onReveal={onReveal} onFix={onFix} />
                  ))}
                </ul>
              </div>
            ),
          )
        )}
      </div>
    </section>
  );
}

function ProblemRow({ issue, onReveal, onFix }: { issue: Issue; onReveal: (issue: Issue) => void; onFix?: (issue: Issue) => void }) {
  const tone = SEVERITY_TONES[issue.severity];
  const position = `${issue.range.startLine}:${issue.range.startColumn}`;
  return (
    <li className="group flex items-start gap-2 px-3 py-1.5 hover:bg-accent/60" data-testid="problem" data-code={issue.code} data-severity={issue.severity} data-line={issue.range.startLine}>
      <span className={cn("mt-1.5 size-2 shrink-0 rounded-full", tone.solid)} aria-hidden="true" />
      <button
        type="button"
        onClick={() => onReveal(issue)}
        className="min-w-0 flex-1 rounded-sm text-left text-sm focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-ring"
      >
        {/* Named by its visible text plus hidden context, never an aria-label that differs from it (docs/ui.md). */}
        <span className="flex flex-wrap items-baseline gap-x-2">
          <span className="sr-only">{issue.severity}: </span>
          <code className={cn("font-mono text-xs", tone.text)}>{issue.code}</code>
          <span className="min-w-0">{issue.message}</span>
          <span className="sr-only">
            {" "}
            at line {issue.range.startLine}, column {issue.range.startColumn}. Go to it in the editor.
          </span>
        </span>
        {issue.hint ? <span className="mt-0.5 block text-xs text-muted-foreground">{issue.hint}</span> : null}
        {issue.relatedModule ? (
          <span className="mt-1 flex items-center gap-1 text-xs text-muted-foreground">
            with <ModuleChip name={issue.relatedModule} variant="dot" />
          </span>
        ) : null}
      </button>
      {issue.fix && onFix ? (
        <Button size="sm" variant="outline" className="h-6 shrink-0 px-2 text-xs" onClick={() => onFix(issue)} title={issue.fix.title} aria-label={`Fix: ${issue.fix.title}`}>
          <Wand2 className="size-3" aria-hidden="true" />
          Fix
        </Button>
      ) : null}
      <span className="shrink-0 pt-0.5 font-mono text-xs text-muted-foreground tabular-nums" aria-hidden="true">
        {position}
      </span>
    </li>
  );
}
