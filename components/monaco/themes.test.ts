import { describe, expect, it } from "vitest";
import { CODE_BACKGROUNDS, contrastRatio, GUTTER_BACKGROUNDS, STRATA_THEME_COLORS, STRATA_TOKEN_COLORS, type StrataThemeName } from "./themes";

// WCAG AA for text (docs/ui.md, "Accessibility"): line numbers and code read at 4.5:1 on the gutter, the editor, the
// selection and the diff editor's changed lines, in both Strata editor themes.
const AA_TEXT = 4.5;

describe.each(["light", "dark"] as StrataThemeName[])("the strata-%s Monaco theme", (theme) => {
  const colors = STRATA_THEME_COLORS[theme];
  const color = (key: string) => {
    const value = colors[key];
    if (!value) throw new Error(`${theme} theme has no ${key}`);
    return value;
  };

  const lineNumbers = ["editorLineNumber.foreground", "editorLineNumber.activeForeground"].flatMap((fg) => GUTTER_BACKGROUNDS.map((bg) => [fg, bg]));
  it.each(lineNumbers)("%s reads on %s", (fg, bg) => {
    expect(contrastRatio(color(fg), color(bg))).toBeGreaterThanOrEqual(AA_TEXT);
  });

  const code = [["editor.foreground", color("editor.foreground")], ...Object.entries(STRATA_TOKEN_COLORS[theme])];
  it.each(code.flatMap(([token, fg]) => CODE_BACKGROUNDS.map((bg) => [token, fg, bg])))("%s (%s) reads on %s", (_token, fg, bg) => {
    expect(contrastRatio(fg!, color(bg!))).toBeGreaterThanOrEqual(AA_TEXT);
  });
});

describe("contrastRatio", () => {
  it("measures black on white as 21:1 and a colour on itself as 1:1", () => {
    expect(contrastRatio("#000000", "#ffffff")).toBeCloseTo(21, 5);
    expect(contrastRatio("#71717a", "#71717a")).toBe(1);
  });
});
