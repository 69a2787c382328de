import { headers } from "next/headers";
import { redirect } from "next/navigation";
import type { ReactNode } from "react";
import { ConsoleFrame } from "@/components/console/console-frame";
import { getServerCaller } from "@/server/api/rsc";

export const dynamic = "force-dynamic";

/** Every page under /app/system requires a session; without one, sign in and come back. */
export default async function SystemLayout({ children }: { children: ReactNode }) {
  const { actor, caller } = await getServerCaller();
  if (!actor || actor.kind !== "user") {
    const path = (await headers()).get("x-strata-path") ?? "/app/system/modules";
    redirect(`/login?next=${encodeURIComponent(path)}`);
  }
  const me = await caller.auth.me();
  return (
    <ConsoleFrame user={{ name: actor.name, email: actor.email }} accounts={me.accounts} activeAccountSlug={actor.accountSlug}>
      {children}
    </ConsoleFrame>
  );
}
