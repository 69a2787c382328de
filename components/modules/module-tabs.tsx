"use client";

import { LinkTabs } from "@/components/ui/link-tabs";

/** The module page's sections. Manifest and Versions are built by their own features. */
export function ModuleTabs({ name, versionCount }: { name: string; versionCount: number }) {
  const base = `/app/system/modules/${encodeURIComponent(name)}`;
  return (
    <LinkTabs
      aria-label="Module sections"
      items={[
        { href: base, label: "Overview" },
        { href: `${base}/manifest`, label: "Manifest", match: "prefix" },
        { href: `${base}/versions`, label: "Versions", count: versionCount, match: "prefix" },
        { href: `${base}/ingest`, label: "Signing & ingest", match: "prefix" },
        { href: `${base}/dependencies`, label: "Dependencies", match: "prefix" },
        { href: `${base}/activity`, label: "Activity", match: "prefix" },
      ]}
    />
  );
}
