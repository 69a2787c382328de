"use client";

/**
 * The app's Monaco editors. Client-only: Monaco touches `window` and its bundle (~2 MB of the editor plus workers)
 * loads on first use, never during SSR or for pages without an editor.
 *
 *   <CodeEditor path="file:///x.yaml" language="yaml" defaultValue={text} onMount={(editor, monaco) => …} />
 *   <CodeDiffEditor original={a} modified={b} language="yaml" />
 *
 * Both accept every @monaco-editor/react prop; the theme follows the app (next-themes). To reach the `monaco`
 * namespace, use the `onMount`/`beforeMount` callbacks (never import monaco-editor from a server-reachable module).
 */
import dynamic from "next/dynamic";
import { EditorSkeleton } from "./editor-skeleton";

export const CodeEditor = dynamic(() => import("./code-editor-impl").then((m) => m.CodeEditorImpl), {
  ssr: false,
  loading: () => <EditorSkeleton />,
});

export const CodeDiffEditor = dynamic(() => import("./code-editor-impl").then((m) => m.CodeDiffEditorImpl), {
  ssr: false,
  loading: () => <EditorSkeleton />,
});

export type { Monaco } from "./monaco";
export type { DiffEditorProps as CodeDiffEditorProps, EditorProps as CodeEditorProps, OnMount } from "@monaco-editor/react";
export { EditorSkeleton } from "./editor-skeleton";
