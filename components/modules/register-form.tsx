"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { FileUp } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { FormProvider, useForm, useWatch, type FieldPath } from "react-hook-form";
import type { z } from "zod";
import { useMe } from "@/components/settings/use-me";
import { fieldErrorsOf, useTRPC } from "@/components/trpc/client";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Textarea } from "@/components/ui/textarea";
import { toastError, toastSuccess } from "@/components/ui/toast";
import type { Issue } from "@/server/domain/issues";
import {
  MAX_MANIFEST_BYTES,
  blankManifestTemplate,
  registerModuleInput,
} from "@/server/contracts/modules";
import { plural } from "@/server/domain/plural";
import { ManifestIssueList, manifestIssuesOf } from "./form-parts";
import { ModuleFields } from "./module-fields";

type FormInput = z.input<typeof registerModuleInput>;
type FormOutput = z.output<typeof registerModuleInput>;
type ManifestMode = "none" | "blank" | "paste" | "upload";

const MANIFEST_MODES: Array<{ value: ManifestMode; label: string; description: string }> = [
  { value: "none", label: "No manifest yet", description: "Write it later in the manifest editor." },
  { value: "blank", label: "Blank template", description: "schema_version, name and empty lists to fill in." },
  { value: "paste", label: "Paste", description: "Paste an existing manifest.yaml." },
  { value: "upload", label: "Upload", description: "Read a .yaml file from your computer." },
];

