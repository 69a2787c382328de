/**
 * One hook point for "are you sure you want to leave?" on programmatic in-app navigation (the `g m` shortcuts and
 * the like). Link clicks are intercepted by the guarding page itself; code that calls `router.push` for a
 * navigation the user asked for goes through `guardedNavigate`, so a page with unsaved work can ask first.
 */

/** Returns true when it took over (it will call `proceed` itself if the user confirms). */
export type NavigationGuard = (href: string, proceed: () => void) => boolean;

let current: NavigationGuard | null = null;

export function setNavigationGuard(guard: NavigationGuard): () => void {
  current = guard;
  return () => {
    if (current === guard) current = null;
  };
}

export function guardedNavigate(href: string, navigate: () => void): void {
  if (current?.(href, navigate)) return;
  navigate();
}
