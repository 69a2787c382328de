"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import { useTRPC } from "@/components/trpc/client";
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle, FormDialogFooter } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { showFormError } from "@/components/ui/form-errors";
import { Input } from "@/components/ui/input";
import { Textarea } from "@/components/ui/textarea";
import { toastSuccess } from "@/components/ui/toast";
import { createTemplateInput } from "@/server/contracts/templates";

/**
 * The "New template" dialog. Its own module, loaded when it first opens (templates-list.tsx): the form brings
 * react-hook-form and zod, which the list's first load does without (docs/ui.md, First paint).
 */
type FormValues = z.input<typeof createTemplateInput>;

export default function CreateTemplateDialog({
  open,
  onOpenChange,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const form = useForm<FormValues>({
    resolver: zodResolver(createTemplateInput),
    defaultValues: { name: "", description: "" },
  });
  const create = useMutation(
    trpc.templates.create.mutationOptions({
      onSuccess: (template) => {
        toastSuccess(
          "Template created",
          `${template.name}: now add modules to it.`,
        );
        void queryClient.invalidateQueries({
          queryKey: trpc.templates.list.queryKey(),
        });
        form.reset();
        onOpenChange(false);
        router.push(`/app/system/templates/${template.id}`);
      },
      onError: (error) => {
        showFormError(form, error, "Could not create the template");
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
          onSubmit={(event) =>
            void form.handleSubmit((values) =>
              create.mutate({
                name: values.name,
                description: values.description ?? "",
              }),
            )(event)
          }
        >
          <DialogHeader>
            <DialogTitle>New template</DialogTitle>
            <DialogDescription>
              An empty composition. Nodes built from it run the modules you add
              next.
            </DialogDescription>
          </DialogHeader>
          <Field
            label="Name"
            description="Lowercase letters, digits and dashes, e.g. edge-web."
            error={errors.name?.message}
            required
          >
            <Input
              className="font-mono"
              autoComplete="off"
              autoFocus
              {...form.register("name")}
            />
          </Field>
          <Field
            label="Description"
            error={errors.description?.message}
            optional
          >
            <Textarea rows={2} {...form.register("description")} />
          </Field>
          <FormDialogFooter submitLabel="Create template" pending={create.isPending} onCancel={() => onOpenChange(false)} />
        </form>
      </DialogContent>
    </Dialog>
  );
}