export function RegisterModuleForm() {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const { me, atLeast } = useMe();
  const [mode, setMode] = useState<ManifestMode>("none");
  const [upload, setUpload] = useState<{ name: string; bytes: number } | null>(null);
  const [uploadError, setUploadError] = useState<string | null>(null);
  const [manifestIssues, setManifestIssues] = useState<Issue[]>([]);
  const modeGroupId = useId();

  const form = useForm<FormInput, unknown, FormOutput>({
    resolver: zodResolver(registerModuleInput),
    defaultValues: {
      name: "",
      displayName: "",
      description: "",
      categorySlug: "",
      variety: "subscription",
      parentModule: "",
      priority: 0,
      visibility: "private",
      repositoryUrl: "",
      ociRepository: "",
      cosignIdentityRegexp: "",
      cosignIssuerRegexp: "",
      manifestYaml: "",
    },
  });
  const { errors } = form.formState;
  // The blank manifest template is filled in from these as the author types.
  const [name, displayName, description] = useWatch({ control: form.control, name: ["name", "displayName", "description"] });

  const register = useMutation(
    trpc.modules.register.mutationOptions({
      onSuccess: (created) => {
        const found = [
          created.validation?.warnings.length ? plural(created.validation.warnings.length, "warning") : null,
          created.validation?.conflicts.length ? plural(created.validation.conflicts.length, "conflict") : null,
        ].filter(Boolean);
        toastSuccess(`Registered ${created.name}`, found.length ? `Its manifest has ${found.join(" and ")} to look at.` : undefined);
        void queryClient.invalidateQueries({ queryKey: trpc.modules.list.queryKey() });
        void queryClient.invalidateQueries({ queryKey: trpc.modules.options.queryKey() });
        void queryClient.invalidateQueries({ queryKey: trpc.categories.list.queryKey() });
        router.push(`/app/system/modules/${created.name}`);
      },
      onError: (error) => {
        setManifestIssues(manifestIssuesOf(error));
        const fields = fieldErrorsOf(error);
        const names = Object.keys(fields) as Array<FieldPath<FormInput>>;
        names.forEach((field, index) => form.setError(field, { message: fields[field] }, { shouldFocus: index === 0 }));
        if (names.length === 0) toastError(error, "Could not register the module");
      },
    }),
  );

  if (me.data && !atLeast("author")) {
    return (
      <EmptyState
        title="Authors register modules"
        description={`Your role in this account (${me.data.role}) can browse modules but not register them.`}
        action={
          <Button asChild variant="outline" size="sm">
            <Link href="/app/system/modules">Back to modules</Link>
          </Button>
        }
      />
    );
  }

  const template = blankManifestTemplate({ name, displayName, description });

  const onSubmit = form.handleSubmit((values) => {
    setManifestIssues([]);
    const manifestYaml = mode === "none" ? undefined : mode === "blank" ? template : values.manifestYaml;
    register.mutate({ ...values, manifestYaml });
  });

  const readFile = async (file: File | undefined) => {
    setUploadError(null);
    if (!file) return;
    if (file.size > MAX_MANIFEST_BYTES) {
      setUpload(null);
      setUploadError(`${file.name} is ${Math.ceil(file.size / 1024)} KiB; manifests are limited to 256 KiB.`);
      return;
    }
    const text = await file.text();
    setUpload({ name: file.name, bytes: file.size });
    form.setValue("manifestYaml", text, { shouldDirty: true, shouldValidate: true });
  };

  return (
    <FormProvider {...form}>
      <form noValidate onSubmit={(event) => void onSubmit(event)} className="max-w-3xl space-y-8" aria-label="Register a module">
        <ModuleFields
          nameField={
            <Field
              label="Name"
              required
              error={errors.name?.message}
              description="Lowercase letters, digits and dashes; permanent. Used in requires: powernode/<name>@^1.0."
            >
              <Input className="font-mono" autoComplete="off" spellCheck={false} placeholder="nginx" {...form.register("name")} />
            </Field>
          }
        />

        <section className="space-y-3" aria-labelledby="reg-manifest">
          <h2 id="reg-manifest" className="text-sm font-semibold">
            Starting manifest
          </h2>
          <div role="radiogroup" aria-labelledby="reg-manifest" className="grid gap-2 sm:grid-cols-4">
            {MANIFEST_MODES.map((option) => (
              <label
                key={option.value}
                className="flex cursor-pointer flex-col gap-0.5 rounded-md border border-border p-2 text-sm has-[:checked]:border-ring has-[:checked]:bg-accent has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-ring"
              >
                <span className="flex items-center gap-2 font-medium">
                  <input
                    type="radio"
                    name={`${modeGroupId}-mode`}
                    value={option.value}
                    checked={mode === option.value}
                    onChange={() => {
                      setMode(option.value);
                      setManifestIssues([]);
                      if (option.value !== "paste" && option.value !== "upload") form.setValue("manifestYaml", "");
                      if (option.value !== "upload") setUpload(null);
                    }}
                    className="size-3.5 accent-current"
                  />
                  {option.label}
                </span>
                <span className="text-xs text-muted-foreground">{option.description}</span>
              </label>
            ))}
          </div>
          {mode === "blank" ? (
            <Field label="Template" description="Filled in from the name and display name above; validated against this account when you register.">
              <pre className="max-h-64 overflow-auto rounded-md border border-border bg-muted/40 p-2 font-mono text-xs" tabIndex={0}>
                {template}
              </pre>
            </Field>
          ) : null}
          {mode === "upload" ? (
            <Field label="Manifest file" error={uploadError ?? undefined} description={upload ? `${upload.name}, ${plural(upload.bytes, "byte", { thousands: true })} — review it below.` : ".yaml or .yml, at most 256 KiB. Read in your browser."}>
              <div className="flex items-center gap-2">
                <FileUp aria-hidden="true" className="size-4 text-muted-foreground" />
                <Input type="file" accept=".yaml,.yml,application/yaml,text/yaml" className="h-auto py-1" onChange={(event) => void readFile(event.target.files?.[0])} />
              </div>
            </Field>
          ) : null}
          {mode === "paste" || (mode === "upload" && upload) ? (
            <Field label="manifest.yaml" error={errors.manifestYaml?.message}>
              <Textarea rows={12} className="max-h-[28rem] font-mono text-xs" spellCheck={false} placeholder={"schema_version: 1\nname: nginx\n…"} {...form.register("manifestYaml")} />
            </Field>
          ) : mode !== "none" && errors.manifestYaml?.message ? (
            <p className="text-xs font-medium text-error">{errors.manifestYaml.message}</p>
          ) : null}
          <ManifestIssueList issues={manifestIssues} />
        </section>

        <div className="flex items-center gap-2 border-t border-border pt-4">
          <Button type="submit" loading={register.isPending}>
            Register module
          </Button>
          <Button asChild variant="ghost">
            <Link href="/app/system/modules">Cancel</Link>
          </Button>
        </div>
      </form>
    </FormProvider>
  );
}
