import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SignInForm } from "@/components/auth/sign-in-form";
import { getServerCaller, isDemoAccountPresent } from "@/server/api/rsc";
import { postSignInPath } from "@/server/domain/post-sign-in-path";

export const metadata: Metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ next?: string | string[] }> }) {
  const { next } = await searchParams;
  // Resolved once, by the one rule shared with the sign-in form (docs/security-auth.md). A repeated `next` is
  // ambiguous, so it gets the default page.
  const destination = postSignInPath(typeof next === "string" ? next : undefined);
  const { actor } = await getServerCaller();
  if (actor) redirect(destination);
  const demo = await isDemoAccountPresent();
  return (
    <main className="flex min-h-screen items-center justify-center bg-muted/40 p-6">
      <div className="w-full max-w-sm rounded-lg border border-border bg-background p-6 shadow-sm">
        <div className="mb-6 flex items-center gap-2">
          <div aria-hidden className="grid size-8 place-items-center rounded-md bg-primary font-semibold text-primary-foreground">S</div>
          <div>
            <h1 className="text-lg font-semibold leading-tight">Sign in to Strata</h1>
            <p className="text-sm text-muted-foreground">Fleet-OS module console</p>
          </div>
        </div>
        <SignInForm next={destination} />
        {demo ? (
          <p className="mt-4 border-t border-border pt-3 text-xs text-muted-foreground">
            Demo: <span className="font-mono">admin@powernode.example</span> (also approver@, operator@, author@, viewer@). The password
            is <span className="font-mono">STRATA_DEMO_PASSWORD</span>, or the one printed at first start (saved in{" "}
            <span className="font-mono">data/demo-password.txt</span>).
          </p>
        ) : null}
      </div>
    </main>
  );
}
