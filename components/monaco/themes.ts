/**
 * The colours of Strata's Monaco themes (docs/ui.md, "Accessibility"): Monaco's vs / vs-dark with the UI language's
 * severity colours (errors red, warnings amber, conflicts violet — conflicts are Info markers, see
 * components/manifest-editor/markers.ts) and the app's surfaces. Hex mirrors of the tokens in app/globals.css
 * (Monaco's canvas and theme service need literal colours). Line numbers, the gutter and the selection keep WCAG AA
 * contrast (4.5:1 for text) in both themes, and so do the syntax colours on every background code is shown on
 * (selection, diff lines); `themes.test.ts` measures it, so a new colour can't slip below.
 */
export const STRATA_THEMES = { light: "strata-light", dark: "strata-dark" } as const;

export type StrataThemeName = keyof typeof STRATA_THEMES;

/** The backgrounds code is read on: every token colour keeps 4.5:1 on each (themes.test.ts). */
export const CODE_BACKGROUNDS = [
  "editor.background",
  "editor.selectionBackground",
  "editor.inactiveSelectionBackground",
  "diffEditor.insertedLineBackground",
  "diffEditor.insertedTextBackground",
  "diffEditor.removedLineBackground",
  "diffEditor.removedTextBackground",
] as const;

/** The backgrounds line numbers are read on: the gutter, and the diff editor's changed lines. */
export const GUTTER_BACKGROUNDS = ["editorGutter.background", "diffEditor.insertedLineBackground", "diffEditor.removedLineBackground"] as const;

export const STRATA_THEME_COLORS: Record<StrataThemeName, Record<string, string>> = {
  light: {
    "editor.background": "#ffffff",
    "editor.foreground": "#18181b", // zinc-900 (--foreground)
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
    "editorLineNumber.foreground": "#52525b", // zinc-600 (--muted-foreground)
    // The diff editor dims the line numbers of unchanged lines; dimmed must still read at AA.
    "editorLineNumber.dimmedForeground": "#52525b",
    "editorLineNumber.activeForeground": "#09090b", // zinc-950
    "editor.selectionBackground": "#dbeafe", // blue-100
    "editor.inactiveSelectionBackground": "#e4e4e7", // zinc-200
    "diffEditor.insertedLineBackground": "#f0fdf4", // green-50
    "diffEditor.insertedTextBackground": "#dcfce7", // green-100
    "diffEditor.removedLineBackground": "#fef2f2", // red-50
    "diffEditor.removedTextBackground": "#fee2e2", // red-100
  },
  dark: {
    "editor.background": "#18181b", // zinc-900 (--card)
    "editor.foreground": "#e4e4e7", // zinc-200
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
    "editorLineNumber.foreground": "#a1a1aa", // zinc-400 (--muted-foreground)
    "editorLineNumber.dimmedForeground": "#a1a1aa",
    "editorLineNumber.activeForeground": "#fafafa", // zinc-50
    "editor.selectionBackground": "#1e3a8a", // blue-900
    "editor.inactiveSelectionBackground": "#3f3f46", // zinc-700
    "diffEditor.insertedLineBackground": "#132a1c",
    "diffEditor.insertedTextBackground": "#1a3d27",
    "diffEditor.removedLineBackground": "#2d1416",
    "diffEditor.removedTextBackground": "#4a1d20",
  },
};

/**
 * Token colours of the YAML grammar (keys are `type`, scalars `string`/`number`/`keyword`): the vs / vs-dark hues,
 * darkened (light) or lightened (dark) until they keep 4.5:1 on every code background above.
 */
export const STRATA_TOKEN_COLORS: Record<StrataThemeName, Record<string, string>> = {
  light: {
    comment: "#166534", // green-800
    string: "#a31515",
    keyword: "#1e40af", // blue-800
    number: "#065f46", // emerald-800
    type: "#155e75", // cyan-800
    tag: "#7e22ce", // purple-700
    "meta.directive": "#7e22ce",
    operators: "#3f3f46", // zinc-700
    delimiter: "#3f3f46",
  },
  dark: {
    comment: "#86efac", // green-300
    string: "#fdba74", // orange-300
    keyword: "#93c5fd", // blue-300
    number: "#bef264", // lime-300
    type: "#67e8f9", // cyan-300
    tag: "#d8b4fe", // purple-300
    "meta.directive": "#d8b4fe",
    operators: "#d4d4d8", // zinc-300
    delimiter: "#d4d4d8",
  },
};

/** Monaco's `rules` for a theme (colours without the leading #). */
export function tokenRules(theme: StrataThemeName): { token: string; foreground: string }[] {
  return Object.entries(STRATA_TOKEN_COLORS[theme]).map(([token, color]) => ({ token, foreground: color.slice(1) }));
}

/** WCAG 2 relative luminance of a `#rrggbb` colour. */
function luminance(hex: string): number {
  const match = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!match) throw new Error(`not a #rrggbb colour: ${hex}`);
  const [r, g, b] = match.slice(1).map((part) => {
    const c = parseInt(part, 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG 2 contrast ratio of two `#rrggbb` colours (1 to 21). */
export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}
