"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { UserPlus, Users } from "lucide-react";
import { useState } from "react";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import { useTRPC } from "@/components/trpc/client";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle, FormDialogFooter } from "@/components/ui/dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorState } from "@/components/ui/error-state";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { NativeSelect } from "@/components/ui/select";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { TimeAgo } from "@/components/ui/time-ago";
import { showFormError } from "@/components/ui/form-errors";
import { toastError, toastSuccess } from "@/components/ui/toast";
import { ROLES } from "@/server/auth/permissions";
import { plural } from "@/server/domain/plural";
import { addMemberInput } from "@/server/contracts/members";
import { useMe } from "./use-me";

export function Members() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { atLeast } = useMe();
  const isAdmin = atLeast("admin");
  const members = useQuery(trpc.members.list.queryOptions());
  const updateRole = useMutation(
    trpc.members.updateRole.mutationOptions({
      onSuccess: (_data, variables) => {
        toastSuccess("Role changed", `Now ${variables.role}.`);
        void queryClient.invalidateQueries({ queryKey: trpc.members.list.queryKey() });
      },
      onError: (error) => toastError(error, "Could not change the role"),
    }),
  );
  const remove = useMutation(
    trpc.members.remove.mutationOptions({
      onSuccess: (result) => {
        toastSuccess("Member removed", result.revokedTokens > 0 ? `${plural(result.revokedTokens, "API token")} they created revoked.` : "They no longer have access.");
        void queryClient.invalidateQueries({ queryKey: trpc.members.list.queryKey() });
        void queryClient.invalidateQueries({ queryKey: trpc.tokens.list.queryKey() });
      },
    }),
  );
  const [adding, setAdding] = useState(false);

  if (members.isError) return <ErrorState error={members.error} title="Could not load members" onRetry={() => void members.refetch()} />;
  if (members.isPending) return <Skeleton className="mt-4 h-40 w-full" />;
  return (
    <div className="space-y-3 pt-4">
      <div className="flex items-center justify-between">
        <p className="text-sm text-muted-foreground">
          Roles add up: viewer reads, author edits manifests, operator promotes, approver approves live, admin manages settings.
        </p>
        {isAdmin ? (
          <Button size="sm" onClick={() => setAdding(true)}>
            <UserPlus aria-hidden /> Add member
          </Button>
        ) : null}
      </div>
      {members.data.length === 0 ? (
        <EmptyState icon={<Users />} title="No members" description="Add the people who operate this fleet." />
      ) : (
        <Table aria-label="Members">
          <TableHeader>
            <TableRow>
              <TableHead>Name</TableHead>
              <TableHead>Email</TableHead>
              <TableHead className="w-48">Role</TableHead>
              <TableHead className="w-40">Member since</TableHead>
              {isAdmin ? <TableHead className="w-24" /> : null}
            </TableRow>
          </TableHeader>
          <TableBody>
            {members.data.map((member) => (
              <TableRow key={member.id}>
                <TableCell>{member.name}</TableCell>
                <TableCell className="font-mono text-xs">{member.email}</TableCell>
                <TableCell>
                  {isAdmin ? (
                    <NativeSelect
                      aria-label={`Role of ${member.email}`}
                      value={member.role}
                      disabled={updateRole.isPending}
                      onChange={(e) => updateRole.mutate({ membershipId: member.id, role: e.target.value as (typeof ROLES)[number] })}
                    >
                      {ROLES.map((role) => (
                        <option key={role} value={role}>
                          {role}
                        </option>
                      ))}
                    </NativeSelect>
                  ) : (
                    member.role
                  )}
                </TableCell>
                <TableCell>
                  <TimeAgo date={member.since} />
                </TableCell>
                {isAdmin ? (
                  <TableCell>
                    <ConfirmDialog
                      trigger={
                        <Button size="sm" variant="ghost" aria-label={`Remove ${member.email}`}>
                          Remove
                        </Button>
                      }
                      title={`Remove ${member.email}?`}
                      description="They lose access to this account at once: their sessions end and the API tokens they created here are revoked. This is recorded in the audit log."
                      confirmLabel="Remove member"
                      variant="destructive"
                      onConfirm={() => remove.mutateAsync({ membershipId: member.id })}
                    />
                  </TableCell>
                ) : null}
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      <AddMemberDialog open={adding} onOpenChange={setAdding} />
    </div>
  );
}

type AddMemberValues = z.input<typeof addMemberInput>;

function AddMemberDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const form = useForm<AddMemberValues>({ resolver: zodResolver(addMemberInput), defaultValues: { email: "", name: "", role: "viewer", password: "" } });
  const add = useMutation(
    trpc.members.add.mutationOptions({
      onSuccess: (_data, variables) => {
        toastSuccess("Member added", `${variables.email} can now sign in.`);
        void queryClient.invalidateQueries({ queryKey: trpc.members.list.queryKey() });
        form.reset();
        onOpenChange(false);
      },
      onError: (error) => {
        showFormError(form, error, "Could not add the member");
      },
    }),
  );
  const { errors } = form.formState;
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent>
        <form noValidate onSubmit={(event) => void form.handleSubmit((values) => add.mutate(addMemberInput.parse(values)))(event)} className="space-y-3">
          <DialogHeader>
            <DialogTitle>Add member</DialogTitle>
            <DialogDescription>Creates the user if needed and gives them a role in this account.</DialogDescription>
          </DialogHeader>
          <Field label="Email" error={errors.email?.message} required>
            <Input type="email" autoComplete="off" {...form.register("email")} />
          </Field>
          <Field label="Name" error={errors.name?.message} required>
            <Input {...form.register("name")} />
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
          <Field label="Initial password" description="At least 8 characters; share it privately." error={errors.password?.message} required>
            <Input type="password" autoComplete="new-password" {...form.register("password")} />
          </Field>
          <FormDialogFooter submitLabel="Add member" pending={add.isPending} onCancel={() => onOpenChange(false)} />
        </form>
      </DialogContent>
    </Dialog>
  );
}
