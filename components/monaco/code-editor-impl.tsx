"use client";

import { DiffEditor, Editor, type DiffEditorProps, type EditorProps } from "@monaco-editor/react";
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

export function CodeDiffEditorImpl({ options, theme, loading, ...props }: DiffEditorProps) {
  const monacoTheme = useMonacoTheme();
  return (
    <DiffEditor
      theme={theme ?? monacoTheme}
      loading={loading ?? <EditorSkeleton />}
      options={{ ...BASE_EDITOR_OPTIONS, renderSideBySide: true, originalEditable: false, ...options }}
      {...props}
    />
  );
}
