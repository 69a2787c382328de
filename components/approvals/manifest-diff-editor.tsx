"use client";

/**
 * The Monaco diff editor, offline: the locally installed monaco-editor (slim API entry plus the YAML grammar) is
 * handed to @monaco-editor/react with `loader.config({ monaco })`, so nothing is fetched from a CDN, and the editor
 * worker is bundled from the package (`new URL(..., import.meta.url)`). Only ever loaded in the browser
 * (next/dynamic with ssr: false, in manifest-diff.tsx).
 */
import { DiffEditor, loader } from "@monaco-editor/react";
import * as monaco from "monaco-editor/esm/vs/editor/editor.api";
import "monaco-editor/esm/vs/basic-languages/yaml/yaml.contribution";
// The slim entry leaves out the codicon font (folding arrows, "hidden lines" markers); load it from the package.
import "monaco-editor/esm/vs/base/browser/ui/codicons/codiconStyles";
import { useTheme } from "next-themes";

if (typeof window !== "undefined") {
  // Monaco declares `MonacoEnvironment` on the global scope; a shared setup may already have set it.
  self.MonacoEnvironment ??= {
    getWorker: () => new Worker(new URL("monaco-editor/esm/vs/editor/editor.worker", import.meta.url)),
  };
  loader.config({ monaco });
}

export interface ManifestDiffEditorProps {
  original: string;
  modified: string;
  originalLabel: string;
  modifiedLabel: string;
  height?: number;
}

export default function ManifestDiffEditor({ original, modified, height = 420 }: ManifestDiffEditorProps) {
  const { resolvedTheme } = useTheme();
  return (
    <DiffEditor
      height={height}
      language="yaml"
      original={original}
      modified={modified}
      theme={resolvedTheme === "dark" ? "vs-dark" : "vs"}
      options={{
        readOnly: true,
        originalEditable: false,
        renderSideBySide: true,
        minimap: { enabled: false },
        scrollBeyondLastLine: false,
        fontSize: 12,
        automaticLayout: true,
        renderOverviewRuler: false,
        // A manifest diff is read top to bottom; hide long unchanged stretches like a code review does.
        hideUnchangedRegions: { enabled: true, contextLineCount: 3, minimumLineCount: 6, revealLineCount: 10 },
      }}
    />
  );
}
