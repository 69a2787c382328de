"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { AlertTriangle, Tags } from "lucide-react";
import Link from "next/link";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { z } from "zod";
import { useMe } from "@/components/settings/use-me";
import { useTRPC } from "@/components/trpc/client";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle, FormDialogFooter } from "@/components/ui/dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { Field } from "@/components/ui/field";
import { showFormError } from "@/components/ui/form-errors";
import { Input } from "@/components/ui/input";
import { ModuleChip } from "@/components/ui/module-chip";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { Textarea } from "@/components/ui/textarea";
import { toastSuccess } from "@/components/ui/toast";
import { hostnameSchema, siteSchema } from "@/server/contracts/instances";
import { plural } from "@/server/domain/plural";
import { labelsToText, parseLabelsText } from "./labels-text";
import type { InstanceDetailDto } from "./types";

// Empty fields clear the value; the server's contract checks the rest again.
const formSchema = z.object({
  hostname: z.union([z.literal(""), hostnameSchema]),
  site: z.union([z.literal(""), siteSchema]),
  labelsText: z.string().max(20_000).superRefine((text, ctx) => {
    const parsed = parseLabelsText(text);
    if (!parsed.ok) ctx.addIssue({ code: "custom", message: parsed.error });
  }),
});
type FormValues = z.input<typeof formSchema>;

/**
 * The node's metadata and what its instance-variety modules get from it (docs/authoring.md, "Instance metadata"):
 * the `${instance.*}` bindings the agent substitutes, and the placeholders a module's manifest uses that this node
 * gives no value.
 */
