"use client";

import { useQuery } from "@tanstack/react-query";
import { Boxes, Plus } from "lucide-react";
import { useState } from "react";
import { useTRPC } from "@/components/trpc/client";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorState } from "@/components/ui/error-state";
import { ModuleChip } from "@/components/ui/module-chip";
import { SearchInput } from "@/components/ui/search-input";
import { Skeleton } from "@/components/ui/skeleton";
import { toastSuccess } from "@/components/ui/toast";
import { ChangeDialog } from "./change-dialog";
import type { CatalogModule } from "./types";
import { useTemplateMutations } from "./use-template-mutations";

/** Search the account's modules and add one; the addition is previewed (what-if) before it is saved. */
export function AddModuleDialog({ templateId, open, onOpenChange }: { templateId: string; open: boolean; onOpenChange: (open: boolean) => void }) {
  const trpc = useTRPC();
  const [search, setSearch] = useState("");
  const [chosen, setChosen] = useState<CatalogModule | null>(null);
  const catalog = useQuery(trpc.templates.catalog.queryOptions({ templateId, search: search || undefined, limit: 30 }, { enabled: open, placeholderData: (p) => p }));
  const { assign } = useTemplateMutations();

  return (
    <>
      <Dialog open={open && chosen === null} onOpenChange={(o) => (o ? null : onOpenChange(false))}>
        <DialogContent size="lg">
          <DialogHeader>
            <DialogTitle>Add a module</DialogTitle>
            <DialogDescription>Registered modules of this account. The layer it lands on follows from its category, variety and priority.</DialogDescription>
          </DialogHeader>
          <SearchInput aria-label="Search modules" placeholder="Module name or description…" shortcut={false} autoFocus debounceMs={150} onValueChange={setSearch} />
          <div className="max-h-[55vh] min-h-40 overflow-auto">
            {catalog.isError ? (
              <ErrorState compact error={catalog.error} title="Could not search modules" onRetry={() => void catalog.refetch()} />
            ) : catalog.isPending ? (
              <div className="space-y-2">
                {Array.from({ length: 5 }, (_, i) => (
                  <Skeleton key={i} className="h-10 w-full" />
                ))}
              </div>
            ) : catalog.data.modules.length === 0 ? (
              <EmptyState compact icon={Boxes} title="No module matches" description="Register modules on the Modules page, then add them here." />
            ) : (
              <ul className="divide-y" aria-label="Modules">
                {catalog.data.modules.map((m) => (
                  <li key={m.name} className="flex items-center gap-3 py-2" data-testid="catalog-module" data-module={m.name}>
                    <div className="min-w-0 flex-1 space-y-0.5">
                      <div className="flex flex-wrap items-center gap-1.5">
                        <ModuleChip name={m.name} />
                        <span className="text-xs text-muted-foreground">
                          {m.category} · {m.variety} · {m.effectivePriority}
                        </span>
                        {m.liveVersion ? <Badge variant="live">{m.liveVersion}</Badge> : <Badge variant="outline">no live version</Badge>}
                        {m.provides.map((p) => (
                          <Badge key={p} variant="outline" className="font-mono">
                            {p}
                          </Badge>
                        ))}
                      </div>
                      {m.description ? <p className="truncate text-xs text-muted-foreground">{m.description}</p> : null}
                    </div>
                    {m.assigned ? (
                      <Badge variant="neutral">in template</Badge>
                    ) : (
                      <Button size="sm" variant="outline" aria-label={`Add ${m.name}`} onClick={() => setChosen(m)}>
                        <Plus aria-hidden /> Add
                      </Button>
                    )}
                  </li>
                ))}
              </ul>
            )}
          </div>
          {catalog.data && catalog.data.total > catalog.data.modules.length ? (
            <p className="text-xs text-muted-foreground">
              Showing {catalog.data.modules.length} of {catalog.data.total}; refine the search.
            </p>
          ) : null}
        </DialogContent>
      </Dialog>
      {chosen ? (
        <ChangeDialog
          templateId={templateId}
          open
          onOpenChange={(o) => (o ? null : setChosen(null))}
          change={{ kind: "assign", moduleName: chosen.name }}
          title={`Add ${chosen.name} to this template?`}
          description={`Nodes built from this template will run ${chosen.name}${chosen.liveVersion ? ` ${chosen.liveVersion} (live)` : " once it has a live version"}.`}
          confirmLabel={`Add ${chosen.name}`}
          onConfirm={async (overrideReason) => {
            await assign.mutateAsync({ templateId, moduleName: chosen.name, overrideReason });
            toastSuccess(`Added ${chosen.name}`, "The composition was re-run.");
            setChosen(null);
            onOpenChange(false);
          }}
        />
      ) : null}
    </>
  );
}
