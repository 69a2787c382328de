"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { fieldErrorsOf, useTRPC } from "@/components/trpc/client";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle, FormDialogFooter } from "@/components/ui/dialog";
import { ErrorState } from "@/components/ui/error-state";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { toastError, toastSuccess } from "@/components/ui/toast";
import { formatWaveSpecs, parseWaveSpecs, type WaveSpec } from "@/server/domain/rollouts";

interface PolicyValues {
  waves: readonly WaveSpec[];
  soakMinutes: number;
  deadlineMinutes: number;
  successPercent: number;
  autoRollback: boolean;
}

/** The form's text fields; an empty one in a category's form means "the account's value". */
interface Draft {
  waves: string;
  soakMinutes: string;
  deadlineMinutes: string;
  successPercent: string;
  autoRollback: "" | "on" | "off";
}

type DraftErrors = Partial<Record<keyof Draft, string>>;

function draftOf(values: Partial<{ [K in keyof PolicyValues]: PolicyValues[K] | null }>): Draft {
  return {
    waves: values.waves ? formatWaveSpecs(values.waves) : "",
    soakMinutes: values.soakMinutes == null ? "" : String(values.soakMinutes),
    deadlineMinutes: values.deadlineMinutes == null ? "" : String(values.deadlineMinutes),
    successPercent: values.successPercent == null ? "" : String(values.successPercent),
    autoRollback: values.autoRollback == null ? "" : values.autoRollback ? "on" : "off",
  };
}

/** Reads a draft; `inherit` lets empty fields mean null (a category falling back to the account). */
function readDraft(draft: Draft, inherit: boolean) {
  const errors: DraftErrors = {};
  const number = (key: "soakMinutes" | "deadlineMinutes" | "successPercent"): number | null => {
    const text = draft[key].trim();
    if (text === "") {
      if (!inherit) errors[key] = "Required";
      return null;
    }
    const value = Number(text);
    if (!Number.isInteger(value)) errors[key] = "A whole number";
    return value;
  };
  let waves: WaveSpec[] | null = null;
  if (draft.waves.trim() !== "" || !inherit) {
    const parsed = parseWaveSpecs(draft.waves);
    if (parsed.ok) waves = parsed.waves;
    else errors.waves = parsed.error;
  }
  const values = {
    waves,
    soakMinutes: number("soakMinutes"),
    deadlineMinutes: number("deadlineMinutes"),
    successPercent: number("successPercent"),
    autoRollback: draft.autoRollback === "" ? null : draft.autoRollback === "on",
  };
  return { values, errors };
}

function PolicyFields({ draft, onChange, errors, inherit, disabled }: { draft: Draft; onChange: (draft: Draft) => void; errors: DraftErrors; inherit: boolean; disabled: boolean }) {
  const hint = inherit ? "Empty: the account's value." : undefined;
  return (
    <div className="space-y-4">
      <Field label="Waves" error={errors.waves} description={`Cumulative: a count of instances or a share of the fleet, e.g. 1, 10%, 50%, 100%.${hint ? ` ${hint}` : ""}`}>
        <Input value={draft.waves} disabled={disabled} onChange={(event) => onChange({ ...draft, waves: event.target.value })} placeholder={inherit ? "account's waves" : "1, 10%, 50%, 100%"} />
      </Field>
      <div className="grid gap-4 sm:grid-cols-3">
        <Field label="Soak (minutes)" error={errors.soakMinutes} description={hint}>
          <Input type="number" min={0} value={draft.soakMinutes} disabled={disabled} onChange={(event) => onChange({ ...draft, soakMinutes: event.target.value })} />
        </Field>
        <Field label="Deadline (minutes)" error={errors.deadlineMinutes} description={hint}>
          <Input type="number" min={1} value={draft.deadlineMinutes} disabled={disabled} onChange={(event) => onChange({ ...draft, deadlineMinutes: event.target.value })} />
        </Field>
        <Field label="Success (%)" error={errors.successPercent} description={hint}>
          <Input type="number" min={1} max={100} value={draft.successPercent} disabled={disabled} onChange={(event) => onChange({ ...draft, successPercent: event.target.value })} />
        </Field>
      </div>
      {inherit ? (
        <Field label="On a failed wave">
          <select
            className="h-9 w-full rounded-md border border-input bg-background px-2 text-sm"
            value={draft.autoRollback}
            disabled={disabled}
            onChange={(event) => onChange({ ...draft, autoRollback: event.target.value as Draft["autoRollback"] })}
          >
            <option value="">the account's choice</option>
            <option value="on">roll back and mark the version bad</option>
            <option value="off">pause for a person</option>
          </select>
        </Field>
      ) : (
        <label className="flex items-center gap-2 text-sm">
          <input
            type="checkbox"
            className="size-4 accent-current"
            checked={draft.autoRollback === "on"}
            disabled={disabled}
            onChange={(event) => onChange({ ...draft, autoRollback: event.target.checked ? "on" : "off" })}
          />
          On a failed wave, roll every released node back and mark the version bad (otherwise pause for a person)
        </label>
      )}
    </div>
  );
}