export function InstanceMetadataSection({ data }: { data: InstanceDetailDto }) {
  const { atLeast } = useMe();
  const [editing, setEditing] = useState(false);
  const unbound = data.instanceModules.filter((m) => m.unboundPlaceholders.length > 0);
  const canEdit = atLeast("operator") && !data.decommissionedAt;
  return (
    <section aria-labelledby="metadata-heading" className="space-y-2">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 id="metadata-heading" className="text-sm font-semibold">
          Metadata
        </h2>
        {canEdit ? (
          <Button size="sm" variant="outline" onClick={() => setEditing(true)}>
            <Tags aria-hidden /> Edit metadata…
          </Button>
        ) : null}
      </div>
      <p className="text-xs text-muted-foreground">
        Instance modules use these as <code className="font-mono">{"${instance.hostname}"}</code>, <code className="font-mono">{"${instance.site}"}</code> and{" "}
        <code className="font-mono">{"${instance.labels.<key>}"}</code> in their files; the agent substitutes them on this node.
      </p>
      <dl className="grid gap-x-6 gap-y-3 rounded-lg border bg-card p-4 text-sm sm:grid-cols-3" aria-label="Instance metadata">
        <div className="min-w-0 space-y-1">
          <dt className="text-xs text-muted-foreground">Hostname</dt>
          <dd className="font-mono text-xs">{data.hostname ?? <span className="font-sans text-muted-foreground">not set</span>}</dd>
        </div>
        <div className="min-w-0 space-y-1">
          <dt className="text-xs text-muted-foreground">Site</dt>
          <dd className="text-xs">{data.site ?? <span className="text-muted-foreground">not set</span>}</dd>
        </div>
        <div className="min-w-0 space-y-1">
          <dt className="text-xs text-muted-foreground">Labels</dt>
          <dd className="flex flex-wrap gap-1">
            {Object.keys(data.labels).length === 0 ? (
              <span className="text-xs text-muted-foreground">none</span>
            ) : (
              Object.entries(data.labels).map(([key, value]) => (
                <Badge key={key} variant="outline" className="font-mono">
                  {key}={value}
                </Badge>
              ))
            )}
          </dd>
        </div>
      </dl>

      {unbound.length > 0 ? (
        <div role="status" className="flex items-start gap-2 rounded-md border px-3 py-2 text-sm severity-warning" data-testid="unbound-placeholders">
          <AlertTriangle aria-hidden className="mt-0.5 size-4 shrink-0" />
          <div>
            <p className="font-medium">{plural(unbound.length, "instance module")} use placeholders this node gives no value</p>
            <ul className="text-xs">
              {unbound.map((m) => (
                <li key={m.name}>
                  <span className="font-mono">{m.name}</span>: {m.unboundPlaceholders.map((p) => `\${${p}}`).join(", ")} — the node gets them as written. Set them with Edit metadata.
                </li>
              ))}
            </ul>
          </div>
        </div>
      ) : null}

      {data.instanceModules.length === 0 ? (
        <EmptyState compact icon={<Tags />} title="No instance modules" description="This node's template delivers no instance-variety module, so nothing uses its metadata yet." />
      ) : (
        <Table aria-label="Bindings of this node's instance modules">
          <TableHeader>
            <TableRow>
              <TableHead>Instance module</TableHead>
              <TableHead>Bindings the agent substitutes</TableHead>
              <TableHead>Without a value</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {data.instanceModules.map((m) => (
              <TableRow key={m.name} data-testid="instance-binding" data-module={m.name}>
                <TableCell>
                  <Link href={`/app/system/modules/${encodeURIComponent(m.name)}`} className="hover:underline">
                    <ModuleChip name={m.name} variant="dot" />
                  </Link>
                  <span className="ml-2 font-mono text-xs text-muted-foreground">{m.version}</span>
                </TableCell>
                <TableCell>
                  <ul className="space-y-0.5 font-mono text-xs">
                    {Object.entries(m.bindings).map(([name, value]) => (
                      <li key={name}>
                        {`\${${name}}`} → {value}
                      </li>
                    ))}
                  </ul>
                </TableCell>
                <TableCell>
                  {m.unboundPlaceholders.length === 0 ? (
                    <span className="text-xs text-muted-foreground">none</span>
                  ) : (
                    <span className="flex flex-wrap gap-1">
                      {m.unboundPlaceholders.map((p) => (
                        <Badge key={p} variant="warning" className="font-mono">
                          {`\${${p}}`}
                        </Badge>
                      ))}
                    </span>
                  )}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      {/* Mounted only while open, so the form starts from the node's current metadata every time. */}
      {canEdit && editing ? <EditMetadataDialog data={data} open onOpenChange={setEditing} /> : null}
    </section>
  );
}

function EditMetadataDialog({ data, open, onOpenChange }: { data: InstanceDetailDto; open: boolean; onOpenChange: (open: boolean) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const defaults: FormValues = { hostname: data.hostname ?? "", site: data.site ?? "", labelsText: labelsToText(data.labels) };
  const form = useForm<FormValues>({ resolver: zodResolver(formSchema), defaultValues: defaults });
  const save = useMutation(
    trpc.instances.updateMetadata.mutationOptions({
      onSuccess: (result) => {
        toastSuccess(result.changed ? "Metadata saved" : "Metadata unchanged", result.changed ? `${data.name} gets the new bindings at its next poll.` : undefined);
        void queryClient.invalidateQueries({ queryKey: trpc.instances.get.queryKey({ instanceId: data.id }) });
        onOpenChange(false);
      },
      onError: (error) => showFormError(form, error, "Could not save the metadata"),
    }),
  );
  const { errors } = form.formState;
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent>
        <form
          noValidate
          className="space-y-3"
          onSubmit={(event) =>
            void form.handleSubmit((values) => {
              const labels = parseLabelsText(values.labelsText);
              if (!labels.ok) return;
              save.mutate({ instanceId: data.id, hostname: values.hostname || null, site: values.site || null, labels: labels.labels });
            })(event)
          }
        >
          <DialogHeader>
            <DialogTitle>Metadata of {data.name}</DialogTitle>
            <DialogDescription>What this node&apos;s instance modules get for their placeholders. Saving is audited; only this node&apos;s desired state changes.</DialogDescription>
          </DialogHeader>
          <Field label="Hostname" description="A DNS name, e.g. edge-1.fra1.example.com. Empty clears it." error={errors.hostname?.message}>
            <Input className="font-mono" autoComplete="off" {...form.register("hostname")} />
          </Field>
          <Field label="Site" description="Where the node is, e.g. fra1. Empty clears it." error={errors.site?.message}>
            <Input autoComplete="off" {...form.register("site")} />
          </Field>
          <Field label="Labels" description="One key=value per line (keys: lowercase letters, digits, . _ -). At most 64." error={errors.labelsText?.message}>
            <Textarea className="font-mono" rows={5} spellCheck={false} {...form.register("labelsText")} />
          </Field>
          <FormDialogFooter submitLabel="Save metadata" pending={save.isPending} onCancel={() => onOpenChange(false)} />
        </form>
      </DialogContent>
    </Dialog>
  );
}
