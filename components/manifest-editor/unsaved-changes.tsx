"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { setNavigationGuard } from "@/components/shell/navigation-guard";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";

/**
 * Asks before unsaved work is lost:
 * - leaving the app (reload, close, typed URL, external link): the browser's own `beforeunload` prompt;
 * - an in-app link (sidebar, breadcrumb, any `<a>`): intercepted in the capture phase, before Next's `<Link>`
 *   handler, and replaced by a confirm dialog;
 * - programmatic navigation through `guardedNavigate` (the `g m` shortcuts).
 * Not covered: the browser's Back button inside the app (the App Router gives no cancellable hook for it).
 */
export function useUnsavedChangesGuard(dirty: boolean) {
  const router = useRouter();
  const [pending, setPending] = useState<(() => void) | null>(null);
  const dirtyRef = useRef(dirty);
  useEffect(() => {
    dirtyRef.current = dirty;
  }, [dirty]);

  useEffect(() => {
    if (!dirty) return;
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      // Older browsers need a returnValue to show the prompt.
      event.returnValue = "";
    };
    window.addEventListener("beforeunload", onBeforeUnload);
    return () => window.removeEventListener("beforeunload", onBeforeUnload);
  }, [dirty]);

  useEffect(() => {
    const onClick = (event: MouseEvent) => {
      if (!dirtyRef.current || event.defaultPrevented || event.button !== 0) return;
      if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return; // new tab/window: nothing is lost
      const anchor = event.target instanceof Element ? event.target.closest("a[href]") : null;
      if (!(anchor instanceof HTMLAnchorElement)) return;
      if ((anchor.target && anchor.target !== "_self") || anchor.hasAttribute("download")) return;
      const url = new URL(anchor.href, window.location.href);
      if (url.origin !== window.location.origin) return; // a full page load: beforeunload asks
      if (url.pathname === window.location.pathname && url.search === window.location.search) return;
      event.preventDefault();
      event.stopPropagation();
      const href = `${url.pathname}${url.search}${url.hash}`;
      setPending(() => () => router.push(href));
    };
    window.addEventListener("click", onClick, true);
    const release = setNavigationGuard((_href, proceed) => {
      if (!dirtyRef.current) return false;
      setPending(() => proceed);
      return true;
    });
    return () => {
      window.removeEventListener("click", onClick, true);
      release();
    };
  }, [router]);

  const dialog = (
    <ConfirmDialog
      open={pending !== null}
      onOpenChange={(open) => {
        if (!open) setPending(null);
      }}
      title="Leave without saving?"
      description="Your changes to this manifest are not saved. If you leave now, they are lost."
      confirmLabel="Discard changes and leave"
      cancelLabel="Stay on this page"
      variant="destructive"
      onConfirm={() => {
        const proceed = pending;
        dirtyRef.current = false;
        setPending(null);
        proceed?.();
      }}
    />
  );
  return dialog;
}
