"use client";

import { useQuery } from "@tanstack/react-query";
import { Package } from "lucide-react";
import { useState } from "react";
import { useTRPC } from "@/components/trpc/client";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { ErrorState } from "@/components/ui/error-state";
import { SearchInput } from "@/components/ui/search-input";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";

/** The packages a version's SBOM referrer lists (docs/ingest.md): components, versions and licenses. */
export function VersionPackagesButton({ versionId, version }: { versionId: string; version: string }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button size="sm" variant="ghost" className="h-6 w-fit px-1 text-[11px]" onClick={() => setOpen(true)} data-testid="packages-button">
        <Package aria-hidden="true" /> Packages
      </Button>
      <Dialog open={open} onOpenChange={setOpen}>
        <DialogContent size="lg">
          <DialogHeader>
            <DialogTitle>Packages of {version}</DialogTitle>
            <DialogDescription>From the SBOM attached to the artifact in the registry.</DialogDescription>
          </DialogHeader>
          {open ? <PackagesTable versionId={versionId} /> : null}
        </DialogContent>
      </Dialog>
    </>
  );
}

function PackagesTable({ versionId }: { versionId: string }) {
  const trpc = useTRPC();
  const [search, setSearch] = useState("");
  const query = useQuery(trpc.ingest.packages.queryOptions({ versionId }));
  if (query.isError) return <ErrorState error={query.error} title="Could not load the packages" onRetry={() => void query.refetch()} />;
  if (query.isPending) return <Skeleton className="h-40 w-full" />;
  const packages = query.data.packages ?? [];
  const needle = search.trim().toLowerCase();
  const shown = needle ? packages.filter((p) => p.name.toLowerCase().includes(needle) || (p.license ?? "").toLowerCase().includes(needle)) : packages;
  return (
    <div className="space-y-2">
      <p className="font-mono text-[11px] break-all text-muted-foreground">{query.data.sbomUri}</p>
      <SearchInput defaultValue="" placeholder="Filter packages or licenses…" aria-label="Filter packages" onValueChange={setSearch} />
      <div className="max-h-96 overflow-auto">
        <Table>
          <TableHeader>
            <TableRow>
              <TableHead>Package</TableHead>
              <TableHead>Version</TableHead>
              <TableHead>License</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {shown.slice(0, 2000).map((p, i) => (
              <TableRow key={`${p.name}-${i}`}>
                <TableCell className="font-mono text-xs">{p.name}</TableCell>
                <TableCell className="font-mono text-xs">{p.version ?? "—"}</TableCell>
                <TableCell className="text-xs">{p.license ?? "—"}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </div>
      <p className="text-xs text-muted-foreground">
        {shown.length === packages.length ? `${packages.length} packages` : `${shown.length} of ${packages.length} packages`}
        {shown.length > 2000 ? " (first 2,000 shown)" : ""}
      </p>
    </div>
  );
}
