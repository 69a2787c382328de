"use client";

import { useQuery } from "@tanstack/react-query";
import { Braces, Pin, Plus, Trash2 } from "lucide-react";
import { useEffect, useId, useMemo, useState } from "react";
import type { z } from "zod";
import { useTRPC } from "@/components/trpc/client";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { Input } from "@/components/ui/input";
import { ModuleChip } from "@/components/ui/module-chip";
import { moduleColor } from "@/components/ui/module-color";
import { NativeSelect } from "@/components/ui/select";
import { Textarea } from "@/components/ui/textarea";
import { toastSuccess } from "@/components/ui/toast";
import { assignmentMetadataSchema, effectivePriorityOverrideSchema } from "@/server/contracts/templates";
import { plural } from "@/server/domain/plural";
import { ChangeDialog, DiffSummary } from "./change-dialog";
import type { Assignment, Preview, PreviewLayer, ProposedChange } from "./types";
import { useDebounced, useTemplateMutations } from "./use-template-mutations";

type Disabled = Preview["disabled"][number];
type Metadata = z.output<typeof assignmentMetadataSchema>;

export type StackRow =
  | { kind: "layer"; key: string; name: string; effectivePriority: number; order: number; layer: PreviewLayer; assignment: Assignment | null }
  | { kind: "disabled"; key: string; name: string; effectivePriority: number; order: number; disabled: Disabled; assignment: Assignment | null };

/** Top of the list = highest effective priority (wins); bottom = lowest, like the layers on a node. */
export function stackRows(preview: Preview, assignments: readonly Assignment[]): StackRow[] {
  const byId = new Map(assignments.map((a) => [a.id, a]));
  const byName = new Map(assignments.map((a) => [a.module.name, a]));
  const rows: StackRow[] = [
    ...preview.layers.map((layer): StackRow => ({
      kind: "layer",
      key: `layer:${layer.label}`,
      name: layer.name,
      effectivePriority: layer.effectivePriority,
      order: layer.index,
      layer,
      assignment: (layer.assignmentId ? byId.get(layer.assignmentId) : undefined) ?? (layer.source === "dependency" ? null : (byName.get(layer.name) ?? null)),
    })),
    ...preview.disabled.map((disabled): StackRow => ({
      kind: "disabled",
      key: `disabled:${disabled.name}`,
      name: disabled.name,
      effectivePriority: disabled.effectivePriority,
      order: -1,
      disabled,
      assignment: byId.get(disabled.assignmentId) ?? null,
    })),
  ];
  return rows.sort((a, b) => b.effectivePriority - a.effectivePriority || b.order - a.order || (a.name < b.name ? 1 : -1));
}

interface PendingChange {
  change: ProposedChange | null;
  title: string;
  description?: string;
  confirmLabel: string;
  variant?: "default" | "destructive";
  run: (overrideReason: string | undefined) => Promise<unknown>;
}

export function LayerStack({
  templateId,
  preview,
  assignments,
  canEdit,
  highlight,
}: {
  templateId: string;
  preview: Preview;
  assignments: readonly Assignment[];
  canEdit: boolean;
  highlight: string | null;
}) {
  const rows = useMemo(() => stackRows(preview, assignments), [preview, assignments]);
  const [pending, setPending] = useState<PendingChange | null>(null);
  const mutations = useTemplateMutations();

  const propose = (p: PendingChange) => setPending(p);

  return (
    <div className="space-y-2">
      <div className="flex items-center justify-between text-xs text-muted-foreground">
        <span>Top wins a path both ship · bottom = lowest effective priority</span>
        <span>
          {plural(preview.layers.length, "layer")}
          {preview.disabled.length ? ` · ${preview.disabled.length} disabled` : ""}
        </span>
      </div>
      <ol className="space-y-1.5" aria-label="Layer stack, highest priority first" data-testid="layer-stack">
        {rows.map((row) => (
          <LayerRow
            key={row.key}
            row={row}
            templateId={templateId}
            canEdit={canEdit}
            highlighted={highlight === row.name}
            propose={propose}
            mutations={mutations}
          />
        ))}
      </ol>
      {pending ? (
        <ChangeDialog
          templateId={templateId}
          open
          onOpenChange={(open) => (open ? null : setPending(null))}
          change={pending.change}
          title={pending.title}
          description={pending.description}
          confirmLabel={pending.confirmLabel}
          variant={pending.variant}
          onConfirm={pending.run}
        />
      ) : null}
    </div>
  );
}

