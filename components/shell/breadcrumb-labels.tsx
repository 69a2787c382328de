"use client";

import * as React from "react";

interface BreadcrumbLabelsValue {
  labels: Readonly<Record<string, string>>;
  setLabel: (segment: string, label: string | null) => void;
}

const BreadcrumbLabelsContext = React.createContext<BreadcrumbLabelsValue | null>(null);

/** Holds the names pages give to opaque URL segments (ids), for the top bar's breadcrumb. Mounted by `AppShell`. */
export function BreadcrumbLabelsProvider({ children }: { children: React.ReactNode }) {
  const [labels, setLabels] = React.useState<Record<string, string>>({});
  const setLabel = React.useCallback((segment: string, label: string | null) => {
    setLabels((current) => {
      if (label === null) {
        if (!(segment in current)) return current;
        const next = { ...current };
        delete next[segment];
        return next;
      }
      return current[segment] === label ? current : { ...current, [segment]: label };
    });
  }, []);
  const value = React.useMemo(() => ({ labels, setLabel }), [labels, setLabel]);
  return <BreadcrumbLabelsContext.Provider value={value}>{children}</BreadcrumbLabelsContext.Provider>;
}

/** The labels pages have set: `{segment: label}`. Empty outside the provider. */
export function useBreadcrumbLabels(): Readonly<Record<string, string>> {
  return React.useContext(BreadcrumbLabelsContext)?.labels ?? {};
}

/**
 * Shows `label` instead of the URL segment `segment` (e.g. an instance's UUID) in the breadcrumb while the calling
 * page is mounted. `undefined` (still loading) leaves the segment as it is. See docs/ui.md (The console shell).
 */
export function useBreadcrumbLabel(segment: string, label: string | undefined) {
  const setLabel = React.useContext(BreadcrumbLabelsContext)?.setLabel;
  React.useEffect(() => {
    if (!setLabel || label === undefined) return;
    setLabel(segment, label);
    return () => setLabel(segment, null);
  }, [setLabel, segment, label]);
}

/** `useBreadcrumbLabel` for server pages, which know the name before the client's query does. Renders nothing. */
export function BreadcrumbLabel({ segment, label }: { segment: string; label: string | undefined }) {
  useBreadcrumbLabel(segment, label);
  return null;
}
