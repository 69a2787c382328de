"use client";

import { DiffEditor, Editor, type DiffEditorProps, type EditorProps } from "@monaco-editor/react";

type DiffEditorConstructionOptions = NonNullable<DiffEditorProps["options"]>;
import { useTheme } from "next-themes";
import { EditorSkeleton } from "./editor-skeleton";
import { STRATA_THEMES } from "./monaco";

function useMonacoTheme(): string {
  const { resolvedTheme } = useTheme();
  return resolvedTheme === "dark" ? STRATA_THEMES.dark : STRATA_THEMES.light;
}

/** Options every Strata editor shares: console density, no minimap noise, accessible by default. */
export const BASE_EDITOR_OPTIONS = {
  fontSize: 13,
  lineHeight: 20,
  fontFamily: 'ui-monospace, SFMono-Regular, "SF Mono", Menlo, Consolas, "Liberation Mono", monospace',
  minimap: { enabled: false },
  scrollBeyondLastLine: false,
  renderLineHighlight: "line",
  tabSize: 2,
  insertSpaces: true,
  detectIndentation: false,
  automaticLayout: true,
  fixedOverflowWidgets: true,
  accessibilitySupport: "auto",
} satisfies EditorProps["options"];

export function CodeEditorImpl({ options, theme, loading, ...props }: EditorProps) {
  const monacoTheme = useMonacoTheme();
  return (
    <Editor
      theme={theme ?? monacoTheme}
      loading={loading ?? <EditorSkeleton />}
      options={{ ...BASE_EDITOR_OPTIONS, ...options }}
      {...props}
    />
  );
}

export function CodeDiffEditorImpl({ options, theme, loading, onMount, ...props }: DiffEditorProps) {
  const monacoTheme = useMonacoTheme();
  const merged = {
    ...BASE_EDITOR_OPTIONS,
    renderSideBySide: true,
    originalEditable: false,
    // Each side is a text box to a screen reader and needs a name (docs/ui.md, "Accessibility").
    originalAriaLabel: "Original (read-only)",
    modifiedAriaLabel: "Modified",
    ...options,
  };
  return (
    <DiffEditor
      theme={theme ?? monacoTheme}
      loading={loading ?? <EditorSkeleton />}
      options={merged}
      onMount={(editor, monaco) => {
        // Monaco 0.52's diff editor clears the sides' labels in its first options pass after creation: set them again.
        // (updateOptions takes them at run time; its type lists only the options a diff editor can change.)
        const labels: DiffEditorConstructionOptions = { originalAriaLabel: merged.originalAriaLabel, modifiedAriaLabel: merged.modifiedAriaLabel };
        // The text boxes are the two inner editors': name them directly too, and again after every diff update (a page
        // that swaps the compared versions re-renders the editor, and the labels must survive it).
        const nameSides = () => {
          editor.updateOptions(labels);
          editor.getOriginalEditor().updateOptions({ ariaLabel: merged.originalAriaLabel });
          editor.getModifiedEditor().updateOptions({ ariaLabel: merged.modifiedAriaLabel });
        };
        nameSides();
        editor.onDidUpdateDiff(nameSides);
        onMount?.(editor, monaco);
      }}
      {...props}
    />
  );
}
