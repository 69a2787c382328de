"use client";

import * as React from "react";
import dynamic from "next/dynamic";
import { useQuery } from "@tanstack/react-query";
import { AlarmClock, CheckCircle2, ChevronsRight, Hourglass, History, Layers, OctagonAlert } from "lucide-react";
import { useMe } from "@/components/settings/use-me";
import { useTRPC } from "@/components/trpc/client";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorState } from "@/components/ui/error-state";
import { Field } from "@/components/ui/field";
import { ModuleChip } from "@/components/ui/module-chip";
import { Pagination } from "@/components/ui/pagination";
import { SearchInput } from "@/components/ui/search-input";
import { NativeSelect } from "@/components/ui/native-select";
import { Skeleton } from "@/components/ui/skeleton";
import { STATE_LABELS, STATE_TONES } from "@/components/ui/state-colors";
import { SimpleTooltip } from "@/components/ui/tooltip";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { ATTENTION_FILTERS, type AttentionFilter } from "@/server/contracts/promotion-values";
import type { BoardActionKind, BoardActionTarget } from "./board-action-dialog";
import { formatDuration } from "./format";
import type { BoardRow, BoardVersion } from "./types";
import { useUrlState } from "@/components/ui/use-url-state";
import { IntentLink } from "@/components/ui/intent-link";
import { BOARD_PAGE_SIZE, boardInput, boardState } from "./board-input";

const COLUMNS = ["built", "staging", "blessed", "live"] as const;

const ATTENTION_LABELS: Record<AttentionFilter, string> = {
  any: "Needs attention",
  stale: "Stale in staging",
  ready: "Ready to bless",
  awaiting: "Awaiting approval",
};

// The promote / bless / request-live dialog (its form and checks) loads when an operator first acts, not with the board.
const BoardActionDialog = dynamic(() => import("./board-action-dialog").then((module) => module.BoardActionDialog), { ssr: false });

/** Every module as a row, its versions in state columns; filters by category and "needs attention", in the URL. */
export function FleetBoard() {
  const { atLeast } = useMe();
  // Promote, bless and request live from the board (operators and above; the server checks regardless).
  const canAct = atLeast("operator");
  const [acting, setActing] = React.useState<BoardActionTarget | null>(null);
  const trpc = useTRPC();
  const { params, set } = useUrlState();
  const state = boardState(params);
  const { page, attention, search, category } = state;
  // The page prefetched this very input on the server (board-input.ts): the first render has the rows.
  const board = useQuery(
    trpc.promotion.board.queryOptions(boardInput(state), { placeholderData: (previous) => previous, refetchInterval: 60_000 }),
  );
  const filtered = Boolean(search || category || attention);

  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-end gap-3" role="search" aria-label="Filter the pipeline board">
        <div className="w-60">
          <Field label="Module">
            <SearchInput defaultValue={search ?? ""} placeholder="Search modules…" onValueChange={(value) => set({ q: value || undefined })} />
          </Field>
        </div>
        <div className="w-52">
          <Field label="Category">
            <NativeSelect value={category ?? ""} onChange={(e) => set({ category: e.target.value || undefined })}>
              <option value="">All categories</option>
              {(board.data?.categories ?? []).map((c) => (
                <option key={c.slug} value={c.slug}>
                  {c.name}
                </option>
              ))}
            </NativeSelect>
          </Field>
        </div>
        <div className="w-52">
          <Field label="Show">
            <NativeSelect value={attention ?? ""} onChange={(e) => set({ attention: e.target.value || undefined })}>
              <option value="">All modules</option>
              {ATTENTION_FILTERS.map((a) => (
                <option key={a} value={a}>
                  {ATTENTION_LABELS[a]}
                </option>
              ))}
            </NativeSelect>
          </Field>
        </div>
        {filtered ? (
          <Button variant="ghost" size="sm" onClick={() => set({ q: undefined, category: undefined, attention: undefined })}>
            Clear filters
          </Button>
        ) : null}
      </div>

      {board.data ? (
        <div className="flex flex-wrap gap-2 text-xs" aria-label="Summary">
          <SummaryChip icon={<AlarmClock />} label="stale in staging" count={board.data.summary.stale} active={attention === "stale"} onClick={() => set({ attention: attention === "stale" ? undefined : "stale" })} />
          <SummaryChip icon={<CheckCircle2 />} label="ready to bless" count={board.data.summary.ready} active={attention === "ready"} onClick={() => set({ attention: attention === "ready" ? undefined : "ready" })} />
          <SummaryChip icon={<Hourglass />} label="awaiting approval" count={board.data.summary.awaiting} active={attention === "awaiting"} onClick={() => set({ attention: attention === "awaiting" ? undefined : "awaiting" })} />
        </div>
      ) : null}

      {board.isError ? (
        <ErrorState title="Could not load the pipeline board" error={board.error} onRetry={() => void board.refetch()} />
      ) : board.isPending ? (
        <div className="space-y-2" aria-busy="true" aria-label="Loading the pipeline board">
          {Array.from({ length: 8 }, (_, i) => (
            <Skeleton key={i} className="h-10 w-full" />
          ))}
        </div>
      ) : board.data.rows.length === 0 ? (
        <EmptyState
          icon={<Layers />}
          title={filtered ? "No module matches these filters" : "No modules yet"}
          description={filtered ? "Clear a filter to see more modules." : "Register a module and hand Strata a build from CI to see it here."}
        />
      ) : (
        <>
          <Table aria-label="Modules by promotion state">
            <TableHeader>
              <TableRow>
                <TableHead className="w-56">Module</TableHead>
                {COLUMNS.map((state) => (
                  <TableHead key={state}>
                    <span className="flex items-center gap-1.5">
                      <span aria-hidden="true" className={cn("size-2 rounded-full", STATE_TONES[state].solid)} />
                      {STATE_LABELS[state]}
                    </span>
                  </TableHead>
                ))}
                <TableHead className="w-20" align="right">
                  Retired
                </TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {board.data.rows.map((row) => (
                <BoardRowView key={row.module.id} row={row} onAction={canAct ? setActing : undefined} />
              ))}
            </TableBody>
          </Table>
          <Pagination page={page} pageSize={BOARD_PAGE_SIZE} total={board.data.total} item="module" onPageChange={(p) => set({ page: String(p) })} />
        </>
      )}
      {acting ? <BoardActionDialog target={acting} onClose={() => setActing(null)} /> : null}
    </div>
  );
}

