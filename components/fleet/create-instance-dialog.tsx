"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { z } from "zod";
import { useTRPC } from "@/components/trpc/client";
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle, FormDialogFooter } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { SecretDialog } from "@/components/ui/secret-dialog";
import { NativeSelect } from "@/components/ui/select";
import { showFormError } from "@/components/ui/form-errors";
import { toastSuccess } from "@/components/ui/toast";
import { ARCHES, instanceNameSchema } from "@/server/contracts/instances";

const formSchema = z.object({
  name: instanceNameSchema,
  templateId: z.string(),
  arch: z.enum(ARCHES),
});
type FormValues = z.input<typeof formSchema>;

/**
 * Register one node (docs/fleet.md, Enrollment): name, template, arch. The agent token is shown once, then the
 * page moves to the new instance.
 */
export function CreateInstanceDialog({
  open,
  onOpenChange,
  templates,
  defaultTemplateId,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  templates: readonly { id: string; name: string }[];
  defaultTemplateId?: string | undefined;
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [created, setCreated] = useState<{ id: string; name: string; token: string } | null>(null);
  const form = useForm<FormValues>({ resolver: zodResolver(formSchema), defaultValues: { name: "", templateId: defaultTemplateId ?? "", arch: "amd64" } });
  const create = useMutation(
    trpc.instances.create.mutationOptions({
      onSuccess: (instance) => {
        toastSuccess("Instance registered", `${instance.name}: copy its agent token now.`);
        void queryClient.invalidateQueries({ queryKey: trpc.instances.list.pathKey() });
        void queryClient.invalidateQueries({ queryKey: trpc.instances.countsByTemplate.queryKey() });
        form.reset();
        onOpenChange(false);
        setCreated({ id: instance.id, name: instance.name, token: instance.agentToken });
      },
      onError: (error) => {
        showFormError(form, error, "Could not register the instance");
      },
    }),
  );
  const { errors } = form.formState;
  return (
    <>
      <Dialog open={open} onOpenChange={onOpenChange}>
        <DialogContent>
          <form
            noValidate
            className="space-y-3"
            onSubmit={(event) => void form.handleSubmit((values) => create.mutate({ name: values.name, templateId: values.templateId || null, arch: values.arch }))(event)}
          >
            <DialogHeader>
              <DialogTitle>New instance</DialogTitle>
              <DialogDescription>Registers one node and issues its agent token. For many machines, use an enrollment token on the template&apos;s page.</DialogDescription>
            </DialogHeader>
            <Field label="Name" description="Lowercase letters, digits, dots and dashes, e.g. edge-fra-01." error={errors.name?.message} required>
              <Input className="font-mono" autoComplete="off" autoFocus {...form.register("name")} />
            </Field>
            <Field label="Template" description="What the node runs. Without one it gets an empty desired state." error={errors.templateId?.message}>
              <NativeSelect {...form.register("templateId")}>
                <option value="">No template</option>
                {templates.map((t) => (
                  <option key={t.id} value={t.id}>
                    {t.name}
                  </option>
                ))}
              </NativeSelect>
            </Field>
            <Field label="Architecture" error={errors.arch?.message} required>
              <NativeSelect {...form.register("arch")}>
                {ARCHES.map((arch) => (
                  <option key={arch} value={arch}>
                    {arch}
                  </option>
                ))}
              </NativeSelect>
            </Field>
            <FormDialogFooter submitLabel="Register instance" pending={create.isPending} onCancel={() => onOpenChange(false)} />
          </form>
        </DialogContent>
      </Dialog>
      <SecretDialog
        secret={created?.token ?? null}
        onClose={() => {
          const id = created?.id;
          setCreated(null);
          if (id) router.push(`/app/system/instances/${id}`);
        }}
        title={`Agent token for ${created?.name ?? "the instance"}`}
        description="This is the only time the token is shown. Put it in the node agent's configuration now; it can be rotated later from the instance page."
        label="Agent token"
      >
        <p className="text-xs text-muted-foreground">
          The agent sends it as <code className="font-mono">Authorization: Bearer sna_…</code> to <code className="font-mono">/api/v1/agent/*</code> only.
        </p>
      </SecretDialog>
    </>
  );
}
