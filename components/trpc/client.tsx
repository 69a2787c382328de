"use client";

import { QueryCache, QueryClient, QueryClientProvider, MutationCache } from "@tanstack/react-query";
import { createTRPCClient, httpBatchLink, TRPCClientError } from "@trpc/client";
import { createTRPCContext } from "@trpc/tanstack-react-query";
import { useState, type ReactNode } from "react";
import superjson from "superjson";
import type { AppRouter } from "@/server/api/root";
import { TRPC_MAX_BATCH } from "@/server/api/transport";

export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>();

/** An expired session anywhere sends the operator back to sign-in, keeping where they were. */
function redirectOnUnauthorized(error: unknown) {
  if (error instanceof TRPCClientError && error.data?.code === "UNAUTHORIZED" && typeof window !== "undefined") {
    if (!window.location.pathname.startsWith("/login")) {
      window.location.href = `/login?next=${encodeURIComponent(window.location.pathname + window.location.search)}`;
    }
  }
}

function makeQueryClient() {
  return new QueryClient({
    queryCache: new QueryCache({ onError: redirectOnUnauthorized }),
    mutationCache: new MutationCache({ onError: redirectOnUnauthorized }),
    defaultOptions: {
      // Server pages prefetch their first page and send it superjson-serialized (server/api/rsc.ts, prefetchForHydration).
      hydrate: { deserializeData: superjson.deserialize },
      queries: {
        staleTime: 15_000,
        retry: (failureCount, error) => {
          // Client errors will not fix themselves by retrying.
          if (error instanceof TRPCClientError && typeof error.data?.httpStatus === "number" && error.data.httpStatus < 500) return false;
          return failureCount < 2;
        },
      },
    },
  });
}

export function TRPCReactProvider({ children }: { children: ReactNode }) {
  const [queryClient] = useState(makeQueryClient);
  const [trpcClient] = useState(() =>
    createTRPCClient<AppRouter>({
      // The server refuses larger batches (docs/security.md): keep the client under the same limit.
      links: [httpBatchLink({ url: "/api/trpc", transformer: superjson, maxItems: TRPC_MAX_BATCH })],
    }),
  );
  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        {children}
      </TRPCProvider>
    </QueryClientProvider>
  );
}

/** The server's field errors (AppError.fieldErrors), for react-hook-form's setError. */
export function fieldErrorsOf(error: unknown): Record<string, string> {
  if (error instanceof TRPCClientError) {
    const data = error.data as { fieldErrors?: Record<string, string> | null; zodIssues?: Array<{ path: string[]; message: string }> | null } | undefined;
    if (data?.fieldErrors) return data.fieldErrors;
    if (data?.zodIssues) return Object.fromEntries(data.zodIssues.map((issue) => [issue.path.join("."), issue.message]));
  }
  return {};
}
