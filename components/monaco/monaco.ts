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
import { STRATA_THEME_COLORS, STRATA_THEMES, tokenRules } from "./themes";

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

// Strata's editor themes; the colours and their contrast rules live in ./themes.ts (docs/ui.md, "Accessibility").
export { STRATA_THEMES } from "./themes";
monaco.editor.defineTheme(STRATA_THEMES.light, { base: "vs", inherit: true, rules: tokenRules("light"), colors: STRATA_THEME_COLORS.light });
monaco.editor.defineTheme(STRATA_THEMES.dark, { base: "vs-dark", inherit: true, rules: tokenRules("dark"), colors: STRATA_THEME_COLORS.dark });

loader.config({ monaco });

export { monaco };
