"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { KeyRound, Plus } from "lucide-react";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { z } from "zod";
import { useMe } from "@/components/settings/use-me";
import { useTRPC } from "@/components/trpc/client";
import { Badge, type BadgeVariant } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle, FormDialogFooter } from "@/components/ui/dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorState } from "@/components/ui/error-state";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { SecretDialog } from "@/components/ui/secret-dialog";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { TimeAgo } from "@/components/ui/time-ago";
import { showFormError } from "@/components/ui/form-errors";
import { toastSuccess } from "@/components/ui/toast";
import { ENROLLMENT_LIMITS } from "@/server/contracts/instances";
import { groupThousands } from "@/server/domain/plural";
import type { EnrollmentTokenDto } from "./types";

const STATE: Record<EnrollmentTokenDto["state"], { label: string; variant: BadgeVariant }> = {
  active: { label: "active", variant: "neutral" },
  used_up: { label: "used up", variant: "outline" },
  expired: { label: "expired", variant: "outline" },
  revoked: { label: "revoked", variant: "outline" },
};

/** A template's enrollment tokens (docs/fleet.md, Enrollment): list for everyone; create and revoke for operators. */
export function EnrollmentTokens({ templateId, templateName }: { templateId: string; templateName: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { atLeast } = useMe();
  const canManage = atLeast("operator");
  const tokens = useQuery(trpc.instances.enrollmentTokens.queryOptions({ templateId }));
  const [creating, setCreating] = useState(false);
  const [secret, setSecret] = useState<string | null>(null);
  const revoke = useMutation(
    trpc.instances.revokeEnrollmentToken.mutationOptions({
      onSuccess: () => void queryClient.invalidateQueries({ queryKey: trpc.instances.enrollmentTokens.queryKey({ templateId }) }),
    }),
  );

  return (
    <section aria-labelledby="enrollment-heading" className="space-y-2">
      <div className="flex flex-wrap items-end justify-between gap-2">
        <div>
          <h2 id="enrollment-heading" className="text-sm font-semibold">
            Enrollment tokens
          </h2>
          <p className="text-xs text-muted-foreground">
            A machine&apos;s agent exchanges one at <code className="font-mono">POST /api/v1/agent/enroll</code> for its own agent token and joins this template.
          </p>
        </div>
        {canManage ? (
          <Button size="sm" variant="outline" onClick={() => setCreating(true)}>
            <Plus aria-hidden /> New enrollment token
          </Button>
        ) : null}
      </div>
      {tokens.isError ? (
        <ErrorState compact title="Could not load enrollment tokens" error={tokens.error} onRetry={() => void tokens.refetch()} retrying={tokens.isFetching} />
      ) : tokens.isPending ? (
        <Skeleton className="h-24 w-full" aria-label="Loading enrollment tokens" />
      ) : tokens.data.length === 0 ? (
        <EmptyState
          compact
          icon={<KeyRound />}
          title="No enrollment tokens"
          description={canManage ? "Create one to let a batch of machines enroll themselves into this template." : "An operator can create one to let machines enroll into this template."}
        />
      ) : (
        <Table aria-label="Enrollment tokens">
          <TableHeader>
            <TableRow>
              <TableHead>Token</TableHead>
              <TableHead align="right">Uses left</TableHead>
              <TableHead>Expires</TableHead>
              <TableHead>Status</TableHead>
              <TableHead>Created</TableHead>
              <TableHead className="w-24">
                <span className="sr-only">Actions</span>
              </TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {tokens.data.map((token) => (
              <TableRow key={token.id} data-testid="enrollment-token" className={token.state === "active" ? undefined : "text-muted-foreground"}>
                <TableCell className="font-mono text-xs">{token.prefix}…</TableCell>
                <TableCell align="right" className="tabular-nums">
                  {groupThousands(token.usesLeft)} <span className="text-muted-foreground">of {groupThousands(token.maxUses)}</span>
                </TableCell>
                <TableCell>
                  <TimeAgo date={token.expiresAt} />
                </TableCell>
                <TableCell>
                  <Badge variant={STATE[token.state].variant}>{STATE[token.state].label}</Badge>
                </TableCell>
                <TableCell>
                  <TimeAgo date={token.createdAt} />
                  {token.createdBy ? <span className="text-xs text-muted-foreground"> by {token.createdBy}</span> : null}
                </TableCell>
                <TableCell>
                  {canManage && token.state !== "revoked" ? (
                    <ConfirmDialog
                      trigger={
                        <Button size="sm" variant="ghost" aria-label={`Revoke enrollment token ${token.prefix}`}>
                          Revoke
                        </Button>
                      }
                      title={`Revoke enrollment token ${token.prefix}…?`}
                      description="No more machines can enroll with it. Nodes that already enrolled keep their own agent tokens."
                      variant="destructive"
                      confirmLabel="Revoke token"
                      onConfirm={async () => {
                        await revoke.mutateAsync({ tokenId: token.id });
                        toastSuccess("Enrollment token revoked", `${token.prefix}… can no longer enroll machines into ${templateName}.`);
                      }}
                    />
                  ) : null}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      {canManage ? (
        <CreateEnrollmentTokenDialog
          templateId={templateId}
          templateName={templateName}
          open={creating}
          onOpenChange={setCreating}
          onCreated={(value) => {
            setCreating(false);
            setSecret(value);
          }}
        />
      ) : null}
      <SecretDialog
        secret={secret}
        onClose={() => setSecret(null)}
        title={`Enrollment token for ${templateName}`}
        description="This is the only time the token is shown. Give it to the machines' agents (or the fleet simulator's --enroll-token) now."
        label="Enrollment token"
      />
    </section>
  );
}

const formSchema = z.object({
  expiresInHours: z.number({ error: "A number of hours" }).int("Whole hours").min(1, "At least 1 hour").max(ENROLLMENT_LIMITS.maxHours, `At most ${ENROLLMENT_LIMITS.maxHours} hours`),
  maxUses: z.number({ error: "A number of uses" }).int("A whole number").min(1, "At least 1").max(ENROLLMENT_LIMITS.maxUses, `At most ${groupThousands(ENROLLMENT_LIMITS.maxUses)}`),
});
type FormValues = z.input<typeof formSchema>;

function CreateEnrollmentTokenDialog({
  templateId,
  templateName,
  open,
  onOpenChange,
  onCreated,
}: {
  templateId: string;
  templateName: string;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  onCreated: (secret: string) => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const form = useForm<FormValues>({ resolver: zodResolver(formSchema), defaultValues: { expiresInHours: 24, maxUses: 1 } });
  const create = useMutation(
    trpc.instances.createEnrollmentToken.mutationOptions({
      onSuccess: (result) => {
        toastSuccess("Enrollment token created", `${result.prefix}… for ${templateName}: copy it now.`);
        void queryClient.invalidateQueries({ queryKey: trpc.instances.enrollmentTokens.queryKey({ templateId }) });
        form.reset();
        onCreated(result.token);
      },
      onError: (error) => {
        showFormError(form, error, "Could not create the enrollment token");
      },
    }),
  );
  const { errors } = form.formState;
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent>
        <form noValidate className="space-y-3" onSubmit={(event) => void form.handleSubmit((values) => create.mutate({ templateId, ...values }))(event)}>
          <DialogHeader>
            <DialogTitle>New enrollment token</DialogTitle>
            <DialogDescription>Machines that enroll with it join {templateName}. Each enrollment uses it once.</DialogDescription>
          </DialogHeader>
          <Field label="Expires in (hours)" description={`1 to ${ENROLLMENT_LIMITS.maxHours} (30 days).`} error={errors.expiresInHours?.message} required>
            <Input type="number" inputMode="numeric" min={1} max={ENROLLMENT_LIMITS.maxHours} {...form.register("expiresInHours", { valueAsNumber: true })} />
          </Field>
          <Field label="Maximum uses" description={`How many machines may enroll with it, 1 to ${groupThousands(ENROLLMENT_LIMITS.maxUses)}.`} error={errors.maxUses?.message} required>
            <Input type="number" inputMode="numeric" min={1} max={ENROLLMENT_LIMITS.maxUses} {...form.register("maxUses", { valueAsNumber: true })} />
          </Field>
          <FormDialogFooter submitLabel="Create token" pending={create.isPending} onCancel={() => onOpenChange(false)} />
        </form>
      </DialogContent>
    </Dialog>
  );
}
