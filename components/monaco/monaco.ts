/**
 * THE Monaco setup of Strata (ARCHITECTURE.md "Monaco offline"). Everything that renders Monaco imports it from
 * here, and only from client-only code (`CodeEditor` / `CodeDiffEditor` load it with `next/dynamic({ssr:false})`).
 *
 * - Monaco comes from our own bundle: `loader.config({ monaco })` hands @monaco-editor/react this module, so its
 *   loader never injects the CDN script it uses by default.
 * - Slim entry points: the bare `editor.api` plus only the editor features and the one language (YAML) we use,
 *   instead of `monaco-editor` (every language, every language service: ~15 MB of static output instead of ~6 MB).
 * - Workers come from our origin: `new Worker(new URL(<package path>, import.meta.url))` is the form Turbopack (and
 *   webpack) recognise and emit as a separate worker chunk under /_next/static.
 */
import { loader } from "@monaco-editor/react";
import * as monaco from "monaco-editor/esm/vs/editor/editor.api";

// Editor features (the subset of editor.all.js an operator editing YAML needs).
import "monaco-editor/esm/vs/editor/browser/coreCommands";
import "monaco-editor/esm/vs/editor/browser/widget/diffEditor/diffEditor.contribution";
import "monaco-editor/esm/vs/editor/contrib/bracketMatching/browser/bracketMatching";
import "monaco-editor/esm/vs/editor/contrib/clipboard/browser/clipboard";
import "monaco-editor/esm/vs/editor/contrib/codeAction/browser/codeActionContributions";
import "monaco-editor/esm/vs/editor/contrib/comment/browser/comment";
import "monaco-editor/esm/vs/editor/contrib/contextmenu/browser/contextmenu";
import "monaco-editor/esm/vs/editor/contrib/cursorUndo/browser/cursorUndo";
import "monaco-editor/esm/vs/editor/contrib/find/browser/findController";
import "monaco-editor/esm/vs/editor/contrib/folding/browser/folding";
import "monaco-editor/esm/vs/editor/contrib/format/browser/formatActions";
import "monaco-editor/esm/vs/editor/contrib/gotoError/browser/gotoError";
import "monaco-editor/esm/vs/editor/contrib/hover/browser/hoverContribution";
import "monaco-editor/esm/vs/editor/contrib/indentation/browser/indentation";
import "monaco-editor/esm/vs/editor/contrib/linesOperations/browser/linesOperations";
import "monaco-editor/esm/vs/editor/contrib/multicursor/browser/multicursor";
import "monaco-editor/esm/vs/editor/contrib/readOnlyMessage/browser/contribution";
import "monaco-editor/esm/vs/editor/contrib/smartSelect/browser/smartSelect";
import "monaco-editor/esm/vs/editor/contrib/snippet/browser/snippetController2";
import "monaco-editor/esm/vs/editor/contrib/suggest/browser/suggestController";
// Ctrl+M: Tab moves focus instead of indenting (keyboard users must be able to leave the editor).
import "monaco-editor/esm/vs/editor/contrib/toggleTabFocusMode/browser/toggleTabFocusMode";
import "monaco-editor/esm/vs/editor/contrib/unicodeHighlighter/browser/unicodeHighlighter";
import "monaco-editor/esm/vs/editor/contrib/wordHighlighter/browser/wordHighlighter";
import "monaco-editor/esm/vs/editor/contrib/wordOperations/browser/wordOperations";
import "monaco-editor/esm/vs/editor/standalone/browser/quickAccess/standaloneGotoLineQuickAccess";
import "monaco-editor/esm/vs/editor/common/standaloneStrings";
import "monaco-editor/esm/vs/base/browser/ui/codicons/codiconStyles";
// Languages: YAML highlighting (Monarch tokens). Schema completion/hover come from monaco-yaml (./yaml.ts).
import "monaco-editor/esm/vs/basic-languages/yaml/yaml.contribution";

export type Monaco = typeof monaco;

declare global {
  interface Window {
    MonacoEnvironment?: monaco.Environment;
  }
}

window.MonacoEnvironment = {
  getWorker(_workerId: string, label: string): Worker {
    // Each `new Worker(new URL(...))` must be written out literally for the bundler to see and emit the chunk.
    switch (label) {
      case "yaml":
        return new Worker(new URL("./workers/yaml.worker.ts", import.meta.url), { name: "monaco-yaml" });
      default:
        return new Worker(new URL("./workers/editor.worker.ts", import.meta.url), { name: "monaco-editor" });
    }
  },
};

/**
 * Strata's editor themes: Monaco's vs / vs-dark with the UI language's severity colours (errors red, warnings
 * amber, conflicts violet — conflicts are Info markers, see components/manifest-editor/markers.ts) and the app's
 * surfaces. Hex mirrors of the tokens in app/globals.css (Monaco's canvas and theme service need literal colours).
 */
export const STRATA_THEMES = { light: "strata-light", dark: "strata-dark" } as const;

monaco.editor.defineTheme(STRATA_THEMES.light, {
  base: "vs",
  inherit: true,
  rules: [],
  colors: {
    "editor.background": "#ffffff",
    "editorGutter.background": "#ffffff",
    "editorError.foreground": "#dc2626", // red-600 (--error)
    "editorWarning.foreground": "#d97706", // amber-600: amber-500 is too faint as a 1px squiggle on white
    "editorInfo.foreground": "#7c3aed", // violet-600 (--conflict)
    "editorOverviewRuler.errorForeground": "#dc2626",
    "editorOverviewRuler.warningForeground": "#f59e0b",
    "editorOverviewRuler.infoForeground": "#7c3aed",
    "editorMarkerNavigationError.background": "#dc2626",
    "editorMarkerNavigationWarning.background": "#f59e0b",
    "editorMarkerNavigationInfo.background": "#7c3aed",
    "editorLineNumber.foreground": "#a1a1aa", // zinc-400
    "editorLineNumber.activeForeground": "#3f3f46", // zinc-700
  },
});

monaco.editor.defineTheme(STRATA_THEMES.dark, {
  base: "vs-dark",
  inherit: true,
  rules: [],
  colors: {
    "editor.background": "#18181b", // zinc-900 (--card)
    "editorGutter.background": "#18181b",
    "editorError.foreground": "#f87171", // red-400
    "editorWarning.foreground": "#fbbf24", // amber-400
    "editorInfo.foreground": "#a78bfa", // violet-400
    "editorOverviewRuler.errorForeground": "#f87171",
    "editorOverviewRuler.warningForeground": "#fbbf24",
    "editorOverviewRuler.infoForeground": "#a78bfa",
    "editorMarkerNavigationError.background": "#f87171",
    "editorMarkerNavigationWarning.background": "#fbbf24",
    "editorMarkerNavigationInfo.background": "#a78bfa",
    "editorLineNumber.foreground": "#52525b", // zinc-600
    "editorLineNumber.activeForeground": "#d4d4d8", // zinc-300
  },
});

loader.config({ monaco });

export { monaco };
