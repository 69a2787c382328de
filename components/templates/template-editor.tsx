"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Pencil, Plus, Trash2 } from "lucide-react";
import dynamic from "next/dynamic";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { z } from "zod";
import { TemplateFleet, TemplateInstanceCount } from "@/components/fleet/template-fleet";
import { useBreadcrumbLabel } from "@/components/shell/breadcrumb-labels";
import { RoleNotice } from "@/components/shell/read-only-notice";
import { PageHeader } from "@/components/shell/page-header";
import { useMe } from "@/components/settings/use-me";
import { useTRPC } from "@/components/trpc/client";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle, FormDialogFooter } from "@/components/ui/dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorState } from "@/components/ui/error-state";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Skeleton } from "@/components/ui/skeleton";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui/tabs";
import { Textarea } from "@/components/ui/textarea";
import { showFormError } from "@/components/ui/form-errors";
import { toastSuccess } from "@/components/ui/toast";
import { templateDescriptionSchema, templateNameSchema } from "@/server/contracts/templates";
import { plural } from "@/server/domain/plural";
import { AddModuleDialog } from "./add-module-dialog";
import { HealthBadge } from "./health-badge";
import { IssuesPanel } from "./issues-panel";
import { LayerStack } from "./layer-stack";
import { OverlayView } from "./overlay-view";
import type { TemplateDetail } from "./types";
import { useUrlState } from "@/components/ui/use-url-state";

// React Flow measures the DOM: render it in the browser only, and only when its tab is opened.
const DependencyGraph = dynamic(() => import("./dependency-graph").then((m) => m.DependencyGraph), {
  ssr: false,
  loading: () => <Skeleton className="h-[560px] w-full" />,
});

const TABS = ["layers", "graph", "overlay", "instances"] as const;
type Tab = (typeof TABS)[number];

export function TemplateEditor({ templateId }: { templateId: string }) {
  const trpc = useTRPC();
  const { params, set } = useUrlState();
  const { atLeast } = useMe();
  const canEdit = atLeast("operator");
  const tabParam = params.get("tab");
  const tab: Tab = (TABS as readonly string[]).includes(tabParam ?? "") ? (tabParam as Tab) : "layers";
  const template = useQuery(trpc.templates.get.queryOptions({ templateId }));
  const preview = useQuery(trpc.templates.preview.queryOptions({ templateId }, { placeholderData: (p) => p }));
  const fleetCounts = useQuery(trpc.instances.countsByTemplate.queryOptions(undefined, { refetchInterval: 30_000 }));
  useBreadcrumbLabel(templateId, template.data?.name);
  const [adding, setAdding] = useState(false);
  const [highlight, setHighlight] = useState<string | null>(null);

  const setTab = (next: string) => set({ tab: next === "layers" ? undefined : next });

  if (template.isError) {
    return (
      <div className="space-y-4">
        <PageHeader title="Template" eyebrow={<Link href="/app/system/templates">Templates</Link>} />
        <ErrorState
          error={template.error}
          title={template.error.data?.code === "NOT_FOUND" ? "This template does not exist in this account" : "Could not load the template"}
          onRetry={() => void template.refetch()}
        />
      </div>
    );
  }
  if (template.isPending) {
    return (
      <div className="space-y-4" aria-busy="true" aria-label="Loading the template">
        <Skeleton className="h-10 w-72" />
        <Skeleton className="h-64 w-full" />
      </div>
    );
  }
  const t = template.data;
  const p = preview.data;
  return (
    <div className="space-y-4">
      <PageHeader
        eyebrow={
          <Link href="/app/system/templates" className="hover:underline">
            Templates
          </Link>
        }
        title={<span className="font-mono">{t.name}</span>}
        description={t.description || undefined}
        actions={
          <>
            {p ? <HealthBadge health={p.health} overrideReason={p.override?.reason} /> : null}
            <button type="button" className="rounded-sm text-xs text-muted-foreground hover:underline" onClick={() => setTab("instances")} data-testid="template-instance-count">
              <TemplateInstanceCount counts={fleetCounts.data ? (fleetCounts.data[t.id] ?? { total: 0, inSync: 0 }) : undefined} />
            </button>
            {canEdit ? (
              <>
                <EditTemplateButton template={t} />
                <DeleteTemplateButton template={t} />
                <Button size="sm" onClick={() => setAdding(true)}>
                  <Plus aria-hidden /> Add module
                </Button>
              </>
            ) : null}
          </>
        }
      />
      <RoleNotice need="operator" sees="this template" cannot="add, change or remove its modules" />
      <Tabs value={tab} onValueChange={setTab}>
        <TabsList aria-label="Template views">
          <TabsTrigger value="layers">Layer stack</TabsTrigger>
          <TabsTrigger value="graph">Dependency graph</TabsTrigger>
          <TabsTrigger value="overlay">Overlay: who wins each file</TabsTrigger>
          <TabsTrigger value="instances">Instances and enrollment</TabsTrigger>
        </TabsList>
        {tab === "instances" ? (
          <TabsContent value="instances">
            <TemplateFleet templateId={templateId} templateName={t.name} />
          </TabsContent>
        ) : preview.isError && !p ? (
          <ErrorState error={preview.error} title="Could not compose this template" onRetry={() => void preview.refetch()} />
        ) : !p ? (
          <Skeleton className="h-64 w-full" />
        ) : (
          <>
            <TabsContent value="layers">
              <div className="grid gap-4 xl:grid-cols-[minmax(0,1fr)_24rem]">
                <div className="min-w-0">
                  {p.layers.length === 0 && p.disabled.length === 0 ? (
                    <EmptyState
                      title="No modules yet"
                      description="Add modules from the catalog. Each lands on the layer its category, variety and priority give it; modules they require are pulled in."
                      action={
                        canEdit ? (
                          <Button size="sm" onClick={() => setAdding(true)}>
                            <Plus aria-hidden /> Add module
                          </Button>
                        ) : undefined
                      }
                    />
                  ) : (
                    <LayerStack templateId={templateId} preview={p} assignments={t.assignments} canEdit={canEdit} highlight={highlight} />
                  )}
                </div>
                <IssuesPanel preview={p} canEdit={canEdit} updating={preview.isFetching} onSelectModule={(m) => setHighlight((h) => (h === m ? null : m))} />
              </div>
            </TabsContent>
            <TabsContent value="graph">
              <div className="space-y-4">
                {tab === "graph" ? <DependencyGraph preview={p} /> : null}
                <IssuesPanel preview={p} canEdit={canEdit} updating={preview.isFetching} />
              </div>
            </TabsContent>
            <TabsContent value="overlay">{tab === "overlay" ? <OverlayView templateId={templateId} preview={p} /> : null}</TabsContent>
          </>
        )}
      </Tabs>
      {canEdit ? <AddModuleDialog templateId={templateId} open={adding} onOpenChange={setAdding} /> : null}
    </div>
  );
}

