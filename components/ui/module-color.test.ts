import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

import { MODULE_PALETTE, fnv1a32, moduleColor, moduleColorIndex } from "./module-color";

describe("fnv1a32", () => {
  it("matches the reference FNV-1a 32-bit vectors", () => {
    expect(fnv1a32("")).toBe(0x811c9dc5);
    expect(fnv1a32("a")).toBe(0xe40c292c);
    expect(fnv1a32("foobar")).toBe(0xbf9cf968);
  });

  it("hashes UTF-8 bytes, not UTF-16 code units", () => {
    // "é" is two UTF-8 bytes (0xc3 0xa9); hashing them by hand must give the same value.
    let h = 0x811c9dc5;
    for (const b of [0xc3, 0xa9]) {
      h ^= b;
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    expect(fnv1a32("é")).toBe(h);
  });
});

describe("moduleColor", () => {
  it("is stable for a name and covers the palette", () => {
    expect(moduleColor("nginx")).toEqual(moduleColor("nginx"));
    const seen = new Set<number>();
    for (let i = 0; i < 500; i++) seen.add(moduleColorIndex(`module-${i}`));
    expect(seen.size).toBe(MODULE_PALETTE.length);
  });

  it("returns theme-aware CSS variables and a hex fallback", () => {
    const c = moduleColor("chrony");
    const hue = MODULE_PALETTE[c.index];
    expect(hue?.name).toBe(c.hue);
    expect(c.bg).toBe(`var(--module-${c.hue}-bg)`);
    expect(c.fg).toBe(`var(--module-${c.hue}-fg)`);
    expect(c.border).toBe(`var(--module-${c.hue}-border)`);
    expect(c.hex).toMatch(/^#[0-9a-f]{6}$/);
  });

  it("has 16 distinct hues", () => {
    expect(MODULE_PALETTE).toHaveLength(16);
    expect(new Set(MODULE_PALETTE.map((h) => h.name)).size).toBe(16);
    expect(new Set(MODULE_PALETTE.map((h) => h.hex)).size).toBe(16);
  });

  it("has every palette variable defined for light and dark in app/globals.css", () => {
    const css = readFileSync(path.resolve(import.meta.dirname, "../../app/globals.css"), "utf8");
    for (const { name } of MODULE_PALETTE) {
      for (const part of ["bg", "fg", "border", "solid"]) {
        const occurrences = css.split(`--module-${name}-${part}:`).length - 1;
        expect(occurrences, `--module-${name}-${part}`).toBe(2);
      }
    }
  });
});
