"use client";

import { TRPCClientError } from "@trpc/client";
import { deriveEffectivePriority } from "@/server/domain/composition/priority";
import type { Issue } from "@/server/domain/issues";
import type { ModuleVariety } from "@/server/contracts/modules";
import { plural } from "@/server/domain/plural";

export const VARIETY_DESCRIPTIONS: Record<ModuleVariety, string> = {
  subscription: "A layer nodes subscribe to: packages plus a rootfs tree.",
  config: "Overrides another module's configuration; it layers just above modules of its category.",
  instance: "Per-deployment settings: the highest layer of its category.",
};

/** The derivation sentence the UI always shows next to an effective priority (docs/composition.md). */
export function PriorityPreview({
  category,
  variety,
  priority,
}: {
  category: { slug: string; position: number } | undefined;
  variety: ModuleVariety;
  priority: unknown;
}) {
  const value = typeof priority === "number" ? priority : Number.parseInt(String(priority ?? ""), 10);
  if (!category || !Number.isInteger(value) || value < 0 || value > 999) {
    return <span className="text-muted-foreground">Choose a category and a priority from 0 to 999.</span>;
  }
  const derivation = deriveEffectivePriority({ categorySlug: category.slug, categoryPosition: category.position, variety, priority: value });
  return (
    <span>
      Effective priority <span className="font-mono font-medium text-foreground">{derivation.text}</span>
    </span>
  );
}

/** A rejected manifest's validation result, carried in the error's details by the server. */
export function manifestIssuesOf(error: unknown): Issue[] {
  if (!(error instanceof TRPCClientError)) return [];
  const details = (error.data as { details?: unknown } | undefined)?.details;
  const validation = details && typeof details === "object" ? (details as { validation?: { errors?: unknown } }).validation : undefined;
  return Array.isArray(validation?.errors) ? (validation.errors as Issue[]) : [];
}

export function ManifestIssueList({ issues }: { issues: Issue[] }) {
  if (issues.length === 0) return null;
  const shown = issues.slice(0, 8);
  return (
    <div role="alert" className="rounded-md border border-error-border bg-error-bg p-2 text-xs">
      <p className="mb-1 font-medium text-error">
        The manifest was not saved: {plural(issues.length, "error")} to fix before you register again.
      </p>
      <ul className="space-y-0.5">
        {shown.map((issue, index) => (
          <li key={`${issue.code}-${index}`} className="font-mono">
            <span className="text-muted-foreground">
              {issue.range.startLine}:{issue.range.startColumn}
            </span>{" "}
            <span className="text-error">{issue.code}</span> <span className="font-sans text-foreground">{issue.message}</span>
          </li>
        ))}
        {issues.length > shown.length ? <li className="text-muted-foreground">… and {issues.length - shown.length} more</li> : null}
      </ul>
    </div>
  );
}