const detailsSchema = z.object({ name: templateNameSchema, description: templateDescriptionSchema });
type DetailsValues = z.input<typeof detailsSchema>;

function EditTemplateButton({ template }: { template: TemplateDetail }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const form = useForm<DetailsValues>({ resolver: zodResolver(detailsSchema), values: { name: template.name, description: template.description } });
  const update = useMutation(
    trpc.templates.update.mutationOptions({
      onSuccess: (t) => {
        toastSuccess("Template saved", t.name);
        void queryClient.invalidateQueries(trpc.templates.pathFilter());
        setOpen(false);
      },
      onError: (error) => {
        showFormError(form, error, "Could not save the template");
      },
    }),
  );
  const { errors } = form.formState;
  return (
    <>
      <Button size="sm" variant="outline" onClick={() => setOpen(true)}>
        <Pencil aria-hidden /> Edit
      </Button>
      <Dialog open={open} onOpenChange={setOpen}>
        <DialogContent>
          <form noValidate className="space-y-3" onSubmit={(event) => void form.handleSubmit((v) => update.mutate({ templateId: template.id, name: v.name, description: v.description }))(event)}>
            <DialogHeader>
              <DialogTitle>Edit template</DialogTitle>
              <DialogDescription>Renaming does not change what nodes run.</DialogDescription>
            </DialogHeader>
            <Field label="Name" error={errors.name?.message} required>
              <Input className="font-mono" autoComplete="off" {...form.register("name")} />
            </Field>
            <Field label="Description" error={errors.description?.message} optional>
              <Textarea rows={3} {...form.register("description")} />
            </Field>
            <FormDialogFooter submitLabel="Save" pending={update.isPending} onCancel={() => setOpen(false)} />
          </form>
        </DialogContent>
      </Dialog>
    </>
  );
}

function DeleteTemplateButton({ template }: { template: TemplateDetail }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const remove = useMutation(trpc.templates.delete.mutationOptions());
  const inUse = template.instanceCount > 0;
  return (
    <ConfirmDialog
      trigger={
        <Button size="sm" variant="ghost" className="text-error" title={inUse ? `Used by ${plural(template.instanceCount, "instance", { thousands: true })}: move them first` : undefined}>
          <Trash2 aria-hidden /> Delete
        </Button>
      }
      title={`Delete ${template.name}?`}
      description={
        inUse
          ? `${plural(template.instanceCount, "instance is", { many: "instances are", thousands: true })} built from this template, so it cannot be deleted. Move them to another template first.`
          : "The template and its assignments are removed. No instance uses it."
      }
      confirmLabel="Delete template"
      variant="destructive"
      reason={inUse ? "none" : "optional"}
      onConfirm={async ({ reason }) => {
        await remove.mutateAsync({ templateId: template.id, reason: reason || undefined });
        toastSuccess(`Deleted ${template.name}`);
        await queryClient.invalidateQueries({ queryKey: trpc.templates.list.queryKey() });
        router.push("/app/system/templates");
      }}
    />
  );
}
