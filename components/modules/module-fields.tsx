"use client";

import { useQuery } from "@tanstack/react-query";
import { useId, type ReactNode } from "react";
import { useFormContext, useFormState, useWatch } from "react-hook-form";
import { useTRPC } from "@/components/trpc/client";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { NativeSelect } from "@/components/ui/select";
import { Textarea } from "@/components/ui/textarea";
import { MODULE_VARIETIES, VISIBILITIES, type UpdateModulePatch } from "@/server/contracts/modules";
import { PriorityPreview, VARIETY_DESCRIPTIONS } from "./form-parts";
import { CosignRegexpField } from "./regexp-field";
import type { ModuleDetailDto } from "./types";

export type ModuleFieldName =
  | "displayName"
  | "description"
  | "categorySlug"
  | "variety"
  | "parentModule"
  | "priority"
  | "visibility"
  | "repositoryUrl"
  | "ociRepository"
  | "cosignIdentityRegexp"
  | "cosignIssuerRegexp";

/**
 * The fields both forms edit, typed as the edit patch has them: the registration input's types for these fields
 * are a subset (the patch also allows `null`, "clear it").
 */
export type ModuleFieldValues = Pick<UpdateModulePatch, ModuleFieldName>;

export interface ModuleFieldsProps {
  /** The name field: an input when registering, read-only when editing (a module's name never changes). */
  nameField: ReactNode;
  /** The module being edited; absent when registering. */
  saved?: Pick<ModuleDetailDto, "name" | "category" | "parentModule" | "cosignIdentityRegexp" | "cosignIssuerRegexp">;
  /** The sections' heading level: 2 on the registration page, 3 inside the overview's Registration section. */
  headingLevel?: 2 | 3;
}

/**
 * A module's registration fields, as the registration form and the overview's edit form both show them: one set
 * of labels, help text, placeholders and field errors, the effective-priority preview and the cosign regexps with
 * their live safety check. Render it inside a react-hook-form `FormProvider` whose values include
 * `ModuleFieldValues` (docs/ui.md, Shared feature components).
 */
