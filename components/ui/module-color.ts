/**
 * Module identity colour: every view that shows modules side by side (overlay, layer stack, dependency graph)
 * colours a module the same way, derived only from its name, so it is stable across pages, sessions and users.
 *
 * FNV-1a (32-bit) over the UTF-8 bytes of the name, modulo a fixed palette of 16 hues. With 16 hues two modules
 * in a large template will share a colour now and then; the name is always shown next to the colour.
 * Changing the palette order re-colours every module: append, never reorder.
 */

export interface ModuleHue {
  /** Tailwind hue name; the CSS variables `--module-<name>-{bg,fg,border,solid}` live in app/globals.css. */
  name: string;
  /** Tailwind 500 shade: readable as a fill on both light and dark backgrounds. */
  hex: string;
  /** The 600 shade (for drawing on a light background) and the 400 shade (on a dark one), for canvases. */
  hexOnLight: string;
  hexOnDark: string;
}

export const MODULE_PALETTE: readonly ModuleHue[] = [
  { name: "red", hex: "#fb2c36", hexOnLight: "#e7000b", hexOnDark: "#ff6467" },
  { name: "orange", hex: "#ff6900", hexOnLight: "#f54900", hexOnDark: "#ff8904" },
  { name: "amber", hex: "#fe9a00", hexOnLight: "#e17100", hexOnDark: "#ffb900" },
  { name: "lime", hex: "#7ccf00", hexOnLight: "#5ea500", hexOnDark: "#9ae600" },
  { name: "green", hex: "#00c950", hexOnLight: "#00a63e", hexOnDark: "#05df72" },
  { name: "emerald", hex: "#00bc7d", hexOnLight: "#009966", hexOnDark: "#00d492" },
  { name: "teal", hex: "#00bba7", hexOnLight: "#009689", hexOnDark: "#00d5be" },
  { name: "cyan", hex: "#00b8db", hexOnLight: "#0092b8", hexOnDark: "#00d3f2" },
  { name: "sky", hex: "#00a6f4", hexOnLight: "#0084d1", hexOnDark: "#00bcff" },
  { name: "blue", hex: "#2b7fff", hexOnLight: "#155dfc", hexOnDark: "#51a2ff" },
  { name: "indigo", hex: "#615fff", hexOnLight: "#4f39f6", hexOnDark: "#7c86ff" },
  { name: "violet", hex: "#8e51ff", hexOnLight: "#7f22fe", hexOnDark: "#a684ff" },
  { name: "purple", hex: "#ad46ff", hexOnLight: "#9810fa", hexOnDark: "#c27aff" },
  { name: "fuchsia", hex: "#e12afb", hexOnLight: "#c800de", hexOnDark: "#ed6aff" },
  { name: "pink", hex: "#f6339a", hexOnLight: "#e60076", hexOnDark: "#fb64b6" },
  { name: "rose", hex: "#ff2056", hexOnLight: "#ec003f", hexOnDark: "#ff637e" },
];

export interface ModuleColor {
  /** Palette index (0–15). */
  index: number;
  /** Hue name, e.g. "teal". */
  hue: string;
  /**
   * Theme-aware CSS colour values (`var(--module-teal-bg)` ...): use them in `style` or SVG attributes.
   * `bg` is a light tint in light mode and a deep shade in dark mode; `fg` is readable on `bg`.
   */
  bg: string;
  fg: string;
  border: string;
  /** Saturated fill for dots, graph nodes and bars (theme-aware). */
  solid: string;
  /** The 500 shade as a hex string, for canvases, minimaps and anything that cannot resolve CSS variables. */
  hex: string;
}

const FNV_OFFSET_BASIS = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
const encoder = new TextEncoder();

/** 32-bit FNV-1a hash of the UTF-8 bytes of `input`, as an unsigned integer. */
export function fnv1a32(input: string): number {
  let hash = FNV_OFFSET_BASIS;
  for (const byte of encoder.encode(input)) {
    hash ^= byte;
    hash = Math.imul(hash, FNV_PRIME) >>> 0;
  }
  return hash >>> 0;
}

export function moduleColorIndex(name: string): number {
  return fnv1a32(name) % MODULE_PALETTE.length;
}

/** The stable identity colour of a module name (`"nginx"` → always the same hue). */
export function moduleColor(name: string): ModuleColor {
  const index = moduleColorIndex(name);
  // noUncheckedIndexedAccess: the modulo keeps index in range; fall back to the first hue to satisfy the type.
  const hue = MODULE_PALETTE[index] ?? MODULE_PALETTE[0]!;
  return {
    index,
    hue: hue.name,
    bg: `var(--module-${hue.name}-bg)`,
    fg: `var(--module-${hue.name}-fg)`,
    border: `var(--module-${hue.name}-border)`,
    solid: `var(--module-${hue.name}-solid)`,
    hex: hue.hex,
  };
}

/** Inline style for a module chip / layer row: `<span style={moduleColorStyle(name)}>`. */
export function moduleColorStyle(name: string): { backgroundColor: string; color: string; borderColor: string } {
  const c = moduleColor(name);
  return { backgroundColor: c.bg, color: c.fg, borderColor: c.border };
}
