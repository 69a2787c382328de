"use client";

import { useEffect, useRef } from "react";
import { DiffEditor, Editor, type DiffEditorProps, type EditorProps } from "@monaco-editor/react";
import { useTheme } from "next-themes";
import { EditorSkeleton } from "./editor-skeleton";
import { STRATA_THEMES } from "./monaco";

type DiffEditorConstructionOptions = NonNullable<DiffEditorProps["options"]>;

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
  const labels = { originalAriaLabel: merged.originalAriaLabel, modifiedAriaLabel: merged.modifiedAriaLabel };
  const labelsRef = useRef(labels);
  const editorRef = useRef<Parameters<NonNullable<DiffEditorProps["onMount"]>>[0] | null>(null);
  // Monaco 0.52's diff editor drops the sides' names in its first options pass after creation, and the wrapper passes
  // `options` to updateOptions after every render (a new object each time), which drops them again. The text boxes
  // are the two inner editors': name them after mount, after every diff update (a page that swaps the compared
  // versions re-renders) and after every render (child effects run first, so this comes after the wrapper's pass).
  const nameSides = () => {
    const editor = editorRef.current;
    if (!editor) return;
    const current = labelsRef.current;
    // updateOptions takes them at run time; its type lists only the options a diff editor can change.
    const diffLabels: DiffEditorConstructionOptions = current;
    editor.updateOptions(diffLabels);
    editor.getOriginalEditor().updateOptions({ ariaLabel: current.originalAriaLabel });
    editor.getModifiedEditor().updateOptions({ ariaLabel: current.modifiedAriaLabel });
  };
  useEffect(() => {
    labelsRef.current = labels;
    nameSides();
  });
  return (
    <DiffEditor
      theme={theme ?? monacoTheme}
      loading={loading ?? <EditorSkeleton />}
      options={merged}
      onMount={(editor, monaco) => {
        editorRef.current = editor;
        nameSides();
        editor.onDidUpdateDiff(nameSides);
        onMount?.(editor, monaco);
      }}
      {...props}
    />
  );
}