function VersionBadge({ row }: { row: StackRow }) {
  if (row.kind === "disabled") return <Badge variant="outline">disabled</Badge>;
  const l = row.layer;
  if (l.isCandidate) return <Badge variant="primary">what-if {l.version}</Badge>;
  if (!l.version) {
    return (
      <span className="inline-flex gap-1">
        <Badge variant="outline">no version</Badge>
        <Badge variant="warning" title="No pinned or live version: the draft manifest's globs are used; files are unknown">
          draft manifest
        </Badge>
      </span>
    );
  }
  const state = l.versionState === "blessed" ? "blessed" : "live";
  return (
    <Badge variant={state} className="font-mono" title={l.versionSource === "pinned" ? `Pinned to ${l.version} (${l.versionState})` : `Follows the live version`}>
      {l.versionSource === "pinned" ? <Pin aria-hidden /> : null}
      {l.version} · {l.versionSource === "pinned" ? "pinned" : "live"}
    </Badge>
  );
}

type Mutations = ReturnType<typeof useTemplateMutations>;

function LayerRow({
  row,
  templateId,
  canEdit,
  highlighted,
  propose,
  mutations,
}: {
  row: StackRow;
  templateId: string;
  canEdit: boolean;
  highlighted: boolean;
  propose: (p: PendingChange) => void;
  mutations: Mutations;
}) {
  const color = moduleColor(row.name);
  const assignment = row.assignment;
  const isDependency = row.kind === "layer" && row.layer.source === "dependency";
  const derivation = row.kind === "layer" ? row.layer.derivation : row.disabled.derivation;
  const [metadataOpen, setMetadataOpen] = useState(false);
  const controlsId = useId();
  const counts = row.kind === "layer" ? row.layer.counts : null;
  const dropped = counts ? counts.droppedByMask + counts.droppedByProtection + counts.droppedByConflict + counts.outsideFileSpec : 0;

  // `title` asks ("Pin nginx to 1.2.0?"); `done` is the toast's statement of what happened ("Pinned nginx to 1.2.0").
  const update = (fields: { enabled?: boolean; effectivePriorityOverride?: number | null; pinnedVersion?: string | null }, title: string, confirmLabel: string, description: string, done: string) => {
    if (!assignment) return;
    propose({
      change: { kind: "update", assignmentId: assignment.id, ...fields },
      title,
      description,
      confirmLabel,
      run: async (overrideReason) => {
        await mutations.update.mutateAsync({ assignmentId: assignment.id, expectedRevision: assignment.revision, overrideReason, ...fields });
        toastSuccess(done, "The composition was re-run.");
      },
    });
  };

  return (
    <li
      className={cn(
        "relative overflow-hidden rounded-md border bg-card pl-3 transition-shadow",
        // A disabled row is told by its dashed border and "disabled" badge, not by fading (contrast, docs/ui.md).
        row.kind === "disabled" && "border-dashed bg-muted/40",
        highlighted && "ring-2 ring-ring",
      )}
      data-testid="layer-row"
      data-module={row.name}
      aria-label={`${row.name}, effective priority ${row.effectivePriority}`}
    >
      <span aria-hidden className="absolute inset-y-0 left-0 w-1.5" style={{ backgroundColor: color.solid }} />
      <div className="flex flex-wrap items-start gap-x-3 gap-y-1 px-2 py-2">
        <div className="min-w-0 flex-1 space-y-1">
          <div className="flex flex-wrap items-center gap-1.5">
            <ModuleChip name={row.name} className="text-sm" />
            <VersionBadge row={row} />
            <span className="text-xs text-muted-foreground">
              {row.kind === "layer" ? `${row.layer.category} · ${row.layer.variety}` : `${row.disabled.category} · ${row.disabled.variety}`}
            </span>
            {isDependency && row.kind === "layer" ? (
              <Badge variant="outline" data-testid="via-dependency">
                via {row.layer.viaDependencyOf.join(", ")}
              </Badge>
            ) : null}
          </div>
          <div className="font-mono text-[11px] text-muted-foreground" data-testid="derivation">
            {derivation.text}
          </div>
          {counts && row.kind === "layer" ? (
            <div className="text-[11px] text-muted-foreground">
              {row.layer.filesKnown ? (
                <>
                  {counts.shipped.toLocaleString()} shipped · {counts.winning.toLocaleString()} winning · {counts.shadowed.toLocaleString()} shadowed
                  {dropped ? ` · ${dropped.toLocaleString()} dropped` : ""}
                </>
              ) : (
                "files unknown: globs only"
              )}
            </div>
          ) : null}
        </div>
        <div className="text-right">
          <div className="font-mono text-lg leading-none font-semibold tabular-nums" data-testid="effective-priority">
            {row.effectivePriority}
          </div>
          <div className="text-[11px] text-muted-foreground">{derivation.kind === "override" ? "override" : "effective priority"}</div>
        </div>
      </div>
      {canEdit && assignment ? (
        <div id={controlsId} className="flex flex-wrap items-center gap-2 border-t bg-muted/30 px-2 py-1.5">
          <OverrideEditor
            templateId={templateId}
            assignment={assignment}
            derived={derivation.derived}
            onApply={(value) =>
              update(
                { effectivePriorityOverride: value },
                value === null ? `Clear ${row.name}'s priority override?` : `Override ${row.name}'s effective priority to ${value}?`,
                value === null ? "Clear override" : "Apply override",
                value === null ? `It goes back to the derived ${derivation.derived}.` : `Derived would be ${derivation.derived}. Layers above and below it may win different files.`,
                value === null ? `Cleared ${row.name}'s priority override` : `${row.name}'s effective priority is now ${value}`,
              )
            }
          />
          <label className="inline-flex items-center gap-1.5 text-xs">
            <input
              type="checkbox"
              role="switch"
              className="size-4 accent-foreground"
              checked={assignment.enabled}
              aria-label={`${row.name} enabled`}
              onChange={(e) =>
                update(
                  { enabled: e.target.checked },
                  e.target.checked ? `Enable ${row.name}?` : `Disable ${row.name}?`,
                  e.target.checked ? "Enable" : "Disable",
                  e.target.checked ? "Nodes built from this template will run it again." : "Nodes stop running it; it takes no part in the composition.",
                  e.target.checked ? `Enabled ${row.name}` : `Disabled ${row.name}`,
                )
              }
            />
            Enabled
          </label>
          <label className="inline-flex items-center gap-1.5 text-xs">
            <span className="text-muted-foreground">Version</span>
            <NativeSelect
              size="sm"
              // As wide as its longest option: a fixed width cut "Follow live (2025.3.0)" mid-version.
              className="w-auto max-w-full min-w-48 font-mono text-xs"
              aria-label={`${row.name} pinned version`}
              value={assignment.pinnedVersion?.version ?? ""}
              onChange={(e) => {
                const value = e.target.value || null;
                update(
                  { pinnedVersion: value },
                  value ? `Pin ${row.name} to ${value}?` : `Unpin ${row.name}?`,
                  value ? `Pin ${value}` : "Follow live",
                  value ? "Nodes run this version until it is unpinned, whatever goes live." : `Nodes follow the live version${assignment.module.liveVersion ? ` (${assignment.module.liveVersion})` : ""}.`,
                  value ? `Pinned ${row.name} to ${value}` : `${row.name} follows live again`,
                );
              }}
            >
              <option value="">Follow live{assignment.module.liveVersion ? ` (${assignment.module.liveVersion})` : " (none)"}</option>
              {assignment.pinnedVersion && !assignment.module.pinnable.some((v) => v.version === assignment.pinnedVersion!.version) ? (
                <option value={assignment.pinnedVersion.version} disabled>
                  {assignment.pinnedVersion.version} · {assignment.pinnedVersion.state} (ignored)
                </option>
              ) : null}
              {assignment.module.pinnable.map((v) => (
                <option key={v.version} value={v.version}>
                  Pin {v.version} · {v.state}
                  {v.previouslyLive ? " (previously live)" : ""}
                </option>
              ))}
            </NativeSelect>
          </label>
          <Button size="sm" variant="ghost" aria-expanded={metadataOpen} aria-controls={`${controlsId}-metadata`} onClick={() => setMetadataOpen((o) => !o)}>
            <Braces aria-hidden /> Metadata{Object.keys(assignment.metadata).length ? ` (${Object.keys(assignment.metadata).length})` : ""}
          </Button>
          <Button
            size="sm"
            variant="ghost"
            className="ml-auto text-error"
            aria-label={`Remove ${row.name}`}
            onClick={() =>
              propose({
                change: { kind: "unassign", assignmentId: assignment.id },
                title: `Remove ${row.name} from this template?`,
                description: "Nodes built from this template stop running it.",
                confirmLabel: `Remove ${row.name}`,
                variant: "destructive",
                run: async (overrideReason) => {
                  await mutations.unassign.mutateAsync({ assignmentId: assignment.id, expectedRevision: assignment.revision, overrideReason });
                  toastSuccess(`Removed ${row.name}`, "The composition was re-run.");
                },
              })
            }
          >
            <Trash2 aria-hidden /> Remove
          </Button>
        </div>
      ) : null}
      {canEdit && isDependency ? (
        <div className="flex items-center gap-2 border-t bg-muted/30 px-2 py-1.5 text-xs text-muted-foreground">
          Pulled in by a dependency: nodes run its live version.
          <Button
            size="sm"
            variant="ghost"
            className="ml-auto"
            onClick={() =>
              propose({
                change: { kind: "assign", moduleName: row.name },
                title: `Assign ${row.name} explicitly?`,
                description: "It stays in the template even if nothing requires it, and can be pinned, overridden or given metadata.",
                confirmLabel: `Assign ${row.name}`,
                run: async (overrideReason) => {
                  await mutations.assign.mutateAsync({ templateId, moduleName: row.name, overrideReason });
                  toastSuccess(`Assigned ${row.name}`);
                },
              })
            }
          >
            <Plus aria-hidden /> Assign explicitly
          </Button>
        </div>
      ) : null}
      {metadataOpen && assignment ? (
        <div id={`${controlsId}-metadata`} className="border-t px-2 py-2">
          <MetadataEditor
            name={row.name}
            assignment={assignment}
            canEdit={canEdit}
            onSave={(metadata: Metadata) =>
              propose({
                change: null,
                title: `Update ${row.name}'s metadata?`,
                description: "The node agent receives it at the next boot of every node built from this template.",
                confirmLabel: "Save metadata",
                run: async () => {
                  await mutations.update.mutateAsync({ assignmentId: assignment.id, metadata, expectedRevision: assignment.revision });
                  toastSuccess(`Saved ${row.name}'s metadata`);
                },
              })
            }
          />
        </div>
      ) : null}
    </li>
  );
}

