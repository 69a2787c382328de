"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCallback, useEffect, useRef } from "react";

// Server-safe (server pages derive the same list inputs): re-exported for the client components that import it here.
export { pageParam } from "./search-params";

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