function describe(policy: PolicyValues): string {
  return `${formatWaveSpecs(policy.waves)} · soak ${policy.soakMinutes} min · deadline ${policy.deadlineMinutes} min · ${policy.successPercent}% · ${policy.autoRollback ? "auto rollback" : "pause"}`;
}

/**
 * Settings → Approval policy → Rollouts (docs/rollouts.md, Policy): the waves, soak, deadline, success share and
 * auto rollback every live promotion's rollout starts with, and each category's overrides. Admins edit; everyone
 * reads.
 */
export function RolloutPolicySettings({ canEdit }: { canEdit: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const policy = useQuery(trpc.rollouts.policy.queryOptions());
  const categories = useQuery(trpc.rollouts.categoryPolicies.queryOptions());
  const [draft, setDraft] = useState<Draft>(draftOf({}));
  const [errors, setErrors] = useState<DraftErrors>({});
  const [editing, setEditing] = useState<{ categoryId: string; name: string; draft: Draft; errors: DraftErrors } | null>(null);
  useEffect(() => {
    if (policy.data) setDraft(draftOf(policy.data));
  }, [policy.data]);
  const invalidate = () => {
    void queryClient.invalidateQueries({ queryKey: trpc.rollouts.policy.queryKey() });
    void queryClient.invalidateQueries({ queryKey: trpc.rollouts.categoryPolicies.queryKey() });
  };
  const save = useMutation(
    trpc.rollouts.updatePolicy.mutationOptions({
      onSuccess: () => {
        toastSuccess("Rollout policy saved");
        invalidate();
      },
      onError: (error) => {
        const fields = fieldErrorsOf(error);
        if (Object.keys(fields).length > 0) setErrors(fields as DraftErrors);
        else toastError(error, "Could not save the rollout policy");
      },
    }),
  );
  const saveCategory = useMutation(
    trpc.rollouts.updateCategoryPolicy.mutationOptions({
      onSuccess: (result) => {
        toastSuccess(`Rollout policy of ${result.name} saved`);
        setEditing(null);
        invalidate();
      },
      onError: (error) => {
        const fields = fieldErrorsOf(error);
        if (Object.keys(fields).length > 0 && editing) setEditing({ ...editing, errors: fields as DraftErrors });
        else toastError(error, "Could not save the category's rollout policy");
      },
    }),
  );

  if (policy.isError) return <ErrorState error={policy.error} title="Could not load the rollout policy" onRetry={() => void policy.refetch()} />;
  if (policy.isPending) return <Skeleton className="h-40 w-full" />;

  return (
    <section className="space-y-6" aria-labelledby="rollout-policy-heading" data-testid="rollout-policy">
      <form
        noValidate
        className="max-w-xl space-y-4"
        onSubmit={(event) => {
          event.preventDefault();
          const { values, errors: found } = readDraft(draft, false);
          setErrors(found);
          if (Object.keys(found).length > 0 || !values.waves || values.autoRollback === null) return;
          save.mutate({
            waves: values.waves,
            soakMinutes: values.soakMinutes ?? 0,
            deadlineMinutes: values.deadlineMinutes ?? 0,
            successPercent: values.successPercent ?? 0,
            autoRollback: values.autoRollback,
          });
        }}
      >
        <div>
          <h3 id="rollout-policy-heading" className="text-sm font-semibold">
            Rollouts
          </h3>
          <p className="text-sm text-muted-foreground">
            An approved live version reaches the instances that deliver it in waves. Each wave must run the new version healthy for the soak time, within
            the deadline, before the next one starts.
          </p>
        </div>
        <PolicyFields draft={draft} onChange={setDraft} errors={errors} inherit={false} disabled={!canEdit} />
        {canEdit ? (
          <Button type="submit" loading={save.isPending}>
            Save rollout policy
          </Button>
        ) : (
          <p className="text-sm text-muted-foreground">Only admins can change the rollout policy.</p>
        )}
      </form>

      <div className="max-w-4xl space-y-2">
        <h4 className="text-sm font-semibold">Per category</h4>
        {categories.isError ? (
          <ErrorState error={categories.error} title="Could not load the categories' rollout policies" onRetry={() => void categories.refetch()} />
        ) : categories.isPending ? (
          <Skeleton className="h-24 w-full" />
        ) : (
          <Table>
            <TableHeader>
              <TableRow>
                <TableHead>Category</TableHead>
                <TableHead>Rollouts of its modules</TableHead>
                <TableHead className="w-24 text-right">
                  <span className="sr-only">Actions</span>
                </TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {categories.data.map((category) => {
                const overridden = Object.values(category.overrides).some((value) => value !== null);
                return (
                  <TableRow key={category.categoryId}>
                    <TableCell className="align-top">
                      <div className="font-medium">{category.name}</div>
                      {overridden ? <Badge variant="outline">overrides</Badge> : <span className="text-xs text-muted-foreground">account policy</span>}
                    </TableCell>
                    <TableCell className="align-top text-sm">{describe(category.effective)}</TableCell>
                    <TableCell className="text-right align-top">
                      {canEdit ? (
                        <Button
                          size="sm"
                          variant="outline"
                          aria-label={`Edit the rollout policy of ${category.name}`}
                          onClick={() => setEditing({ categoryId: category.categoryId, name: category.name, draft: draftOf(category.overrides), errors: {} })}
                        >
                          Edit
                        </Button>
                      ) : null}
                    </TableCell>
                  </TableRow>
                );
              })}
            </TableBody>
          </Table>
        )}
      </div>

      <Dialog open={editing !== null} onOpenChange={(open) => (open ? undefined : setEditing(null))}>
        <DialogContent className="sm:max-w-xl">
          <DialogHeader>
            <DialogTitle>Rollouts of {editing?.name}</DialogTitle>
            <DialogDescription>Set only what differs from the account&apos;s policy; empty fields follow it.</DialogDescription>
          </DialogHeader>
          {editing ? (
            <form
              id="category-rollout-policy"
              noValidate
              onSubmit={(event) => {
                event.preventDefault();
                const { values, errors: found } = readDraft(editing.draft, true);
                if (Object.keys(found).length > 0) {
                  setEditing({ ...editing, errors: found });
                  return;
                }
                saveCategory.mutate({ categoryId: editing.categoryId, ...values });
              }}
            >
              <PolicyFields draft={editing.draft} onChange={(next) => setEditing({ ...editing, draft: next })} errors={editing.errors} inherit disabled={false} />
            </form>
          ) : null}
          <FormDialogFooter submitLabel="Save" form="category-rollout-policy" pending={saveCategory.isPending} onCancel={() => setEditing(null)} />
        </DialogContent>
      </Dialog>
    </section>
  );
}
