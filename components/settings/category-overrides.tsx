"use client";

import * as React from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { fieldErrorsOf, useTRPC } from "@/components/trpc/client";
import { Button } from "@/components/ui/button";
import { ErrorState } from "@/components/ui/error-state";
import { Input } from "@/components/ui/input";
import { NativeSelect } from "@/components/ui/select";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { toastError, toastSuccess } from "@/components/ui/toast";

interface Category {
  id: string;
  slug: string;
  name: string;
  requireApprovalOverride: boolean | null;
  requiredApprovalsOverride: number | null;
}

/**
 * Per-category overrides of the approval rule: a category may require approval where the account does not (or
 * the reverse) and may ask for more (or fewer) approvals. Empty means "as the account". Freeze windows always
 * apply account-wide.
 */
export function CategoryOverrides({ canEdit, account }: { canEdit: boolean; account: { requireApproval: boolean; requiredApprovals: number } | undefined }) {
  const trpc = useTRPC();
  const categories = useQuery(trpc.policy.categoryOverrides.queryOptions());
  return (
    <section aria-labelledby="category-overrides-heading" className="space-y-3">
      <div>
        <h2 id="category-overrides-heading" className="text-sm font-semibold">
          Per-category overrides
        </h2>
        <p className="text-sm text-muted-foreground">
          Modules of a category follow the account policy unless the category overrides it, e.g. two approvals for security-hardening. A pending request keeps the count it was created with.
        </p>
      </div>
      {categories.isError ? (
        <ErrorState compact title="Could not load the categories" error={categories.error} onRetry={() => void categories.refetch()} />
      ) : categories.isPending ? (
        <Skeleton className="h-40 w-full" />
      ) : (
        <Table aria-label="Per-category approval overrides">
          <TableHeader>
            <TableRow>
              <TableHead>Category</TableHead>
              <TableHead className="w-56">Approval</TableHead>
              <TableHead className="w-40">Approvals required</TableHead>
              {canEdit ? (
                <TableHead className="w-24">
                  <span className="sr-only">Save</span>
                </TableHead>
              ) : null}
            </TableRow>
          </TableHeader>
          <TableBody>
            {categories.data.map((c) => (
              <OverrideRow key={c.id} category={c} canEdit={canEdit} account={account} />
            ))}
          </TableBody>
        </Table>
      )}
    </section>
  );
}

function OverrideRow({ category, canEdit, account }: { category: Category; canEdit: boolean; account: { requireApproval: boolean; requiredApprovals: number } | undefined }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [require, setRequire] = React.useState(category.requireApprovalOverride === null ? "inherit" : category.requireApprovalOverride ? "yes" : "no");
  const [count, setCount] = React.useState(category.requiredApprovalsOverride === null ? "" : String(category.requiredApprovalsOverride));
  const [error, setError] = React.useState<string | null>(null);
  const save = useMutation(
    trpc.policy.updateCategoryOverride.mutationOptions({
      onSuccess: () => {
        setError(null);
        toastSuccess(`Saved the override for ${category.name}`);
        void queryClient.invalidateQueries({ queryKey: trpc.policy.categoryOverrides.queryKey() });
        void queryClient.invalidateQueries({ queryKey: trpc.promotion.pipeline.pathKey() });
      },
      onError: (e) => {
        const fields = fieldErrorsOf(e);
        const message = fields.requiredApprovalsOverride ?? fields.requireApprovalOverride;
        if (message) setError(message);
        else toastError(e, `Could not save the override for ${category.name}`);
      },
    }),
  );
  const dirty =
    require !== (category.requireApprovalOverride === null ? "inherit" : category.requireApprovalOverride ? "yes" : "no") ||
    count !== (category.requiredApprovalsOverride === null ? "" : String(category.requiredApprovalsOverride));
  const inheritLabel = account ? `As the account (${account.requireApproval ? "required" : "not required"})` : "As the account";
  const countId = `approvals-${category.slug}`;
  return (
    <TableRow data-testid="category-override" data-category={category.slug}>
      <TableCell>
        {category.name} <span className="font-mono text-xs text-muted-foreground">{category.slug}</span>
      </TableCell>
      <TableCell>
        <NativeSelect size="sm" aria-label={`Approval for ${category.name}`} value={require} disabled={!canEdit} onChange={(e) => setRequire(e.target.value)}>
          <option value="inherit">{inheritLabel}</option>
          <option value="yes">Required</option>
          <option value="no">Not required</option>
        </NativeSelect>
      </TableCell>
      <TableCell>
        <Input
          id={countId}
          type="number"
          min={1}
          max={10}
          className="h-7"
          aria-label={`Approvals required for ${category.name}`}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${countId}-error` : undefined}
          placeholder={account ? `${account.requiredApprovals} (account)` : "account"}
          value={count}
          disabled={!canEdit}
          onChange={(e) => setCount(e.target.value)}
        />
        {error ? (
          <p id={`${countId}-error`} className="mt-1 text-xs text-error">
            {error}
          </p>
        ) : null}
      </TableCell>
      {canEdit ? (
        <TableCell>
          <Button
            size="sm"
            variant="outline"
            disabled={!dirty}
            loading={save.isPending}
            onClick={() =>
              save.mutate({
                categoryId: category.id,
                requireApprovalOverride: require === "inherit" ? null : require === "yes",
                requiredApprovalsOverride: count.trim() === "" ? null : Number(count),
              })
            }
          >
            Save
          </Button>
        </TableCell>
      ) : null}
    </TableRow>
  );
}