/** Inline override: type a number (what-if runs as you type), Enter or Apply to save, Clear to go back to derived. */
function OverrideEditor({ templateId, assignment, derived, onApply }: { templateId: string; assignment: Assignment; derived: number; onApply: (value: number | null) => void }) {
  const trpc = useTRPC();
  const saved = assignment.effectivePriorityOverride;
  const [draft, setDraft] = useState(saved === null ? "" : String(saved));
  useEffect(() => setDraft(saved === null ? "" : String(saved)), [saved]);
  const trimmed = draft.trim();
  const parsed = trimmed === "" ? null : Number(trimmed);
  const check = parsed === null ? { success: true as const } : effectivePriorityOverrideSchema.safeParse(parsed);
  const error = check.success ? null : (check.error.issues[0]?.message ?? "Invalid");
  const dirty = (parsed ?? null) !== saved && error === null;
  const debounced = useDebounced(dirty ? parsed : undefined, 400);
  const whatIf = useQuery(
    trpc.templates.preview.queryOptions(
      { templateId, change: { kind: "update", assignmentId: assignment.id, effectivePriorityOverride: debounced ?? null } },
      { enabled: debounced !== undefined && dirty, staleTime: 10_000 },
    ),
  );
  return (
    <div className="flex flex-wrap items-center gap-1.5">
      <label className="inline-flex items-center gap-1.5 text-xs">
        <span className="text-muted-foreground">Override</span>
        <Input
          inputMode="numeric"
          className={cn("h-7 w-24 font-mono text-xs", error && "border-error")}
          placeholder="none"
          title={`Derived: ${derived}`}
          aria-label={`${assignment.module.name} effective priority override`}
          aria-invalid={error ? true : undefined}
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === "Enter" && dirty) {
              e.preventDefault();
              onApply(parsed);
            }
            if (e.key === "Escape") setDraft(saved === null ? "" : String(saved));
          }}
        />
      </label>
      {dirty ? (
        <Button size="sm" variant="outline" onClick={() => onApply(parsed)}>
          {parsed === null ? "Clear override" : "Apply"}
        </Button>
      ) : saved !== null ? (
        <Button size="sm" variant="ghost" onClick={() => onApply(null)}>
          Clear
        </Button>
      ) : null}
      {error ? <span className="text-xs text-error">{error}</span> : null}
      {dirty && whatIf.data?.diff ? <DiffSummary diff={whatIf.data.diff} compact /> : null}
      {dirty && whatIf.isFetching ? <span className="text-xs text-muted-foreground">previewing…</span> : null}
    </div>
  );
}

