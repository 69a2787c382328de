"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import { useTRPC } from "@/components/trpc/client";
import { Button } from "@/components/ui/button";
import { ErrorState } from "@/components/ui/error-state";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Skeleton } from "@/components/ui/skeleton";
import { showFormError } from "@/components/ui/form-errors";
import { toastSuccess } from "@/components/ui/toast";
import { updatePolicyInput } from "@/server/contracts/policy";
import { CategoryOverrides } from "./category-overrides";
import { FreezeWindows } from "./freeze-windows";
import { RolloutPolicySettings } from "./rollout-policy";
import { useMe } from "./use-me";

type FormValues = z.input<typeof updatePolicyInput>;

export function PolicySettings() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { atLeast } = useMe();
  const canEdit = atLeast("admin");
  const policy = useQuery(trpc.policy.get.queryOptions());
  const form = useForm<FormValues>({ resolver: zodResolver(updatePolicyInput) });
  useEffect(() => {
    if (policy.data) form.reset(policy.data);
  }, [policy.data, form]);
  const update = useMutation(
    trpc.policy.update.mutationOptions({
      onSuccess: () => {
        toastSuccess("Approval policy saved");
        void queryClient.invalidateQueries({ queryKey: trpc.policy.get.queryKey() });
      },
      onError: (error) => {
        showFormError(form, error, "Could not save the policy");
      },
    }),
  );
  if (policy.isError) return <ErrorState error={policy.error} title="Could not load the policy" onRetry={() => void policy.refetch()} />;
  if (policy.isPending) return <Skeleton className="mt-4 h-40 w-full" />;
  const { errors } = form.formState;
  return (
    <div className="space-y-8 pt-4">
      <form noValidate className="max-w-xl space-y-4" onSubmit={(event) => void form.handleSubmit((values) => update.mutate(updatePolicyInput.parse(values)))(event)}>
        <p className="text-sm text-muted-foreground">
          Every blessed → live promotion is a request. With approval required, it goes live when enough approvers other than the requester approve it.
        </p>
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" className="size-4 accent-current" disabled={!canEdit} {...form.register("requireApproval")} />
          Require approval for live promotions
        </label>
        <div className="grid gap-4 sm:grid-cols-3">
          <Field label="Approvals required" error={errors.requiredApprovals?.message}>
            <Input type="number" min={1} max={10} disabled={!canEdit} {...form.register("requiredApprovals")} />
          </Field>
          <Field label="Requests expire after (hours)" error={errors.requestTtlHours?.message}>
            <Input type="number" min={1} disabled={!canEdit} {...form.register("requestTtlHours")} />
          </Field>
          <Field label="Staging is stale after (hours)" error={errors.stagingStaleHours?.message}>
            <Input type="number" min={1} disabled={!canEdit} {...form.register("stagingStaleHours")} />
          </Field>
          <Field
            label="Keep audit events hot for (days)"
            description="Older events move to the audit archive, never deleted. Empty: keep every event in the log."
            error={errors.auditHotDays?.message}
          >
            <Input type="number" min={7} placeholder="forever" disabled={!canEdit} {...form.register("auditHotDays")} />
          </Field>
        </div>
        <label className="flex items-start gap-2 text-sm">
          <input type="checkbox" className="mt-0.5 size-4 accent-current" disabled={!canEdit} {...form.register("blessRequiresEvidence")} />
          <span>
            Require the ready-to-bless evidence before blessing
            <span className="block text-xs text-muted-foreground">
              Staging → blessed needs at least 3 healthy instances running the version for at least 30 minutes; an operator may still bless
              earlier with an override reason, which the audit log records.
            </span>
          </span>
        </label>
        {canEdit ? (
          <Button type="submit" loading={update.isPending} disabled={!form.formState.isDirty}>
            Save policy
          </Button>
        ) : (
          <p className="text-sm text-muted-foreground">Only admins can change the approval policy.</p>
        )}
      </form>
      <div className="max-w-4xl">
        <CategoryOverrides canEdit={canEdit} account={policy.data} />
      </div>
      <div className="max-w-4xl">
        <FreezeWindows canEdit={canEdit} />
      </div>
      <RolloutPolicySettings canEdit={canEdit} />
    </div>
  );
}
