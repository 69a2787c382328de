"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { FileUp } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { useForm, useWatch, type FieldPath } from "react-hook-form";
import type { z } from "zod";
import { useMe } from "@/components/settings/use-me";
import { fieldErrorsOf, useTRPC } from "@/components/trpc/client";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { NativeSelect } from "@/components/ui/select";
import { Textarea } from "@/components/ui/textarea";
import { toastError, toastSuccess } from "@/components/ui/toast";
import type { Issue } from "@/server/domain/issues";
import {
  MAX_MANIFEST_BYTES,
  MODULE_VARIETIES,
  VISIBILITIES,
  blankManifestTemplate,
  registerModuleInput,
  type ModuleVariety,
} from "@/server/contracts/modules";
import { plural } from "@/server/domain/plural";
import { ManifestIssueList, PriorityPreview, VARIETY_DESCRIPTIONS, manifestIssuesOf } from "./form-parts";
import { CosignRegexpField } from "./regexp-field";

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
  const categories = useQuery(trpc.categories.list.queryOptions());
  const modules = useQuery(trpc.modules.options.queryOptions());
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
      cosignIdentityRegexp: "",
      cosignIssuerRegexp: "",
      manifestYaml: "",
    },
  });
  const { errors } = form.formState;
  const [name, displayName, description, categorySlug, variety, priority, identityRegexp, issuerRegexp] = useWatch({
    control: form.control,
    name: ["name", "displayName", "description", "categorySlug", "variety", "priority", "cosignIdentityRegexp", "cosignIssuerRegexp"],
  });
  const category = categories.data?.find((c) => c.slug === categorySlug);

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
    <form noValidate onSubmit={(event) => void onSubmit(event)} className="max-w-3xl space-y-8" aria-label="Register a module">
      <section className="space-y-4" aria-labelledby="reg-identity">
        <h2 id="reg-identity" className="text-sm font-semibold">
          Identity
        </h2>
        <div className="grid items-start gap-4 sm:grid-cols-2">
          <Field
            label="Name"
            required
            error={errors.name?.message}
            description="Lowercase letters, digits and dashes; permanent. Used in requires: powernode/<name>@^1.0."
          >
            <Input className="font-mono" autoComplete="off" spellCheck={false} placeholder="nginx" {...form.register("name")} />
          </Field>
          <Field label="Display name" required error={errors.displayName?.message}>
            <Input placeholder="NGINX web server" {...form.register("displayName")} />
          </Field>
        </div>
        <Field label="Description" optional error={errors.description?.message}>
          <Textarea rows={2} placeholder="What it provides and why an operator would add it." {...form.register("description")} />
        </Field>
      </section>

      <section className="space-y-4" aria-labelledby="reg-placement">
        <h2 id="reg-placement" className="text-sm font-semibold">
          Placement in the layer stack
        </h2>
        <div className="grid items-start gap-4 sm:grid-cols-2">
          <Field label="Category" required error={errors.categorySlug?.message}>
            <NativeSelect {...form.register("categorySlug")} disabled={categories.isPending}>
              <option value="">{categories.isPending ? "Loading…" : "Choose a category…"}</option>
              {(categories.data ?? []).map((c) => (
                <option key={c.slug} value={c.slug}>
                  {c.name} ({c.position})
                </option>
              ))}
            </NativeSelect>
          </Field>
          <Field label="Variety" required error={errors.variety?.message} description={VARIETY_DESCRIPTIONS[(variety ?? "subscription") as ModuleVariety]}>
            <NativeSelect {...form.register("variety")}>
              {MODULE_VARIETIES.map((v) => (
                <option key={v} value={v}>
                  {v}
                </option>
              ))}
            </NativeSelect>
          </Field>
          <Field
            label="Parent module"
            required={variety === "config"}
            optional={variety !== "config"}
            error={errors.parentModule?.message}
            description={variety === "config" ? "The module whose configuration this one overrides." : "Only config modules need one."}
          >
            <NativeSelect {...form.register("parentModule")} disabled={modules.isPending}>
              <option value="">{modules.isPending ? "Loading…" : "None"}</option>
              {(modules.data ?? []).map((m) => (
                <option key={m.name} value={m.name}>
                  {m.name} — {m.displayName}
                </option>
              ))}
            </NativeSelect>
          </Field>
          <Field label="Priority" required error={errors.priority?.message} description={<PriorityPreview category={category} variety={(variety ?? "subscription") as ModuleVariety} priority={priority} />}>
            <Input type="number" inputMode="numeric" min={0} max={999} className="font-mono" {...form.register("priority")} />
          </Field>
          <Field label="Visibility" error={errors.visibility?.message}>
            <NativeSelect {...form.register("visibility")}>
              {VISIBILITIES.map((v) => (
                <option key={v} value={v}>
                  {v}
                </option>
              ))}
            </NativeSelect>
          </Field>
        </div>
      </section>

      <section className="space-y-4" aria-labelledby="reg-signing">
        <h2 id="reg-signing" className="text-sm font-semibold">
          Source and signing
        </h2>
        <Field label="Repository URL" optional error={errors.repositoryUrl?.message}>
          <Input type="url" className="font-mono" placeholder="https://git.example.com/modules/nginx" {...form.register("repositoryUrl")} />
        </Field>
        <div className="grid items-start gap-4 sm:grid-cols-2">
          <CosignRegexpField
            label="Cosign identity regexp"
            description="The signing certificate's identity (SAN) must match. Anchored with ^…$; checked for catastrophic backtracking as you type."
            error={errors.cosignIdentityRegexp?.message}
            registration={form.register("cosignIdentityRegexp")}
            value={identityRegexp ?? ""}
            placeholder="^https://git\.example\.com/modules/nginx/.+@refs/tags/v.*$"
            test={{ label: "Test against an identity", placeholder: "https://git.example.com/modules/nginx/.forgejo/workflows/release.yaml@refs/tags/v1.0.0" }}
          />
          <CosignRegexpField
            label="Cosign issuer regexp"
            description="The certificate's OIDC issuer must match."
            error={errors.cosignIssuerRegexp?.message}
            registration={form.register("cosignIssuerRegexp")}
            value={issuerRegexp ?? ""}
            placeholder="^https://token\.actions\.githubusercontent\.com$"
            test={{ label: "Test against an issuer", placeholder: "https://token.actions.githubusercontent.com" }}
          />
        </div>
      </section>

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
          <Field label="Manifest file" error={uploadError ?? undefined} description={upload ? `${upload.name}, ${upload.bytes.toLocaleString()} bytes — review it below.` : ".yaml or .yml, at most 256 KiB. Read in your browser."}>
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
  );
}
