"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation } from "@tanstack/react-query";
import { useForm } from "react-hook-form";
import { z } from "zod";
import { useTRPC } from "@/components/trpc/client";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { getErrorMessage } from "@/components/ui/toast";
import { postSignInPath } from "@/server/domain/post-sign-in-path";
import { signInInput } from "@/server/contracts/auth";

const formSchema = signInInput.pick({ email: true, password: true });
type FormValues = z.input<typeof formSchema>;

export function SignInForm({ next }: { next: string }) {
  const trpc = useTRPC();
  const form = useForm<FormValues>({ resolver: zodResolver(formSchema), defaultValues: { email: "", password: "" } });
  const signIn = useMutation(
    trpc.auth.signIn.mutationOptions({
      onSuccess: () => {
        // A full navigation, so server components render with the new session cookie. `next` is checked again
        // here so this form can never become an open redirect, whoever renders it.
        window.location.assign(postSignInPath(next));
      },
      onError: (error) => form.setError("root", { message: getErrorMessage(error) }),
    }),
  );
  const { errors } = form.formState;
  return (
    <form className="space-y-4" noValidate onSubmit={(event) => void form.handleSubmit((values) => signIn.mutate(values))(event)}>
      <Field label="Email" error={errors.email?.message} required>
        <Input type="email" autoComplete="username" autoFocus {...form.register("email")} />
      </Field>
      <Field label="Password" error={errors.password?.message} required>
        <Input type="password" autoComplete="current-password" {...form.register("password")} />
      </Field>
      {errors.root?.message ? (
        <p role="alert" className="rounded-md border border-destructive/40 bg-destructive/10 px-3 py-2 text-sm text-destructive">
          {errors.root.message}
        </p>
      ) : null}
      <Button type="submit" className="w-full" loading={signIn.isPending}>
        Sign in
      </Button>
    </form>
  );
}
