"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { AppShell, type AppShellAccount, type AppShellUser } from "@/components/shell/app-shell";
import { useTRPC } from "@/components/trpc/client";
import { toastError } from "@/components/ui/toast";

interface ConsoleFrameProps {
  user: AppShellUser;
  accounts: AppShellAccount[];
  activeAccountSlug: string;
  children: ReactNode;
}

/** The AppShell wired to the session: account switching and sign-out through tRPC. */
export function ConsoleFrame({ user, accounts, activeAccountSlug, children }: ConsoleFrameProps) {
  const trpc = useTRPC();
  // The Approvals badge: live requests waiting for a decision (every role may read the queue).
  const pending = useQuery(trpc.approvals.pendingCount.queryOptions(undefined, { refetchInterval: 60_000, staleTime: 30_000 }));
  const switchAccount = useMutation(
    trpc.auth.switchAccount.mutationOptions({
      // Everything on screen belongs to the old account: reload rather than invalidate piecemeal.
      onSuccess: () => window.location.reload(),
      onError: (error) => toastError(error, "Could not switch account"),
    }),
  );
  const signOut = useMutation(
    trpc.auth.signOut.mutationOptions({
      onSuccess: () => window.location.assign("/login"),
      onError: (error) => toastError(error, "Could not sign out"),
    }),
  );
  return (
    <AppShell
      user={user}
      accounts={accounts}
      activeAccountSlug={activeAccountSlug}
      badges={{ approvals: pending.data }}
      onSwitchAccount={(slug) => switchAccount.mutate({ accountSlug: slug })}
      onSignOut={() => signOut.mutate()}
    >
      {children}
    </AppShell>
  );
}
