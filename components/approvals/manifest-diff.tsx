"use client";

import dynamic from "next/dynamic";
import { Skeleton } from "@/components/ui/skeleton";
import type { ManifestDiffEditorProps } from "./manifest-diff-editor";

const ManifestDiffEditor = dynamic(() => import("./manifest-diff-editor"), {
  ssr: false,
  loading: () => <Skeleton className="h-[420px] w-full" aria-label="Loading the diff editor" />,
});

/**
 * The candidate's manifest snapshot against the live version's, side by side. When nothing is live yet, the whole
 * candidate manifest reads as added.
 */
export function ManifestDiff({ original, modified, originalLabel, modifiedLabel, height }: Omit<ManifestDiffEditorProps, "original"> & { original: string | null }) {
  const identical = original !== null && original === modified;
  return (
    <div className="space-y-1" data-testid="manifest-diff">
      <div className="grid grid-cols-2 gap-2 text-xs text-muted-foreground">
        <span>{original === null ? "No live version" : originalLabel}</span>
        <span>{modifiedLabel}</span>
      </div>
      {identical ? (
        <p className="rounded-md border px-3 py-2 text-sm text-muted-foreground">The manifests are identical.</p>
      ) : null}
      <div className="overflow-hidden rounded-md border">
        <ManifestDiffEditor original={original ?? ""} modified={modified} originalLabel={originalLabel} modifiedLabel={modifiedLabel} height={height} />
      </div>
    </div>
  );
}
