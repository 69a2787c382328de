"use client";

import * as React from "react";
import Link from "next/link";

/**
 * A `next/link` that prefetches its route when the pointer or focus shows intent (hover, focus, touch), not when it
 * scrolls into view. For the links of data lists: a page of 50 rows would otherwise prefetch up to 50 routes the
 * operator mostly never opens, competing with the page's own requests. The sidebar, breadcrumbs and page actions keep
 * Next's viewport prefetch: few links, likely destinations (docs/ui.md, First paint).
 */
export function IntentLink({ onMouseEnter, onFocus, onTouchStart, ...props }: Omit<React.ComponentProps<typeof Link>, "prefetch">) {
  const [intent, setIntent] = React.useState(false);
  return (
    <Link
      {...props}
      // `null` is Next's default (prefetch what the route allows); `false` waits until intent is shown.
      prefetch={intent ? null : false}
      onMouseEnter={(event) => {
        setIntent(true);
        onMouseEnter?.(event);
      }}
      onFocus={(event) => {
        setIntent(true);
        onFocus?.(event);
      }}
      onTouchStart={(event) => {
        setIntent(true);
        onTouchStart?.(event);
      }}
    />
  );
}
