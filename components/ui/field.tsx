"use client";

import * as React from "react";
import { CircleAlert } from "lucide-react";

import { cn } from "./cn";
import { Label } from "./label";

interface FieldContextValue {
  id: string;
  descriptionId: string | undefined;
  errorId: string | undefined;
  invalid: boolean;
  required: boolean;
}

const FieldContext = React.createContext<FieldContextValue | null>(null);

/** The props a control needs to be wired to its surrounding `<Field>`; explicit props on the control win. */
export interface FieldControlProps {
  id?: string | undefined;
  "aria-describedby"?: string | undefined;
  "aria-invalid"?: React.AriaAttributes["aria-invalid"];
  "aria-required"?: React.AriaAttributes["aria-required"];
}

/**
 * Reads the enclosing `<Field>` (if any) and returns id / aria-describedby / aria-invalid / aria-required for a
 * control. `Input`, `Textarea`, `NativeSelect` and `SelectTrigger` call it already; call it in custom controls.
 * `own` may be the control's whole props: only those four are read.
 */
export function useFieldControl(own: FieldControlProps = {}): FieldControlProps {
  const field = React.useContext(FieldContext);
  if (!field) {
    return { id: own.id, "aria-describedby": own["aria-describedby"], "aria-invalid": own["aria-invalid"], "aria-required": own["aria-required"] };
  }
  const describedBy = [field.descriptionId, field.errorId, own["aria-describedby"]].filter(Boolean).join(" ");
  return {
    id: own.id ?? field.id,
    "aria-describedby": describedBy || undefined,
    "aria-invalid": own["aria-invalid"] ?? (field.invalid || undefined),
    "aria-required": own["aria-required"] ?? (field.required || undefined),
  };
}

export interface FieldProps {
  /** The visible label (kept for screen readers even when `labelHidden`). */
  label: React.ReactNode;
  /** Exactly the control: `<Input {...register("name")} />`, `<Textarea />`, `<NativeSelect />`, `<Select>`. */
  children: React.ReactNode;
  /** Help text under the control, linked with aria-describedby. */
  description?: React.ReactNode;
  /** Error message (e.g. `formState.errors.name?.message`); sets aria-invalid on the control when present. */
  error?: React.ReactNode;
  /** Marks the control aria-required and shows an asterisk. Validation itself stays in the zod schema. */
  required?: boolean;
  /** Shows "optional" next to the label (for forms where most fields are required). */
  optional?: boolean;
  /** Control id; generated when omitted. */
  id?: string;
  /** Visually hide the label (still announced). */
  labelHidden?: boolean;
  /** Extra content at the right of the label row, e.g. a "Generate" link. */
  labelAction?: React.ReactNode;
  className?: string;
}

/**
 * Label + control + description + error, wired for assistive tech. Works with react-hook-form:
 *
 *   <Field label="Name" error={errors.name?.message} required>
 *     <Input {...register("name")} />
 *   </Field>
 */
export function Field({
  label,
  children,
  description,
  error,
  required = false,
  optional = false,
  id,
  labelHidden = false,
  labelAction,
  className,
}: FieldProps) {
  const generatedId = React.useId();
  const controlId = id ?? `field-${generatedId}`;
  const hasError = error !== undefined && error !== null && error !== false && error !== "";
  const descriptionId = description ? `${controlId}-description` : undefined;
  const errorId = hasError ? `${controlId}-error` : undefined;

  const context = React.useMemo<FieldContextValue>(
    () => ({ id: controlId, descriptionId, errorId, invalid: hasError, required }),
    [controlId, descriptionId, errorId, hasError, required],
  );

  return (
    <FieldContext.Provider value={context}>
      <div data-slot="field" data-invalid={hasError || undefined} className={cn("grid gap-1.5", className)}>
        <div className={cn("flex items-center justify-between gap-2", labelHidden && "sr-only")}>
          <Label htmlFor={controlId}>
            {label}
            {required ? (
              <span aria-hidden="true" className="text-error">
                *
              </span>
            ) : null}
            {optional && !required ? (
              <span className="text-xs font-normal text-muted-foreground">(optional)</span>
            ) : null}
          </Label>
          {labelAction}
        </div>
        {children}
        {description ? (
          <p id={descriptionId} data-slot="field-description" className="text-xs text-muted-foreground">
            {description}
          </p>
        ) : null}
        {hasError ? (
          <p id={errorId} data-slot="field-error" className="flex items-start gap-1 text-xs font-medium text-error">
            <CircleAlert aria-hidden="true" className="mt-px size-3.5 shrink-0" />
            <span>{error}</span>
          </p>
        ) : null}
      </div>
    </FieldContext.Provider>
  );
}
