"use client";

import * as React from "react";
import { useVirtualizer } from "@tanstack/react-virtual";
import { Minus, Plus } from "lucide-react";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui/tabs";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { groupThousands, plural } from "@/server/domain/plural";
import type { BlastRadius } from "./types";

const ROW_HEIGHT = 24;
const MAX_HEIGHT = 18 * ROW_HEIGHT;

/** A long path list, virtualised: 200,000 paths render as the ~20 rows on screen. */
function PathList({ paths, kind, label }: { paths: string[]; kind: "added" | "removed"; label: string }) {
  const parent = React.useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({ count: paths.length, getScrollElement: () => parent.current, estimateSize: () => ROW_HEIGHT, overscan: 20 });
  if (paths.length === 0) return <p className="px-1 py-3 text-sm text-muted-foreground">No {kind} paths.</p>;
  const Icon = kind === "added" ? Plus : Minus;
  return (
    <div
      ref={parent}
      className="overflow-auto rounded-md border bg-card"
      // As tall as its rows up to 18 of them: one added path is one row, not a tall empty box.
      style={{ height: Math.min(MAX_HEIGHT, paths.length * ROW_HEIGHT + 2) }}
      role="list"
      aria-label={label}
      tabIndex={0}
      data-testid={`paths-${kind}`}
    >
      <div style={{ height: virtualizer.getTotalSize(), position: "relative" }}>
        {virtualizer.getVirtualItems().map((item) => (
          <div
            key={item.key}
            role="listitem"
            className={`absolute inset-x-0 flex items-center gap-1.5 px-2 font-mono text-xs ${kind === "added" ? "text-state-live-fg" : "text-error"}`}
            style={{ height: ROW_HEIGHT, transform: `translateY(${item.start}px)` }}
          >
            <Icon aria-hidden="true" className="size-3 shrink-0" />
            <span className="truncate">{paths[item.index]}</span>
          </div>
        ))}
      </div>
    </div>
  );
}

/** Added and removed paths (with exact counts), what cannot be known about changed paths, and the package changes. */
export function FileDiff({ files, packages, liveVersion, candidateVersion }: { files: BlastRadius["files"]; packages: BlastRadius["packages"]; liveVersion: string | null; candidateVersion: string }) {
  const packageChanges = packages.added.length + packages.removed.length + packages.changed.length;
  return (
    <div className="space-y-3" data-testid="file-diff">
      <p className="text-sm">
        <span className="font-mono">{candidateVersion}</span> ships <strong className="tabular-nums">{groupThousands(files.candidateCount)}</strong> {plural(files.candidateCount, "path", { withCount: false })}
        {liveVersion ? (
          <>
            {" "}
            against <strong className="tabular-nums">{files.liveCount.toLocaleString()}</strong> in <span className="font-mono">{liveVersion}</span>:{" "}
            <span className="text-state-live-fg tabular-nums">+{files.addedCount.toLocaleString()} added</span>,{" "}
            <span className="text-error tabular-nums">−{files.removedCount.toLocaleString()} removed</span>,{" "}
            <span className="tabular-nums">{files.unchangedCount.toLocaleString()}</span> in both.
          </>
        ) : (
          " — nothing is live yet, so every path is new."
        )}
      </p>
      <Tabs defaultValue="added">
        <TabsList>
          <TabsTrigger value="added">Added ({files.addedCount.toLocaleString()})</TabsTrigger>
          <TabsTrigger value="removed">Removed ({files.removedCount.toLocaleString()})</TabsTrigger>
          <TabsTrigger value="packages">Packages ({packageChanges})</TabsTrigger>
        </TabsList>
        <TabsContent value="added">
          <PathList paths={files.added} kind="added" label="Added paths" />
        </TabsContent>
        <TabsContent value="removed">
          <PathList paths={files.removed} kind="removed" label="Removed paths" />
        </TabsContent>
        <TabsContent value="packages">
          {packageChanges === 0 ? (
            <p className="px-1 py-3 text-sm text-muted-foreground">The package lists are the same ({packages.unchanged} packages).</p>
          ) : (
            <Table aria-label="Package changes">
              <TableHeader>
                <TableRow>
                  <TableHead>Package</TableHead>
                  <TableHead>{liveVersion ?? "live"}</TableHead>
                  <TableHead>{candidateVersion}</TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {packages.changed.map((p) => (
                  <TableRow key={`c-${p.name}`}>
                    <TableCell className="font-mono text-xs">{p.name}</TableCell>
                    <TableCell className="font-mono text-xs text-error">{p.from ?? "—"}</TableCell>
                    <TableCell className="font-mono text-xs text-state-live-fg">{p.to ?? "—"}</TableCell>
                  </TableRow>
                ))}
                {packages.added.map((p) => (
                  <TableRow key={`a-${p.name}`}>
                    <TableCell className="font-mono text-xs">{p.name}</TableCell>
                    <TableCell className="text-muted-foreground">—</TableCell>
                    <TableCell className="font-mono text-xs text-state-live-fg">{p.version ?? "added"}</TableCell>
                  </TableRow>
                ))}
                {packages.removed.map((p) => (
                  <TableRow key={`r-${p.name}`}>
                    <TableCell className="font-mono text-xs">{p.name}</TableCell>
                    <TableCell className="font-mono text-xs text-error">{p.version ?? "removed"}</TableCell>
                    <TableCell className="text-muted-foreground">—</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          )}
        </TabsContent>
      </Tabs>
      {files.truncated ? <p className="text-xs text-muted-foreground">The lists show the first {files.added.length.toLocaleString()} paths of each side; the counts are exact.</p> : null}
      <p className="text-xs text-muted-foreground">{files.changedNote}</p>
    </div>
  );
}
