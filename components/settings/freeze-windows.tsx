"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Snowflake } from "lucide-react";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import { useTRPC } from "@/components/trpc/client";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { Field } from "@/components/ui/field";
import { formatAbsoluteTime } from "@/components/ui/format";
import { Input } from "@/components/ui/input";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { showFormError } from "@/components/ui/form-errors";
import { toastSuccess } from "@/components/ui/toast";
import { createFreezeWindowInput } from "@/server/contracts/promotion";

type FormValues = z.input<typeof createFreezeWindowInput>;

/** `datetime-local` wants local time without a zone: "2026-11-25T22:00". */
function toLocalInput(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/**
 * Freeze windows: while one is active nobody can request a version for live, and pending requests cannot be
 * approved (an admin may override with a reason). Admins add, end early and delete them.
 */
export function FreezeWindows({ canEdit }: { canEdit: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const policy = useQuery(trpc.policy.get.queryOptions());
  const invalidate = () => {
    void queryClient.invalidateQueries({ queryKey: trpc.policy.get.queryKey() });
    void queryClient.invalidateQueries({ queryKey: trpc.promotion.pipeline.pathKey() });
  };
  const now = new Date();
  const form = useForm<FormValues>({
    resolver: zodResolver(createFreezeWindowInput),
    defaultValues: { startsAt: toLocalInput(now), endsAt: toLocalInput(new Date(now.getTime() + 24 * 3_600_000)), reason: "" },
  });
  const create = useMutation(
    trpc.policy.createFreezeWindow.mutationOptions({
      onSuccess: (window) => {
        toastSuccess("Freeze window added", `${window.reason}: until ${formatAbsoluteTime(window.endsAt)}`);
        form.reset({ startsAt: toLocalInput(new Date()), endsAt: toLocalInput(new Date(Date.now() + 24 * 3_600_000)), reason: "" });
        invalidate();
      },
      onError: (error) => {
        showFormError(form, error, "Could not add the freeze window");
      },
    }),
  );
  const update = useMutation(trpc.policy.updateFreezeWindow.mutationOptions({ onSettled: invalidate }));
  const remove = useMutation(trpc.policy.deleteFreezeWindow.mutationOptions({ onSettled: invalidate }));
  const windows = policy.data?.freezeWindows ?? [];
  const { errors } = form.formState;

  return (
    <section aria-labelledby="freeze-heading" className="space-y-3">
      <div>
        <h2 id="freeze-heading" className="text-sm font-semibold">
          Freeze windows
        </h2>
        <p className="text-sm text-muted-foreground">
          While a window is active, no version can be requested for live and pending requests cannot be approved. An admin can override a freeze with a reason, which is audited.
        </p>
      </div>
      {windows.length === 0 ? (
        <EmptyState compact icon={<Snowflake />} title="No current or upcoming freeze" description={canEdit ? "Add a window below, e.g. for a release freeze or a holiday." : undefined} />
      ) : (
        <Table aria-label="Freeze windows">
          <TableHeader>
            <TableRow>
              <TableHead>Reason</TableHead>
              <TableHead>Starts</TableHead>
              <TableHead>Ends</TableHead>
              <TableHead className="w-24">Status</TableHead>
              {canEdit ? (
                <TableHead className="w-48">
                  <span className="sr-only">Actions</span>
                </TableHead>
              ) : null}
            </TableRow>
          </TableHeader>
          <TableBody>
            {windows.map((w) => {
              const active = w.startsAt.getTime() <= Date.now() && Date.now() < w.endsAt.getTime();
              return (
                <TableRow key={w.id} data-testid="freeze-window">
                  <TableCell>{w.reason}</TableCell>
                  <TableCell className="text-xs">{formatAbsoluteTime(w.startsAt)}</TableCell>
                  <TableCell className="text-xs">{formatAbsoluteTime(w.endsAt)}</TableCell>
                  <TableCell>{active ? <Badge variant="warning">active</Badge> : <Badge variant="outline">upcoming</Badge>}</TableCell>
                  {canEdit ? (
                    <TableCell className="space-x-1 text-right">
                      {active ? (
                        <ConfirmDialog
                          trigger={<Button size="sm" variant="outline">End now</Button>}
                          title="End this freeze now?"
                          description={`“${w.reason}” stops blocking live promotions immediately.`}
                          confirmLabel="End freeze"
                          onConfirm={async () => {
                            await update.mutateAsync({ id: w.id, startsAt: w.startsAt, endsAt: new Date(), reason: w.reason });
                            toastSuccess("Freeze ended");
                          }}
                        />
                      ) : null}
                      <ConfirmDialog
                        trigger={<Button size="sm" variant="ghost">Delete</Button>}
                        title="Delete this freeze window?"
                        description={`“${w.reason}”, ${formatAbsoluteTime(w.startsAt)} – ${formatAbsoluteTime(w.endsAt)}.`}
                        variant="destructive"
                        confirmLabel="Delete"
                        onConfirm={async () => {
                          await remove.mutateAsync({ id: w.id });
                          toastSuccess("Freeze window deleted");
                        }}
                      />
                    </TableCell>
                  ) : null}
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      )}
      {canEdit ? (
        <form
          noValidate
          aria-label="Add a freeze window"
          className="grid items-end gap-3 sm:grid-cols-[13.5rem_13.5rem_1fr_auto]"
          onSubmit={(event) => void form.handleSubmit((values) => create.mutate(createFreezeWindowInput.parse(values)))(event)}
        >
          <Field label="Starts" error={errors.startsAt?.message}>
            <Input type="datetime-local" {...form.register("startsAt")} />
          </Field>
          <Field label="Ends" error={errors.endsAt?.message}>
            <Input type="datetime-local" {...form.register("endsAt")} />
          </Field>
          <Field label="Reason" error={errors.reason?.message}>
            <Input placeholder="Black Friday code freeze" {...form.register("reason")} />
          </Field>
          <Button type="submit" loading={create.isPending}>
            Add freeze
          </Button>
        </form>
      ) : null}
    </section>
  );
}