function SummaryChip({ icon, label, count, active, onClick }: { icon: React.ReactNode; label: string; count: number; active: boolean; onClick: () => void }) {
  return (
    <button
      type="button"
      aria-pressed={active}
      onClick={onClick}
      className={cn(
        "inline-flex h-7 items-center gap-1.5 rounded-md border px-2 hover:bg-accent [&_svg]:size-3.5",
        active ? "border-foreground bg-accent" : "text-muted-foreground",
      )}
    >
      {icon}
      <span className="font-semibold text-foreground tabular-nums">{count}</span> {label}
    </button>
  );
}

function BoardRowView({ row, onAction }: { row: BoardRow; onAction?: ((target: BoardActionTarget) => void) | undefined }) {
  const href = `/app/system/modules/${encodeURIComponent(row.module.name)}/versions`;
  return (
    <TableRow data-testid="board-row" data-module={row.module.name}>
      <TableCell>
        <div className="flex flex-col gap-0.5">
          <IntentLink href={href} className="w-fit hover:underline">
            <ModuleChip name={row.module.name} variant="dot" />
          </IntentLink>
          <span className="text-xs text-muted-foreground">{row.module.category.name}</span>
        </div>
      </TableCell>
      {COLUMNS.map((state) => (
        <TableCell key={state} className="align-top">
          <ul className="flex flex-wrap gap-1">
            {row.columns[state].map((v) => (
              <VersionChip key={v.id} version={v} href={href} moduleName={row.module.name} onAction={onAction} />
            ))}
          </ul>
        </TableCell>
      ))}
      <TableCell align="right" className="text-muted-foreground tabular-nums">
        {row.retiredCount}
      </TableCell>
    </TableRow>
  );
}

/** The one action that moves a version on from its column, as the Versions tab offers it. */
function nextAction(version: BoardVersion): { kind: BoardActionKind; label: string } | null {
  if (version.state === "built") return { kind: "staging", label: "Promote to staging…" };
  if (version.state === "staging") return { kind: "blessed", label: "Bless…" };
  if (version.state === "blessed" && !version.pendingRequest && !version.badReason) return { kind: "requestLive", label: "Request live…" };
  return null;
}

function VersionChip({
  version,
  href,
  moduleName,
  onAction,
}: {
  version: BoardVersion;
  href: string;
  moduleName: string;
  onAction?: ((target: BoardActionTarget) => void) | undefined;
}) {
  const next = onAction ? nextAction(version) : null;
  const tone = STATE_TONES[version.state];
  const notes = [
    `${version.state} for ${formatDuration(version.hoursInState)}`,
    version.previouslyLive ? "previously live" : null,
    version.badReason ? `marked bad: ${version.badReason}` : null,
    version.stale ? "stale in staging" : null,
    version.ready ? (version.readySummary ?? "ready to bless") : null,
    version.pendingRequest ? `awaiting approval ${version.pendingRequest.approvals}/${version.pendingRequest.requiredApprovals}` : null,
  ].filter(Boolean);
  return (
    <li>
      <IntentLink
        href={version.pendingRequest ? `/app/system/approvals/${version.pendingRequest.id}` : href}
        title={notes.join(" · ")}
        data-testid="board-version"
        className={cn("inline-flex h-6 items-center gap-1 rounded border px-1.5 font-mono text-xs hover:underline [&_svg]:size-3", tone.border, tone.bg)}
      >
        {version.version}
        {/* The notes join the visible version in the name instead of an aria-label that hides it (docs/ui.md). */}
        <span className="sr-only">: {notes.join(", ")}</span>
        {version.previouslyLive ? <History aria-hidden="true" className="text-muted-foreground" /> : null}
        {version.badReason ? <OctagonAlert aria-hidden="true" className="text-error" data-testid="board-bad" /> : null}
        {version.stale ? <AlarmClock aria-hidden="true" className="text-warning-fg" /> : null}
        {version.ready ? <CheckCircle2 aria-hidden="true" className="text-state-live-fg" /> : null}
        {version.pendingRequest ? (
          <span className="inline-flex items-center gap-0.5 text-state-live-fg" aria-hidden="true">
            <Hourglass />
            {version.pendingRequest.approvals}/{version.pendingRequest.requiredApprovals}
          </span>
        ) : null}
      </IntentLink>
      {next && onAction ? (
        <SimpleTooltip content={`${next.label.replace("…", "")} ${version.version}…`}>
          <Button
            variant="ghost"
            size="icon-sm"
            className="ml-0.5 size-6 align-middle"
            data-testid="board-action"
            data-action={next.kind}
            onClick={() => onAction({ moduleName, versionId: version.id, kind: next.kind })}
          >
            <ChevronsRight aria-hidden="true" />
            <span className="sr-only">
              {next.label.replace("…", "")} {moduleName} {version.version}…
            </span>
          </Button>
        </SimpleTooltip>
      ) : null}
    </li>
  );
}
