import { Skeleton } from "@/components/ui/skeleton";

/** What an editor area shows while Monaco's chunk loads: a few code-shaped lines, announced as busy. */
export function EditorSkeleton({ lines = 12 }: { lines?: number }) {
  return (
    <div className="flex h-full w-full flex-col gap-2 p-3" aria-busy="true" aria-label="Loading editor">
      {Array.from({ length: lines }, (_, i) => (
        <Skeleton key={i} className="h-3.5" style={{ width: `${30 + ((i * 37) % 55)}%` }} />
      ))}
    </div>
  );
}
