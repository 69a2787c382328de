"use client";

/**
 * The Monaco diff editor of an approval request, on the app's one Monaco setup (components/monaco: offline, the
 * Strata themes with AA line numbers and diff colours — docs/ui.md, "Accessibility"). Only ever loaded in the
 * browser (next/dynamic with ssr: false, in manifest-diff.tsx).
 */
import { CodeDiffEditorImpl } from "@/components/monaco/code-editor-impl";

export interface ManifestDiffEditorProps {
  original: string;
  modified: string;
  originalLabel: string;
  modifiedLabel: string;
  height?: number;
}

export default function ManifestDiffEditor({ original, modified, originalLabel, modifiedLabel, height = 420 }: ManifestDiffEditorProps) {
  return (
    <CodeDiffEditorImpl
      height={height}
      language="yaml"
      original={original}
      modified={modified}
      options={{
        readOnly: true,
        originalEditable: false,
        // Both sides are text boxes to a screen reader: each is named after the manifest it shows.
        originalAriaLabel: `manifest.yaml, ${originalLabel} (read-only)`,
        modifiedAriaLabel: `manifest.yaml, ${modifiedLabel} (read-only)`,
        fontSize: 12,
        renderOverviewRuler: false,
        // A manifest diff is read top to bottom; hide long unchanged stretches like a code review does.
        hideUnchangedRegions: { enabled: true, contextLineCount: 3, minimumLineCount: 6, revealLineCount: 10 },
      }}
    />
  );
}
