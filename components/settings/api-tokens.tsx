"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { KeyRound, Plus } from "lucide-react";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { z } from "zod";
import { useTRPC } from "@/components/trpc/client";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle, FormDialogFooter } from "@/components/ui/dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorState } from "@/components/ui/error-state";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { NativeSelect } from "@/components/ui/select";
import { Skeleton } from "@/components/ui/skeleton";
import { SecretDialog } from "@/components/ui/secret-dialog";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { TimeAgo } from "@/components/ui/time-ago";
import { showFormError } from "@/components/ui/form-errors";
import { toastSuccess } from "@/components/ui/toast";
import { ROLES } from "@/server/auth/permissions";
import { createTokenInput } from "@/server/contracts/tokens";
import { plural } from "@/server/domain/plural";
import { useMe } from "./use-me";

export function ApiTokens() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { atLeast } = useMe();
  const isAdmin = atLeast("admin");
  const tokens = useQuery(trpc.tokens.list.queryOptions(undefined, { enabled: isAdmin }));
  const revoke = useMutation(
    trpc.tokens.revoke.mutationOptions({
      onSuccess: (token) => {
        toastSuccess("Token revoked", `${token.name} no longer works.`);
        void queryClient.invalidateQueries({ queryKey: trpc.tokens.list.queryKey() });
      },
    }),
  );
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<{ name: string; secret: string } | null>(null);

  if (!isAdmin) {
    return <EmptyState icon={<KeyRound />} title="Admins manage API tokens" description="Ask an admin of this account for a token for CI or scripts." className="mt-4" />;
  }
  if (tokens.isError) return <ErrorState error={tokens.error} title="Could not load API tokens" onRetry={() => void tokens.refetch()} />;
  if (tokens.isPending) return <Skeleton className="mt-4 h-40 w-full" />;
  return (
    <div className="space-y-3 pt-4">
      <div className="flex items-center justify-between">
        <p className="text-sm text-muted-foreground">
          Tokens authenticate CI, node agents, scripts and AI assistants: <code className="font-mono">Authorization: Bearer stk_…</code>. Shown once, stored hashed.
        </p>
        <Button size="sm" onClick={() => setCreating(true)}>
          <Plus aria-hidden /> New token
        </Button>
      </div>
      {tokens.data.length === 0 ? (
        <EmptyState icon={<KeyRound />} title="No API tokens" description="Create one for your CI pipeline to push module versions." />
      ) : (
        <Table aria-label="API tokens">
          <TableHeader>
            <TableRow>
              <TableHead>Name</TableHead>
              <TableHead>Token</TableHead>
              <TableHead>Role</TableHead>
              <TableHead>Created</TableHead>
              <TableHead>Last used</TableHead>
              <TableHead>Expires</TableHead>
              <TableHead className="w-24">
                <span className="sr-only">Actions</span>
              </TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {tokens.data.map((token) => (
              <TableRow key={token.id} className={token.revokedAt ? "text-muted-foreground" : undefined}>
                <TableCell>{token.name}</TableCell>
                <TableCell className="font-mono text-xs">{token.prefix}…</TableCell>
                <TableCell>
                  {token.role}
                  {token.scopes.length ? <span className="text-muted-foreground"> ({plural(token.scopes.length, "scope")})</span> : null}
                </TableCell>
                <TableCell>
                  <TimeAgo date={token.createdAt} />
                  {token.createdBy ? <span className="text-muted-foreground"> by {token.createdBy.email}</span> : null}
                </TableCell>
                <TableCell>{token.lastUsedAt ? <TimeAgo date={token.lastUsedAt} /> : <span className="text-muted-foreground">never</span>}</TableCell>
                <TableCell>{token.expiresAt ? <TimeAgo date={token.expiresAt} /> : <span className="text-muted-foreground">never</span>}</TableCell>
                <TableCell>
                  {token.revokedAt ? (
                    <Badge variant="neutral">revoked</Badge>
                  ) : (
                    <ConfirmDialog
                      trigger={
                        <Button size="sm" variant="ghost">
                          Revoke
                        </Button>
                      }
                      title={`Revoke ${token.name}?`}
                      description="Anything using this token stops working immediately. This cannot be undone."
                      confirmLabel="Revoke token"
                      variant="destructive"
                      onConfirm={() => revoke.mutateAsync({ id: token.id })}
                    />
                  )}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      <CreateTokenDialog
        open={creating}
        onOpenChange={setCreating}
        onCreated={(value) => {
          setCreating(false);
          setCreated(value);
        }}
      />
      <SecretDialog
        secret={created?.secret ?? null}
        onClose={() => setCreated(null)}
        title="Copy your new token"
        description={`This is the only time ${created?.name ?? "the token"} is shown. Store it in your CI secrets now.`}
        label="New API token"
      />
    </div>
  );
}

const formSchema = createTokenInput.pick({ name: true, role: true }).extend({
  expiresInDays: z.enum(["30", "90", "365", "never"]),
});
type FormValues = z.input<typeof formSchema>;

function CreateTokenDialog({ open, onOpenChange, onCreated }: { open: boolean; onOpenChange: (open: boolean) => void; onCreated: (value: { name: string; secret: string }) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const form = useForm<FormValues>({ resolver: zodResolver(formSchema), defaultValues: { name: "", role: "author", expiresInDays: "90" } });
  const create = useMutation(
    trpc.tokens.create.mutationOptions({
      onSuccess: (result) => {
        toastSuccess("Token created", `${result.token.name} (${result.token.role}).`);
        void queryClient.invalidateQueries({ queryKey: trpc.tokens.list.queryKey() });
        form.reset();
        onCreated({ name: result.token.name, secret: result.secret });
      },
      onError: (error) => {
        showFormError(form, error, "Could not create the token");
      },
    }),
  );
  const { errors } = form.formState;
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent>
        <form
          noValidate
          className="space-y-3"
          onSubmit={(event) => void form.handleSubmit((values) =>
            create.mutate({
              name: values.name,
              role: values.role,
              scopes: [],
              expiresInDays: values.expiresInDays === "never" ? null : Number(values.expiresInDays),
            }),
          )(event)}
        >
          <DialogHeader>
            <DialogTitle>New API token</DialogTitle>
            <DialogDescription>A token acts with the role you give it, never more than your own.</DialogDescription>
          </DialogHeader>
          <Field label="Name" description="What uses it, e.g. “forgejo release pipeline”." error={errors.name?.message} required>
            <Input autoComplete="off" {...form.register("name")} />
          </Field>
          <Field label="Role" error={errors.role?.message} required>
            <NativeSelect {...form.register("role")}>
              {ROLES.map((role) => (
                <option key={role} value={role}>
                  {role}
                </option>
              ))}
            </NativeSelect>
          </Field>
          <Field label="Expires" error={errors.expiresInDays?.message}>
            <NativeSelect {...form.register("expiresInDays")}>
              <option value="30">in 30 days</option>
              <option value="90">in 90 days</option>
              <option value="365">in a year</option>
              <option value="never">never</option>
            </NativeSelect>
          </Field>
          <FormDialogFooter submitLabel="Create token" pending={create.isPending} onCancel={() => onOpenChange(false)} />
        </form>
      </DialogContent>
    </Dialog>
  );
}
