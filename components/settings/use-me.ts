"use client";

import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/components/trpc/client";

const ROLE_ORDER = ["viewer", "author", "operator", "approver", "admin"] as const;

/** The signed-in user and their role, for showing or hiding controls (the server enforces it regardless). */
export function useMe() {
  const trpc = useTRPC();
  const me = useQuery(trpc.auth.me.queryOptions(undefined, { staleTime: 60_000 }));
  const rank = me.data ? ROLE_ORDER.indexOf(me.data.role as (typeof ROLE_ORDER)[number]) : -1;
  return { me, atLeast: (role: (typeof ROLE_ORDER)[number]) => rank >= ROLE_ORDER.indexOf(role) };
}