export function ModuleFields({ nameField, saved, headingLevel = 2 }: ModuleFieldsProps) {
  const trpc = useTRPC();
  const categories = useQuery(trpc.categories.list.queryOptions());
  const modules = useQuery(trpc.modules.options.queryOptions());
  const { register, control } = useFormContext<ModuleFieldValues>();
  const { errors } = useFormState({ control });
  const [categorySlug, variety = "subscription", priority, identityRegexp, issuerRegexp] = useWatch({
    control,
    name: ["categorySlug", "variety", "priority", "cosignIdentityRegexp", "cosignIssuerRegexp"],
  });
  const ids = { identity: useId(), placement: useId(), signing: useId() };
  const Heading = headingLevel === 2 ? "h2" : "h3";

  // While the lists load, an edit form shows the saved choice (so the select keeps its value); a new one waits.
  const categoryOptions = categories.data ?? (saved ? [saved.category] : []);
  const category = categoryOptions.find((c) => c.slug === categorySlug);
  const parentOptions = (modules.data ?? (saved?.parentModule ? [saved.parentModule] : [])).filter((option) => option.name !== saved?.name);
  const waitingForCategories = categories.isPending && !saved;
  const waitingForModules = modules.isPending && !saved;

  return (
    <>
      <section className="space-y-4" aria-labelledby={ids.identity}>
        <Heading id={ids.identity} className="text-sm font-semibold">
          Identity
        </Heading>
        <div className="grid items-start gap-4 sm:grid-cols-2">
          {nameField}
          <Field label="Display name" required error={errors.displayName?.message}>
            <Input placeholder="NGINX web server" {...register("displayName")} />
          </Field>
        </div>
        <Field label="Description" optional error={errors.description?.message}>
          <Textarea rows={2} placeholder="What it provides and why an operator would add it." {...register("description")} />
        </Field>
      </section>

      <section className="space-y-4" aria-labelledby={ids.placement}>
        <Heading id={ids.placement} className="text-sm font-semibold">
          Placement in the layer stack
        </Heading>
        <div className="grid items-start gap-4 sm:grid-cols-2">
          <Field label="Category" required error={errors.categorySlug?.message}>
            <NativeSelect {...register("categorySlug")} disabled={waitingForCategories}>
              {saved ? null : <option value="">{waitingForCategories ? "Loading…" : "Choose a category…"}</option>}
              {categoryOptions.map((c) => (
                <option key={c.slug} value={c.slug}>
                  {c.name} ({c.position})
                </option>
              ))}
            </NativeSelect>
          </Field>
          <Field label="Variety" required error={errors.variety?.message} description={VARIETY_DESCRIPTIONS[variety]}>
            <NativeSelect {...register("variety")}>
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
            <NativeSelect {...register("parentModule")} disabled={waitingForModules}>
              <option value="">{waitingForModules ? "Loading…" : "None"}</option>
              {parentOptions.map((option) => (
                <option key={option.name} value={option.name}>
                  {option.name} — {option.displayName}
                </option>
              ))}
            </NativeSelect>
          </Field>
          <Field
            label="Priority"
            required
            error={errors.priority?.message}
            description={<PriorityPreview category={category} variety={variety} priority={priority} />}
          >
            <Input type="number" inputMode="numeric" min={0} max={999} className="font-mono" {...register("priority")} />
          </Field>
          <Field label="Visibility" error={errors.visibility?.message}>
            <NativeSelect {...register("visibility")}>
              {VISIBILITIES.map((v) => (
                <option key={v} value={v}>
                  {v}
                </option>
              ))}
            </NativeSelect>
          </Field>
        </div>
      </section>

      <section className="space-y-4" aria-labelledby={ids.signing}>
        <Heading id={ids.signing} className="text-sm font-semibold">
          Source and signing
        </Heading>
        <Field label="Repository URL" optional error={errors.repositoryUrl?.message}>
          <Input type="url" className="font-mono" placeholder="https://git.example.com/modules/nginx" {...register("repositoryUrl")} />
        </Field>
        <Field
          label="OCI repository"
          optional
          error={errors.ociRepository?.message}
          description="Where CI pushes the signed artifacts; Strata polls it and creates versions only from verified signatures (docs/ingest.md)."
        >
          <Input className="font-mono" spellCheck={false} autoComplete="off" placeholder="registry.example.com/acme/modules/nginx" {...register("ociRepository")} />
        </Field>
        <div className="grid items-start gap-4 sm:grid-cols-2">
          <CosignRegexpField
            label="Cosign identity regexp"
            description="The signing certificate's identity (SAN) must match. Anchored with ^…$; checked for catastrophic backtracking as you type."
            error={errors.cosignIdentityRegexp?.message}
            registration={register("cosignIdentityRegexp")}
            value={identityRegexp ?? ""}
            savedValue={saved ? (saved.cosignIdentityRegexp ?? "") : undefined}
            placeholder="^https://git\.example\.com/modules/nginx/.+@refs/tags/v.*$"
            test={{ label: "Test against an identity", placeholder: "https://git.example.com/modules/nginx/.forgejo/workflows/release.yaml@refs/tags/v1.0.0" }}
          />
          <CosignRegexpField
            label="Cosign issuer regexp"
            description="The certificate's OIDC issuer must match."
            error={errors.cosignIssuerRegexp?.message}
            registration={register("cosignIssuerRegexp")}
            value={issuerRegexp ?? ""}
            savedValue={saved ? (saved.cosignIssuerRegexp ?? "") : undefined}
            placeholder="^https://token\.actions\.githubusercontent\.com$"
            test={{ label: "Test against an issuer", placeholder: "https://token.actions.githubusercontent.com" }}
          />
        </div>
      </section>
    </>
  );
}