function MetadataEditor({ name, assignment, canEdit, onSave }: { name: string; assignment: Assignment; canEdit: boolean; onSave: (metadata: Metadata) => void }) {
  const initial = useMemo(() => JSON.stringify(assignment.metadata, null, 2), [assignment.metadata]);
  const [text, setText] = useState(initial);
  useEffect(() => setText(initial), [initial]);
  const result = useMemo(() => {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (e) {
      return { ok: false as const, error: `Not valid JSON: ${e instanceof Error ? e.message : String(e)}` };
    }
    if (typeof value !== "object" || value === null || Array.isArray(value)) return { ok: false as const, error: "Metadata must be a JSON object ({…})." };
    const parsed = assignmentMetadataSchema.safeParse(value);
    if (!parsed.success) return { ok: false as const, error: parsed.error.issues[0]?.message ?? "Invalid metadata" };
    return { ok: true as const, value: parsed.data };
  }, [text]);
  const bytes = new TextEncoder().encode(text).length;
  const errorId = useId();
  return (
    <div className="space-y-1.5">
      <label className="block text-xs font-medium" htmlFor={`${errorId}-text`}>
        Metadata for {name} <span className="font-normal text-muted-foreground">(JSON object handed to the node agent at boot; at most 16 KiB)</span>
      </label>
      <Textarea
        id={`${errorId}-text`}
        className="min-h-24 font-mono text-xs"
        spellCheck={false}
        readOnly={!canEdit}
        value={text}
        aria-invalid={result.ok ? undefined : true}
        aria-describedby={errorId}
        onChange={(e) => setText(e.target.value)}
      />
      <div className="flex items-center gap-2">
        <span id={errorId} className={cn("text-xs", result.ok ? "text-muted-foreground" : "text-error")} role={result.ok ? undefined : "alert"}>
          {result.ok ? `${plural(Object.keys(result.value).length, "key")} · ${(bytes / 1024).toFixed(1)} KiB` : result.error}
        </span>
        {canEdit ? (
          <span className="ml-auto flex gap-1.5">
            <Button size="sm" variant="ghost" disabled={text === initial} onClick={() => setText(initial)}>
              Revert
            </Button>
            <Button size="sm" disabled={!result.ok || text === initial} onClick={() => result.ok && onSave(result.value)}>
              Save metadata
            </Button>
          </span>
        ) : null}
      </div>
    </div>
  );
}
