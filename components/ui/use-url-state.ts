"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCallback, useEffect, useRef } from "react";

/** The 1-based `?page=` of a paged list; anything missing or malformed is page 1. */
export function pageParam(params: { get(name: string): string | null }): number {
  return Math.max(1, Number.parseInt(params.get("page") ?? "1", 10) || 1);
}

/**
 * Query-string state for list pages (search, filters, sort, tab, page, selected path): shareable URLs. Changes are
 * applied to the latest query string, not the one of the last render: a debounced search box firing right after a
 * click must not undo the click's change. Any change other than the page itself goes back to page 1.
 */
export function useUrlState() {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const latest = useRef(params.toString());
  useEffect(() => {
    latest.current = params.toString();
  }, [params]);
  const set = useCallback(
    (changes: Record<string, string | undefined>) => {
      const next = new URLSearchParams(latest.current);
      for (const [key, value] of Object.entries(changes)) {
        if (value) next.set(key, value);
        else next.delete(key);
      }
      if (!("page" in changes)) next.delete("page");
      latest.current = next.toString();
      router.replace(`${pathname}${next.size ? `?${next}` : ""}`, { scroll: false });
    },
    [router, pathname],
  );
  return { params, set };
}
